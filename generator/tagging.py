"""Tagging: which tags a paper gets automatically."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Protocol

from generator.model import Listing, Tag
from generator.taxonomy import Rule, Taxonomy, normalise_keyword
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


class RuleTagger:
    """Tags from the rules of the vocabulary in `content/tags.yml` (see generator.taxonomy)."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy

    def tags_for(self, listing: Listing) -> frozenset[str]:
        keywords = frozenset(normalise_keyword(k) for k in listing.ai_keywords)
        return frozenset(
            rule.slug
            for rule in self.taxonomy.rules
            if _matches(rule, listing.title, listing.abstract, keywords)
        )

    def vocabulary(self) -> dict[str, Tag]:
        return self.taxonomy.tags


def _matches(rule: Rule, title: str, abstract: str, keywords: frozenset[str]) -> bool:
    if rule.ignore is not None:
        title, abstract = rule.ignore.sub(" ", title), rule.ignore.sub(" ", abstract)
    if rule.unless is not None and (rule.unless.search(title) or rule.unless.search(abstract)):
        return False
    if rule.keywords & keywords:
        return True
    if rule.title is not None and rule.title.search(title):
        return True
    if rule.abstract_any is not None and rule.abstract_any.search(abstract):
        return True
    return rule.abstract is not None and _at_least(rule.abstract, abstract, rule.min_abstract)


def _at_least(pattern: re.Pattern[str], text: str, count: int) -> bool:
    for seen, _ in enumerate(pattern.finditer(text), start=1):
        if seen >= count:
            return True
    return False
