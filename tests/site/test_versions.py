"""Day versions (site/versions.py): a day's hash moves whenever one of its papers' versions
does, in the quick case (every paper listed once) as in the other."""

from __future__ import annotations

import dataclasses
import datetime as dt

from generator.archive.derive import build_archive
from generator.archive.model import Archive, Day, Listing
from generator.archive.tagging import KeywordTagger
from generator.site.versions import day_versions, paper_versions

DATES = (dt.date(2025, 1, 6), dt.date(2025, 1, 7), dt.date(2025, 1, 8))


def day(at: int, ids: tuple[int, ...], revision: str) -> Day:
    papers = tuple(Listing(id=f"2501.{n:05d}", title=f"Paper {n}", upvotes=n) for n in ids)
    return Day(DATES[at], papers, revision=revision)


def archive(days: list[Day]) -> Archive:
    return build_archive(days, KeywordTagger([]))


def hashes(days: list[Day]) -> dict[dt.date, bytes]:
    built = archive(days)
    return day_versions(built, paper_versions(built), built.days)


def moved(before: list[Day], after: list[Day]) -> set[dt.date]:
    """The days whose hash moved."""
    old, new = hashes(before), hashes(after)
    return {date for date in old.keys() | new.keys() if old.get(date) != new.get(date)}


def versions_moved(before: list[Day], after: list[Day]) -> set[dt.date]:
    """The days whose papers' versions (in order) or date moved: what must move the hash."""
    old_days, new_days = archive(before), archive(after)
    old, new = paper_versions(old_days), paper_versions(new_days)
    listed = {d.date: [old[i] for i in d.paper_ids] for d in old_days.days}
    found = set(listed) - {d.date for d in new_days.days}
    return found | {
        d.date for d in new_days.days if listed.get(d.date) != [new[i] for i in d.paper_ids]
    }


QUICK = [day(0, (1, 2, 3), "a"), day(1, (4, 5), "b"), day(2, (6,), "c")]
# Paper 1 is listed again on the last day: its version holds both days' revisions.
AGAIN = [day(0, (1, 2, 3), "a"), day(1, (4, 5), "b"), day(2, (6, 1), "c")]


def test_a_day_hash_moves_with_its_papers_in_the_quick_case() -> None:
    changes = {
        "revision": [QUICK[0], dataclasses.replace(QUICK[1], revision="b2"), QUICK[2]],
        "one more paper": [QUICK[0], day(1, (4, 5, 7), "b"), QUICK[2]],
        "date": [QUICK[0], QUICK[1], dataclasses.replace(QUICK[2], date=dt.date(2025, 1, 9))],
    }
    assert moved(QUICK, QUICK) == set()
    for after in changes.values():
        assert moved(QUICK, after) == versions_moved(QUICK, after) != set()
    assert moved(QUICK, changes["revision"]) == {DATES[1]}


def test_a_day_hash_moves_with_its_papers_listed_again_elsewhere() -> None:
    # Going from the quick case to the other moves every hash (the quick one is of the first
    # version and the count); within the other case, a later day's edit moves the first day
    # of a paper it lists again.
    assert moved(QUICK, AGAIN) == set(DATES)
    later = [*AGAIN[:2], dataclasses.replace(AGAIN[2], revision="c2")]
    assert moved(AGAIN, later) == versions_moved(AGAIN, later) == {DATES[0], DATES[2]}
    no_revision = [dataclasses.replace(d, revision="") for d in QUICK]
    edited = [no_revision[0], day(1, (4, 5), ""), no_revision[2]]
    edited[1] = dataclasses.replace(edited[1], papers=(Listing(id="2501.00004", title="New"),
                                                       edited[1].papers[1]))  # fmt: skip
    assert moved(no_revision, edited) == versions_moved(no_revision, edited) == {DATES[1]}
