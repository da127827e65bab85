"""Tagging: which tags a paper gets automatically."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

from generator.archive.model import Day, Listing, Tag, text_key
from generator.archive.prefilter import Patterns, Scan, TriggerFinder
from generator.archive.taxonomy import Rule, Taxonomy, normalise_keyword
from generator.hashes import digest
from generator.parallel import parallel_map
from generator.text import tag_slug


class Tagger(Protocol):
    def tags_for(self, listing: Listing) -> frozenset[str]: ...

    def vocabulary(self) -> dict[str, Tag]: ...

    def fingerprint(self) -> bytes:
        """Changes whenever the tags it assigns could change."""
        ...


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

    def fingerprint(self) -> bytes:
        return digest(("keywords", sorted(self._tags)))


class TagCache(Protocol):
    """Automatic tags kept from an earlier build (its state), valid for one vocabulary: by day
    file revision (one set per paper of the day) and, for papers combined from several days,
    by text (model.text_key)."""

    day_tags: dict[str, tuple[frozenset[str], ...]]
    tags: dict[bytes, frozenset[str]]

    def use_vocabulary(self, vocabulary: bytes) -> None: ...
    def remember_day_tags(self, revision: str, tags: tuple[frozenset[str], ...]) -> None: ...
    def remember_tags(self, key: bytes, tags: frozenset[str]) -> None: ...
    def forget_tags_except(self, revisions: set[str], texts: set[bytes]) -> None: ...


def tag_papers(
    tagger: Tagger,
    days: Sequence[Day],
    combined: dict[str, Listing],
    cache: TagCache | None = None,
) -> dict[str, frozenset[str]]:
    """Automatic tags of every paper, by id, computed on all cores.

    A paper listed once is tagged from that listing, remembered with its day file's revision;
    one listed on several days is tagged from its combined listing (`combined`), remembered by
    its text.
    """
    if cache is not None:
        cache.use_vocabulary(tagger.fingerprint())
    by_day = cache.day_tags if cache is not None else {}
    by_text = cache.tags if cache is not None else {}
    several = list(combined.values())
    text_keys = {listing.id: text_key(listing) for listing in several}
    # Days without a revision (made in memory, not read from a file) are never remembered.
    known = [bool(day.revision) and day.revision in by_day for day in days]
    new_days = [day for day, is_known in zip(days, known, strict=True) if not is_known]
    new_texts = [listing for listing in several if text_keys[listing.id] not in by_text]
    todo = [listing for day in new_days for listing in day.papers] + new_texts
    # Papers share few distinct tag sets: one object each keeps a cache small.
    shared: dict[frozenset[str], frozenset[str]] = {}
    tagged = parallel_map(tagger.tags_for, todo, label="tagging")
    computed = (shared.setdefault(tags, tags) for tags in tagged)
    day_tags = [tuple(next(computed) for _ in day.papers) for day in new_days]
    text_tags = {text_keys[listing.id]: next(computed) for listing in new_texts}
    found: dict[str, frozenset[str]] = {}
    fresh = iter(day_tags)
    for day, is_known in zip(days, known, strict=True):
        tags = by_day[day.revision] if is_known else next(fresh)
        found.update(zip(day.paper_ids, tags, strict=True))
    for paper_id, key in text_keys.items():
        found[paper_id] = text_tags[key] if key in text_tags else by_text[key]
    if cache is not None:
        for day, each in zip(new_days, day_tags, strict=True):
            if day.revision:
                cache.remember_day_tags(day.revision, each)
        for key, one in text_tags.items():
            cache.remember_tags(key, one)
        cache.forget_tags_except({day.revision for day in days}, set(text_keys.values()))
    return found


class RuleTagger:
    """Tags from the rules of the vocabulary in `content/tags.yml` (see archive.taxonomy)."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._which = _RuleIndex(taxonomy.rules)

    def tags_for(self, listing: Listing) -> frozenset[str]:
        return frozenset(slug for slug, _ in self.explain(listing)[0])

    def explain(self, listing: Listing) -> tuple[list[tuple[str, Evidence]], list[Evidence]]:
        """Each tag given with the evidence that decided it, and the near misses."""
        found = self.evidence(listing)
        return found.given, found.misses

    def evidence(self, listing: Listing) -> RuleEvidence:
        """Everything the rules found in a paper: tags given, near misses, and the text read."""
        text = _Text(listing.title, listing.abstract, self.taxonomy.finder)
        keywords = frozenset(normalise_keyword(k) for k in listing.ai_keywords)
        rules = self.taxonomy.rules
        possible = self._which.possible(text, keywords)
        found = _decide_possible(rules, possible, text, keywords, anywhere=False)
        anywhere = not any(evidence is not None and evidence.given for evidence in found)
        if anywhere:
            # An untagged paper is lost to browsing: take later mentions too.
            found = _decide_possible(rules, possible, text, keywords, anywhere=True)
        given: list[tuple[str, Evidence]] = []
        for rule, evidence in zip(self.taxonomy.rules, found, strict=True):
            if evidence is not None and evidence.given:
                given += [(slug, evidence) for slug in (rule.slug, *rule.implies)]
        misses = [evidence for evidence in found if evidence is not None and not evidence.given]
        return RuleEvidence(given, misses, text, keywords, anywhere)

    def vocabulary(self) -> dict[str, Tag]:
        return self.taxonomy.tags

    def fingerprint(self) -> bytes:
        return digest((self.taxonomy.source_digest, _code_digest()))


