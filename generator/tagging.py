"""Tagging: which tags a paper gets automatically."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Protocol

from generator.model import Listing, Tag
from generator.text import tag_slug


class Tagger(Protocol):
    def tags_for(self, listing: Listing) -> frozenset[str]: ...

    def vocabulary(self) -> dict[str, Tag]: ...


class KeywordTagger:
    """Tags from the source's `ai_keywords`, normalised; used while no taxonomy exists.

    Only keywords shared by `minimum` papers become tags, so tag pages are worth visiting.
    """

    def __init__(self, listings: Iterable[Listing], minimum: int = 3) -> None:
        names: dict[str, Counter[str]] = {}
        papers: Counter[str] = Counter()
        for listing in listings:
            for slug, name in {tag_slug(k): k for k in listing.ai_keywords}.items():
                if slug:
                    papers[slug] += 1
                    names.setdefault(slug, Counter())[name] += 1
        self._tags = {
            slug: Tag(slug=slug, name=names[slug].most_common(1)[0][0], family="Keywords")
            for slug, count in papers.items()
            if count >= minimum
        }

    def tags_for(self, listing: Listing) -> frozenset[str]:
        slugs = (tag_slug(keyword) for keyword in listing.ai_keywords)
        return frozenset(slug for slug in slugs if slug in self._tags)

    def vocabulary(self) -> dict[str, Tag]:
        return dict(sorted(self._tags.items()))
