"""Lookups derived once from the archive and shared by every page family."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby

from generator.archive.model import Archive, Day, Paper, Tag
from generator.site import urls
from generator.site.dates import month_name


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    days: tuple[Day, ...]

    @property
    def papers(self) -> int:
        return sum(len(day.papers) for day in self.days)

    @property
    def page(self) -> str:
        return urls.month_page(self.year, self.month)

    @property
    def name(self) -> str:
        return month_name(self.year, self.month)

    def key(self) -> tuple[object, ...]:
        """What a page listing this month shows of it (for fingerprints)."""
        return (self.year, self.month, len(self.days), self.papers)


class SiteIndex:
    """Days with papers, months, years, tag families and each tag's papers."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.days = tuple(day for day in archive.days if day.papers)

    @cached_property
    def months(self) -> tuple[Month, ...]:
        grouped = groupby(self.days, key=lambda d: (d.date.year, d.date.month))
        return tuple(Month(year, month, tuple(days)) for (year, month), days in grouped)

    @cached_property
    def _months_by_key(self) -> dict[tuple[int, int], Month]:
        return {(m.year, m.month): m for m in self.months}

    def month_of(self, date: dt.date) -> Month:
        return self._months_by_key[(date.year, date.month)]

    @cached_property
    def years(self) -> list[tuple[int, list[Month]]]:
        """Months grouped by year, newest first."""
        years = groupby(reversed(self.months), key=lambda m: m.year)
        return [(year, list(months)) for year, months in years]

    @cached_property
    def families(self) -> list[tuple[str, list[Tag]]]:
        """Tags by family, families in the vocabulary's order and tags by name within each."""
        families: dict[str, list[Tag]] = {}
        for tag in self.archive.tags.values():
            families.setdefault(tag.family, []).append(tag)
        return [(f, sorted(tags, key=lambda t: t.name.lower())) for f, tags in families.items()]

    @cached_property
    def newest_first(self) -> list[Paper]:
        """Every paper, newest first (by the last day listed, then id)."""
        return sorted(self.archive.papers.values(), key=lambda p: (p.days[-1], p.id), reverse=True)

    @cached_property
    def by_tag(self) -> dict[str, list[Paper]]:
        """Papers of each tag, newest first."""
        tagged: dict[str, list[Paper]] = defaultdict(list)
        for paper in self.newest_first:
            for slug in paper.tags:
                tagged[slug].append(paper)
        return dict(tagged)

    @cached_property
    def tag_counts(self) -> dict[str, int]:
        return {slug: len(papers) for slug, papers in self.by_tag.items()}