def _decide_possible(
    rules: Sequence[Rule],
    possible: list[int],
    text: _Text,
    keywords: frozenset[str],
    anywhere: bool,
) -> list[Evidence | None]:
    """decide() for every rule, but only the `possible` ones are asked (the rest have none)."""
    found: list[Evidence | None] = [None] * len(rules)
    for index in possible:
        found[index] = decide(rules[index], text, keywords, anywhere)
    return found


class _RuleIndex:
    """Which rules can have any evidence in a paper, from its scans and keywords at once: a
    paper triggers a few of some 60 rules, and asking each of the rest cost a third of tagging.
    The same rules as _possible() passes, found from the other side."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._always: set[int] = set()
        self._in_title: dict[Patterns, list[int]] = {}
        self._in_abstract: dict[Patterns, list[int]] = {}
        self._keyword: dict[str, list[int]] = {}
        for index, rule in enumerate(rules):
            for field, where in (
                (rule.title, self._in_title), (rule.title_weak, self._in_title),
                (rule.abstract_any, self._in_abstract), (rule.abstract, self._in_abstract),
            ):  # fmt: skip
                if field is not None and field.always:  # an alternative without a trigger
                    self._always.add(index)
                if field is not None:
                    where.setdefault(field, []).append(index)
            for keyword in rule.keywords:
                self._keyword.setdefault(keyword, []).append(index)

    def possible(self, text: _Text, keywords: frozenset[str]) -> list[int]:
        """The indexes, in order, of the rules that _possible() lets through."""
        found = set(self._always)
        for scan, where in ((text.in_title, self._in_title), (text.in_abstract, self._in_abstract)):
            for patterns in scan.triggered():
                found.update(where.get(patterns, ()))
        for keyword in keywords:
            found.update(self._keyword.get(keyword, ()))
        return sorted(found)


@cache
def _code_digest() -> bytes:
    """The code that applies the rules: a change to it retags like a change to the rules."""
    package = Path(__file__).parent
    return digest([(package / name).read_bytes() for name in _TAGGING_CODE])


_TAGGING_CODE = ("tagging.py", "prefilter.py", "taxonomy.py")


# Abstracts say what a paper is about in their opening: a topic first named near the end is
# usually a use, a comparison or future work ("... and we release a benchmark"). On the hand
# labels, of the tags the abstract rules assigned, 70% of the right ones but 31% of the wrong ones
# were first named in the opening 30% of the abstract.
OPENING = 0.3


class _Text:
    """A paper's title and abstract, with which rule patterns may match each."""

    def __init__(self, title: str, abstract: str, finder: TriggerFinder) -> None:
        self.title, self.abstract, self.finder = title, abstract, finder
        self.in_title, self.in_abstract = finder.scan(title), finder.scan(abstract)
        self.opening = round(len(abstract) * OPENING)

    def without(self, ignore: Patterns) -> _Text:
        title = ignore.remove(self.title, self.in_title)
        abstract = ignore.remove(self.abstract, self.in_abstract)
        if title is self.title and abstract is self.abstract:
            return self
        return _Text(title, abstract, self.finder)

    def first(self, patterns: Patterns | None) -> str | None:
        """The text of a match in the title, else in the abstract (None: no match)."""
        if patterns is None:
            return None
        found = patterns.first(self.title, self.in_title)
        found = found or patterns.first(self.abstract, self.in_abstract)
        return None if found is None else found.group()


