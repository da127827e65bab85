"""A BibTeX entry per paper, `@misc` with the arXiv eprint fields when the id is an arXiv id.

Text goes through pylatexenc, so braces, LaTeX specials (& % $ # _) and accents come out as
LaTeX (`{\\"e}`); a character LaTeX has no name for (CJK, say) is kept as it is, for biber and
Unicode-aware BibTeX to print.
"""

from __future__ import annotations

import re

from pylatexenc.latexencode import UnicodeToLatexEncoder
from slugify import slugify

from generator.archive.model import Paper
from generator.site import authors

_ENCODER = UnicodeToLatexEncoder(
    non_ascii_only=False,
    replacement_latex_protection="braces-all",
    unknown_char_policy="keep",
    unknown_char_warning=False,
)
_ARXIV_YEAR = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}$")
# Words that make a poor citation key.
_SMALL_WORDS = frozenset({"a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "is"})


def _encode(text: str) -> str:
    return str(_ENCODER.unicode_to_latex(text))


# The characters the encoder leaves as they are: most titles and names are made of nothing else,
# and skipping the encoder for them halves the time a paper page takes to render.
_KEPT = frozenset(c for c in map(chr, range(32, 127)) if _encode(c) == c)


def latex(text: str) -> str:
    return text if _KEPT.issuperset(text) else _encode(text)


def year_of(paper: Paper) -> int:
    """The arXiv id's year (2505.24864: 2025) when there is one, else the first day listed."""
    found = _ARXIV_YEAR.match(paper.id) if paper.listing.arxiv else None
    return 2000 + int(found.group(1)) if found else paper.first_day.year


def citation_key(paper: Paper) -> str:
    """`lastname2025word`: the first author's last name, the year, the title's first word."""
    listing = paper.listing
    author = slugify(listing.authors[0].split()[-1], separator="") if listing.authors else ""
    words = (slugify(word, separator="") for word in listing.title.split())
    word = next((w for w in words if w and w not in _SMALL_WORDS), "paper")
    return f"{author or 'anon'}{year_of(paper)}{word}"


def _author(name: str) -> str:
    # " and " separates authors in BibTeX: a name holding it is kept whole in braces.
    encoded = latex(name)
    return f"{{{encoded}}}" if " and " in f" {name.lower()} " else encoded


def bibtex(paper: Paper, page_url: str) -> str:
    """The entry for `paper`; `page_url` is cited when the paper has no arXiv id."""
    listing = paper.listing
    fields = [("title", latex(listing.title))]
    if listing.authors:
        # A paper page names its first authors only (site.authors): BibTeX's "and others"
        # stands for the rest, which styles print as "et al.".
        names = [_author(name) for name in authors.shown(listing.authors)]
        names += ["others"] if authors.hidden_count(listing.authors) else []
        fields.append(("author", " and ".join(names)))
    fields.append(("year", str(year_of(paper))))
    if listing.arxiv:
        fields += [
            ("eprint", paper.id),
            ("archivePrefix", "arXiv"),
            ("url", f"https://arxiv.org/abs/{paper.id}"),
        ]
    else:
        fields.append(("url", page_url))
    width = max(len(name) for name, _ in fields)
    lines = [f"  {name.ljust(width)} = {{{value}}}," for name, value in fields]
    return "\n".join([f"@misc{{{citation_key(paper)},", *lines, "}"])


# The entries paper.js can write in the browser from the page's citation_* tags, letter for
# letter as `bibtex` does, so that 50,000 pages need not carry them (25 MB): titles and names
# of plain words (no LaTeX to encode, no " and " in a name, single spaces), whose key the
# script's simpler slug gives too. Any other entry stays in the page.
_PLAIN = re.compile(r"[A-Za-z0-9.,:;!?()'/+-]+(?: [A-Za-z0-9.,:;!?()'/+-]+)*")


def _script_slug(word: str) -> str:
    return re.sub(r"[^a-z0-9]", "", word.lower())


def _script_key(paper: Paper) -> str:
    """The key as paper.js makes it (see `citation_key`)."""
    listing = paper.listing
    author = _script_slug(listing.authors[0].split(" ")[-1]) if listing.authors else ""
    words = (_script_slug(word) for word in listing.title.split(" "))
    word = next((w for w in words if w and w not in _SMALL_WORDS), "paper")
    return f"{author or 'anon'}{year_of(paper)}{word}"


def script_writes_bibtex(paper: Paper) -> bool:
    """Whether paper.js gives this paper's entry exactly (then the page leaves it out)."""
    listing = paper.listing
    names = authors.shown(listing.authors)  # the entry's names: those the page carries
    texts = (listing.title, *names)
    return (
        listing.arxiv
        and _ARXIV_YEAR.match(paper.id) is not None
        and all(_PLAIN.fullmatch(text) and _KEPT.issuperset(text) for text in texts)
        and not any(" and " in f" {name.lower()} " for name in names)
        and _script_key(paper) == citation_key(paper)
    )
