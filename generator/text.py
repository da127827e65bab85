"""Small text helpers shared by the readers and the renderer."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from slugify import slugify

_SPACE = re.compile(r"\s+")
# arXiv identifiers: new style (2505.24864, optional version) and old style (cs/0112017).
_ARXIV_ID = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[\"'])")


def normalise_space(text: str) -> str:
    """Collapse runs of white space (hard line breaks included) into single spaces."""
    return _SPACE.sub(" ", text).strip()


# A paper id is one or two path segments of letters, digits, '.', '_' and '-' (two for old-style
# arXiv ids, cs/0112017), each starting with a letter or digit: never '.', '..', '.hidden', an
# empty segment or white space. Its page is named by it (see site.urls.paper_name).
_PAPER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)?$")
MAX_ID_LENGTH = 120  # a file name holds 255 bytes: the page and its search document fit
_RESERVED_IDS = frozenset({"index"})  # papers/index.md would be the folder's own page


# Letters NFD does not split into a base letter and a mark (search.js folds them alike); \u0131
# is the dotless i.
_LETTERS = str.maketrans(
    {"\u0131": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"}
)


def fold(text: str) -> str:
    """Lower case without accents ("Schrödinger" is "schrodinger"), as search.js folds a query:
    Pagefind matches words so, and the title index must too."""
    if text.isascii():  # nearly every title: nothing to fold, and 50,000 of them per build
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))
    return plain.translate(_LETTERS)


_ARXIV_IN = re.compile(
    r"^(?:arxiv:|(?:https?://)?(?:www\.)?(?:arxiv\.org/(?:abs|pdf)|huggingface\.co/papers)/)?"
    r"(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?/?$",  # new and old ids
    re.IGNORECASE | re.ASCII,
)


def arxiv_id_in(value: str) -> str | None:
    """The arXiv id in "arXiv:2505.24864", "https://arxiv.org/abs/2505.24864v2" (the forms
    search.js reads too), a Hugging Face paper link or an old-style id ("hep-th/9901001");
    None for anything else."""
    found = _ARXIV_IN.match(value.strip())
    if not found:
        return None
    archive, slash, number = found.group(1).rpartition("/")
    if not slash:
        return number
    # An old-style id as arXiv writes it: "hep-th/9901001", "math.GT/0309136".
    name, dot, subject = archive.partition(".")
    return f"{name.lower()}{dot}{subject.upper()}/{number}"


def is_arxiv_id(value: str) -> bool:
    return bool(_ARXIV_ID.match(value))


def strip_arxiv_version(arxiv_id: str) -> str:
    """An arXiv id without its version (2505.24864v2: 2505.24864); any other id unchanged."""
    return re.sub(r"v\d+$", "", arxiv_id) if is_arxiv_id(arxiv_id) else arxiv_id


MAX_TITLE = 1000  # characters; real titles stay under 300, and a title is on every list page


def title_problem(title: str) -> str | None:
    """Why `title` cannot be a paper's title (None when it can): `check` and import agree."""
    if len(title) > MAX_TITLE:
        return f"'title' is {len(title):,} characters: at most {MAX_TITLE:,}"
    return None


# Bounds on a listing's other fields, far past anything real (abstracts reach 2,000 characters,
# author lists 664 names, upvotes a few hundred): one paper of 200,000 authors took a build past
# its 30 minutes. Import, fetch and `check` refuse what passes them, naming the field.
MAX_TEXT = 100_000  # characters of one text field
MAX_NAMES = 5_000  # authors (or keywords) of one paper
MAX_COUNT = 1_000_000_000  # upvotes, comments, stars
# C0 controls but tab and line breaks, and DEL: no text holds them (a NUL made invalid HTML).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_problem(key: str, value: str) -> str | None:
    """Why `value` cannot be the text of field `key` (None when it can)."""
    if len(value) > MAX_TEXT:
        return f"'{key}' is {len(value):,} characters: at most {MAX_TEXT:,}"
    found = _CONTROL.search(value)
    if found:
        return f"'{key}' holds a control character (U+{ord(found.group()):04X})"
    return None