def _possible(rule: Rule, text: _Text, keywords: frozenset[str]) -> bool:
    """Cheap first pass: could any positive rule match before ignores and vetoes apply?"""
    return bool(
        rule.keywords & keywords
        or (rule.title is not None and rule.title.possible(text.in_title))
        or (rule.title_weak is not None and rule.title_weak.possible(text.in_title))
        or (rule.abstract_any is not None and rule.abstract_any.possible(text.in_abstract))
        or (rule.abstract is not None and rule.abstract.possible(text.in_abstract))
    )


@dataclass(frozen=True)
class RuleEvidence:
    """What the rules found in one paper (see RuleTagger.evidence)."""

    given: list[tuple[str, Evidence]]  # each tag given (implied ones too) and why
    misses: list[Evidence]  # some evidence, not enough
    text: _Text
    keywords: frozenset[str]
    anywhere: bool  # no tag from the abstract's opening: later mentions were taken


@dataclass(frozen=True)
class Evidence:
    """Why a rule gave its tag or, in a near miss, why not: the rule and the text that decided."""

    slug: str
    given: bool
    rule: str  # the rule's field ("title", "abstract", ...) and, for a miss, what fell short
    text: str  # the words of the paper (or keyword) that decided it


def _match(patterns: Patterns | None, text: str, scan: Scan, before: int | None = None) -> str:
    found = None if patterns is None else patterns.first(text, scan, before)
    return "" if found is None else found.group()


def decide(rule: Rule, text: _Text, keywords: frozenset[str], anywhere: bool) -> Evidence | None:
    """Whether `rule` gives its tag and why; None when it has no evidence at all.

    The abstract counts only in its opening unless `anywhere`.
    """
    if not _possible(rule, text, keywords):
        return None
    if rule.ignore is not None:
        text = text.without(rule.ignore)
    veto = text.first(rule.unless)
    if veto is not None:
        return Evidence(rule.slug, False, "unless (vetoed)", veto)
    if found := _match(rule.title, text.title, text.in_title):
        return Evidence(rule.slug, True, "title", found)
    abstract, scan = text.abstract, text.in_abstract
    opening = None if anywhere else text.opening
    if found := _match(rule.abstract_any, abstract, scan, opening):
        return Evidence(rule.slug, True, "abstract_any", found)
    keyword = min(rule.keywords & keywords, default="")
    if weak := _match(rule.title_weak, text.title, text.in_title):
        support = keyword or _match(rule.abstract, abstract, scan)
        support = support or _match(rule.abstract_any, abstract, scan)
        if support:
            return Evidence(rule.slug, True, "title_weak + support", f"{weak} + {support}")
        return Evidence(rule.slug, False, "title_weak without support", weak)
    if keyword and (rule.abstract is None or rule.min_abstract <= 1):
        return Evidence(rule.slug, True, "keyword", keyword)
    needed = rule.min_abstract - (1 if keyword else 0)
    # Counting stops at `needed`: enough to decide, and most of tagging's time is here.
    count, first = rule.abstract.count(abstract, scan, needed) if rule.abstract else (0, None)
    if first is None and not keyword:
        return None  # a trigger word, but no pattern matched once ignores applied
    shown = f"{count} x '{first.group() if first else ''}'"
    shown += f" + keyword '{keyword}'" if keyword else ""
    if first is None or count < needed:
        return Evidence(rule.slug, False, f"abstract: {count} of {needed} matches", shown)
    if opening is not None and first.start() >= opening:
        return Evidence(rule.slug, False, "abstract: first match after the opening", shown)
    return Evidence(rule.slug, True, f"abstract ({needed} needed)", shown)
