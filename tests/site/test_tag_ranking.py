"""Tags' rankings carried from build to build (site.tag_ranking): whatever the last build
carried, the ranking is the one worked out from nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt

from generator.archive.derive import build_archive
from generator.archive.model import Archive, Day, Listing
from generator.archive.tagging import KeywordTagger
from generator.site.tag_ranking import RECENT_DAYS, Ranking, Settled, rank_days, tag_ranking

SIZE = 3
START = dt.date(2025, 1, 1)


def listing(n: int, upvotes: int | None, keyword: str = "Agents") -> Listing:
    return Listing(
        id=f"2501.{n:05d}", title=f"Paper {n}", abstract="Text.", upvotes=upvotes,
        ai_keywords=(keyword,), arxiv=True,
    )  # fmt: skip


def day(offset: int, *papers: Listing, revision: str = "") -> Day:
    """A day `offset` days after START, with a file revision (the day's papers by default)."""
    found = revision or repr([(p.id, p.upvotes, p.ai_keywords) for p in papers])
    return Day(START + dt.timedelta(days=offset), papers, revision=found)


def archive_of(days: list[Day]) -> Archive:
    listings = [paper for d in days for paper in d.papers]
    return build_archive(days, KeywordTagger(listings, minimum=1))


def archive_days() -> list[Day]:
    """Sixty days, a paper a day but every fifth day none with upvote data, a second tag."""
    return [
        day(n, listing(n, (n * 7) % 11 if n % 5 else None), listing(100 + n, n % 4, "Robotics"))
        for n in range(60)
    ]


def ranking_of(days: list[Day], carried: object) -> tuple[Ranking, Settled | None]:
    archive = archive_of(days)
    return tag_ranking(archive, archive.days, SIZE, carried)


def from_nothing(days: list[Day]) -> Ranking:
    archive = archive_of(days)
    return rank_days(archive, archive.days, SIZE)


def test_a_carried_ranking_gives_the_ranking_from_nothing() -> None:
    days = archive_days()
    first, settled = ranking_of(days[:-1], None)
    assert first == from_nothing(days[:-1])
    assert settled is not None and settled.until == days[-2].date - dt.timedelta(RECENT_DAYS)
    # A new day, and the same again with nothing changed.
    second, again = ranking_of(days, settled)
    assert second == from_nothing(days) and again is not None
    assert ranking_of(days, again)[0] == second
    # A refetched recent day (new upvotes), an edited old day, a removed old day.
    refetched = [*days[:-3], day(57, listing(57, 50)), *days[-2:]]
    assert ranking_of(refetched, again)[0] == from_nothing(refetched)
    edited = [day(0, listing(0, 99)), *days[1:]]
    assert ranking_of(edited, again)[0] == from_nothing(edited)
    assert ranking_of(days[1:], again)[0] == from_nothing(days[1:])


def test_a_paper_listed_again_after_the_settled_days_is_ranked_by_its_newest_listing() -> None:
    days = archive_days()
    _, settled = ranking_of(days, None)
    assert settled is not None
    again = [*days, day(61, listing(3, 40), listing(161, 1, "Robotics"))]
    ranking, carried = ranking_of(again, settled)
    assert ranking == from_nothing(again)
    assert "2501.00003" in [entry[3] for entry in ranking.tops["agents"]]
    # The boundary moves before the paper's first day, so the next build can carry it.
    assert carried is not None and carried.until < days[3].date


def test_a_carried_ranking_of_other_tagging_or_size_is_not_used() -> None:
    days = archive_days()
    _, settled = ranking_of(days, None)
    assert settled is not None
    wrong = dataclasses.replace(
        settled, ranking=Ranking({"agents": ((-1000, 1, 0, "2501.00001"),)}, {"agents": 1})
    )
    assert ranking_of(days, wrong)[0] != from_nothing(days)  # a carried ranking is used...
    for basis in [(b"other tagging", SIZE), (settled.basis[0], SIZE + 1)]:
        odd = dataclasses.replace(wrong, basis=basis)
        assert ranking_of(days, odd)[0] == from_nothing(days)  # ...only for its own basis
    assert ranking_of(days, "not a ranking")[0] == from_nothing(days)


def test_days_without_file_revisions_carry_nothing() -> None:
    days = [dataclasses.replace(d, revision="") for d in archive_days()]
    ranking, settled = ranking_of(days, None)
    assert settled is None and ranking == from_nothing(days)