def names_problem(key: str, count: int) -> str | None:
    if count > MAX_NAMES:
        return f"'{key}' holds {count:,} names: at most {MAX_NAMES:,}"
    return None


def count_problem(key: str, value: object) -> str | None:
    """Why `value` cannot be a count such as upvotes (None when it can): a day file and a
    source's answer are held to the same bounds."""
    if isinstance(value, bool) or not isinstance(value, int):
        return f"'{key}' should be a whole number of 0 or more, found {value!r}"
    if value < 0:
        return f"'{key}' is {value}: a count is 0 or more"
    if value > MAX_COUNT:
        return f"'{key}' is {value:,}: at most {MAX_COUNT:,}"
    return None


def without_controls(text: str) -> str:
    """`text` without the control characters `text_problem` refuses (a source's stray NUL)."""
    return _CONTROL.sub("", text)


def id_problem(paper_id: str) -> str | None:
    """Why `paper_id` cannot be a paper's id (None when it can): `check` and import agree."""
    if len(paper_id) > MAX_ID_LENGTH:
        return f"the id is {len(paper_id)} characters long; at most {MAX_ID_LENGTH} are allowed"
    if paper_id.lower() in _RESERVED_IDS:
        return f"'{paper_id}' is reserved for the papers' index page"
    if not _PAPER_ID.match(paper_id):
        return (
            f"id {paper_id!r} should be letters, digits, '.', '_' and '-' (and one '/' for "
            "old-style arXiv ids such as cs/0112017), starting with a letter or digit"
        )
    return None


def title_id(title: str) -> str:
    """A stable id for a paper without an arXiv id: the slug of its normalised title, or, for a
    title with nothing to slug (":"), a hash of it: an id is never empty."""
    normalised = normalise_space(title)
    slug = slugify(normalised, max_length=80, word_boundary=True)
    if slug and id_problem(slug) is None:  # not "index"
        return slug
    return "paper-" + hashlib.blake2b(normalised.encode(), digest_size=6).hexdigest()


def distinct_title_id(title: str) -> str:
    """A title's id told apart from a look-alike's ("A, B" and "a b" make one slug): the slug
    and a hash of the exact title."""
    exact = hashlib.blake2b(normalise_space(title).encode(), digest_size=4).hexdigest()
    return f"{title_id(title)}-{exact}"


def printable(text: str) -> str:
    """`text` on one line, every control or invisible character shown as an escape (\\n): safe
    to print into a log or a summary, where a line of its own could be a workflow command."""
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


def one_line(text: str) -> str:
    """A title or name on one line of a report: its whitespace runs as one space (a title's line
    breaks), then printable (an invisible character must not reorder what is shown)."""
    return printable(" ".join(text.split()))


def clipped(text: str, width: int) -> str:
    """printable(text), cut to `width` characters with "..." where it is cut."""
    line = printable(text)
    return line if len(line) <= width else line[: width - 3] + "..."


def counted(count: int, noun: str) -> str:
    """`counted(3, "paper")` is "3 papers", 1 is "1 paper" (the pages said "1 days")."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def tag_slug(name: str) -> str:
    """The normalised form tags are compared by."""
    return slugify(name)


def excerpt(text: str, limit: int = 300) -> str:
    """The first sentences of `text`, as many as fit in `limit` characters (at least one)."""
    # Nothing past 2 * limit can be kept: split only the start of long abstracts.
    sentences = _SENTENCE_END.split(text[: limit * 2 + 1])
    kept = sentences[0]
    for sentence in sentences[1:]:
        if len(kept) + 1 + len(sentence) > limit:
            break
        kept = f"{kept} {sentence}"
    if len(kept) > limit * 2:
        kept = kept[: limit * 2].rsplit(" ", 1)[0] + " …"
    return kept
