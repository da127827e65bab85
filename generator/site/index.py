"""Lookups derived once from the archive and shared by every page family."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby

from generator.archive.model import Archive, Day, Paper, Tag
from generator.site import urls
from generator.site.dates import month_name, short_date


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

    @property
    def top_page(self) -> str:
        return urls.month_top_page(self.year, self.month)

    def key(self) -> tuple[object, ...]:
        """What a page listing this month shows of it (for fingerprints)."""
        return (self.year, self.month, len(self.days), self.papers)


@dataclass(frozen=True)
class Week:
    """An ISO week (Monday to Sunday; a week belongs to the year of its Thursday)."""

    year: int
    week: int
    days: tuple[Day, ...]

    @property
    def papers(self) -> int:
        return sum(len(day.papers) for day in self.days)

    @property
    def label(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"

    @property
    def name(self) -> str:
        monday = dt.date.fromisocalendar(self.year, self.week, 1)
        sunday = monday + dt.timedelta(days=6)
        return f"Week {self.week} of {self.year} ({short_date(monday)} to {short_date(sunday)})"

    @property
    def page(self) -> str:
        return urls.week_top_page(self.year, self.week)


def ranked(papers: list[Paper]) -> list[Paper]:
    """Papers most upvoted first; ties, and papers without upvote data (after the others), in
    the order given (the listing's). A paper given twice is ranked once, where it first was."""
    unique = list({paper.id: paper for paper in reversed(papers)}.values())[::-1]
    return sorted(unique, key=_upvote_order)


def _upvote_order(paper: Paper) -> tuple[bool, int]:
    upvotes = paper.upvotes
    return (upvotes is None, -(upvotes or 0))


def has_upvotes(papers: list[Paper]) -> bool:
    """Whether any of the papers came with upvote data (copied listings have none)."""
    return any(paper.upvotes is not None for paper in papers)


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
    def weeks(self) -> tuple[Week, ...]:
        """ISO weeks with papers, oldest first."""
        grouped = groupby(self.days, key=lambda d: d.date.isocalendar()[:2])
        return tuple(Week(year, week, tuple(days)) for (year, week), days in grouped)

    def papers_of(self, days: tuple[Day, ...]) -> list[Paper]:
        """The papers of some days, in listing order (a paper listed twice, twice)."""
        return [paper for day in days for paper in self.archive.papers_of(day)]

    def ranked_weeks(self) -> Iterator[tuple[Week, list[Paper]]]:
        """The weeks with upvote data, newest first, each with its papers most upvoted first
        (a week of copied listings has no top papers); worked out as far as they are read."""
        for week in reversed(self.weeks):
            order = ranked(self.papers_of(week.days))
            if has_upvotes(order):
                yield week, order

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
        """Every paper, newest first: by the last day listed, then in that day's own order."""
        place = {
            paper_id: at for day in self.archive.days for at, paper_id in enumerate(day.paper_ids)
        }  # later days overwrite earlier: a paper's place on its last day
        papers = self.archive.papers.values()
        return sorted(papers, key=lambda p: (p.last_day, -place.get(p.id, 0)), reverse=True)

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
