"""Untrusted text (titles, abstracts, names) made safe to show: always text, never HTML.

Math between dollar signs becomes MathML at build time, so formulas display without a script
or an outside request; the MathML passes an allow-list sanitizer before it reaches a page.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from latex2mathml.converter import convert
from markupsafe import Markup, escape

# $$display$$ or $inline$: an opening $ followed by non-space, a closing $ after non-space and
# not before a digit ("costs $5 and $10" is not math), as pandoc reads TeX math.
_MATH = re.compile(
    r"(?<![\\$])\$\$(?P<display>[^$]+?)\$\$|(?<![\\$\w])\$(?=\S)(?P<inline>[^$\n]+?)(?<=\S)\$(?!\d)"
)
# C0 controls other than white space: Markdown uses some as internal placeholders.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_MATHML_TAGS = {
    "math", "mrow", "mi", "mn", "mo", "ms", "msup", "msub", "msubsup", "mfrac", "msqrt",
    "mroot", "mtext", "mspace", "mtable", "mtr", "mtd", "mover", "munder", "munderover",
    "mstyle", "mpadded", "mphantom", "menclose", "merror", "semantics", "annotation",
}  # fmt: skip
_MATHML_ATTRIBUTES = {
    "mathvariant", "stretchy", "display", "fence", "separator", "lspace", "rspace", "accent",
    "accentunder", "linethickness", "displaystyle", "scriptlevel", "columnalign", "width",
    "height", "depth", "notation", "movablelimits", "minsize", "maxsize", "symmetric",
    "largeop", "form",
}  # fmt: skip


def clean(text: str) -> str:
    """Drop control characters that have no place in displayed text."""
    return _CONTROLS.sub("", text)


def plain(text: str) -> Markup:
    """Text shown exactly as written."""
    return escape(clean(text))


# TeX's text commands, which sources leave in abstracts outside any math ("\textbf{43.2}",
# "\url{https://...}", "\href{url}{text}": 24 of 6,491 real abstracts): their text is shown.
_TEXT_COMMAND = re.compile(
    r"\\(?:textbf|textit|textsc|texttt|textrm|textsf|emph|underline|url)\{([^{}]*)\}"
)
_HREF = re.compile(r"\\href\{([^{}]*)\}\{([^{}]*)\}")


# Passes over a text, each taking off one level of nested commands: real abstracts nest two
# at most, and a hostile one nesting thousands would cost a pass per level (seconds each).
_TEX_LEVELS = 3


def _readable(text: str) -> str:
    """Text with TeX's text commands replaced by their text (a link by its text and address),
    the innermost first: \\textbf{a \\emph{b}} is "a b"; deeper than _TEX_LEVELS, as written."""
    for _ in range(_TEX_LEVELS):
        if "\\" not in text:
            break
        done = _HREF.sub(lambda found: f"{found[2]} ({found[1]})", text)
        done = _TEXT_COMMAND.sub(r"\1", done)
        if done == text:
            break
        text = done
    return text


def rich(text: str) -> Markup:
    """Text shown as written, except that TeX math displays as math and TeX's text commands
    (\\textbf{...}) as their text."""
    if "$" not in text and "\\" not in text:
        return plain(text)
    text = clean(text)
    parts: list[str] = []
    position = 0
    for match in _MATH.finditer(text):
        parts.append(escape(_readable(text[position : match.start()])))
        parts.append(
            _math(match.group(0), match["display"] or match["inline"], bool(match["display"]))
        )
        position = match.end()
    parts.append(escape(_readable(text[position:])))
    return Markup("".join(parts))


def has_math(text: str) -> bool:
    return bool(_MATH.search(text))


@lru_cache(maxsize=4096)
def _math(source: str, tex: str, display: bool) -> str:
    """MathML for `tex`, or the source as text when it cannot be converted."""
    try:
        mathml = convert(tex, display="block" if display else "inline")
    except Exception:  # latex2mathml raises many kinds on bad TeX; show the text instead
        return str(escape(source))
    sanitized = nh3.clean(
        mathml,
        tags=_MATHML_TAGS,
        attributes=dict.fromkeys(_MATHML_TAGS, _MATHML_ATTRIBUTES),
        url_schemes=set(),
    )
    return sanitized or str(escape(source))
