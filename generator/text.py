"""Small text helpers shared by the readers and the renderer."""

from __future__ import annotations

import hashlib
import re

from slugify import slugify

_SPACE = re.compile(r"\s+")
# arXiv identifiers: new style (2505.24864, optional version) and old style (cs/0112017).
_ARXIV_ID = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[\"'])")


def normalise_space(text: str) -> str:
    """Collapse runs of white space (hard line breaks included) into single spaces."""
    return _SPACE.sub(" ", text).strip()


def is_arxiv_id(value: str) -> bool:
    return bool(_ARXIV_ID.match(value))


def strip_arxiv_version(arxiv_id: str) -> str:
    return re.sub(r"v\d+$", "", arxiv_id)


def title_id(title: str) -> str:
    """A stable id for a paper without an arXiv id: the slug of its normalised title, or, for a
    title with nothing to slug (":"), a hash of it: an id is never empty."""
    normalised = normalise_space(title)
    slug = slugify(normalised, max_length=80, word_boundary=True)
    if slug:
        return slug
    return "paper-" + hashlib.blake2b(normalised.encode(), digest_size=6).hexdigest()


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
