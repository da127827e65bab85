"""Page keys are the same in every build of the same content: a key that holds an object's
address (a stored day's listings) makes every build render that page again."""

from __future__ import annotations

import datetime as dt
import pickle

from generator.archive.derive import build_archive
from generator.archive.model import Day, Listing, PackedListings
from generator.archive.tagging import KeywordTagger
from generator.site.families import page_jobs
from generator.site.options import SiteOptions
from generator.site.renderer import Site


def stored_days() -> list[Day]:
    """Days as a build reads them back from its state: listings packed."""
    days = []
    for n, date in enumerate((dt.date(2025, 1, 3), dt.date(2025, 1, 6), dt.date(2025, 2, 3))):
        listings = tuple(
            Listing(id=f"2501.{10 * n + k:05d}", title=f"Paper {n} {k}", upvotes=k,
                    ai_keywords=("Agents",))
            for k in range(3)
        )  # fmt: skip
        packed = pickle.loads(pickle.dumps(PackedListings.of(listings)))
        days.append(Day(date, packed, revision=f"r{n}"))
    return days


def fingerprints() -> dict[str, bytes]:
    days = stored_days()
    listings = [listing for day in days for listing in day.papers]
    site = Site(build_archive(days, KeywordTagger(listings, minimum=1)), SiteOptions())
    return {job.path: job.fingerprint(b"") for job in page_jobs(site)}


def test_every_pages_key_is_the_same_in_two_builds_of_the_same_content() -> None:
    first, second = fingerprints(), fingerprints()
    assert "top/weeks/2025-W02.md" in first and "tags/agents/top.md" in first
    changed = sorted(path for path in first if first[path] != second.get(path))
    assert changed == []
