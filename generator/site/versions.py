"""Paper versions: a hash of everything a page can show of a paper, so that a page whose
papers' versions are unchanged need not be rendered again."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from generator.archive.model import Archive, Day, Paper


def paper_version(paper: Paper) -> bytes:
    """A hash of everything a page can show of a paper (its card, or its own page)."""
    listing = paper.listing
    fields = (
        listing.id, listing.title, "\x1e".join(listing.authors), listing.abstract,
        listing.published or "", listing.submitted or "", str(listing.upvotes),
        listing.github or "", listing.project_page or "", listing.ai_summary or "",
        "\x1e".join(listing.ai_keywords), str(listing.arxiv),
        "\x1e".join(day.isoformat() for day in paper.days), "\x1e".join(paper.tags),
    )  # fmt: skip
    return hashlib.blake2b("\x1f".join(fields).encode(), digest_size=16).digest()


def paper_versions(archive: Archive) -> dict[str, bytes]:
    """Every paper's version, by id.

    A paper listed on one day is known by that day: the revision of its file (a hash of it,
    which holds the paper's text, date and tag fixes), what assigned the tags, and the paper's
    place in the day. One hash a day and no loop a paper: at 50,000 papers, any loop a paper
    costs a good part of a one-day build. A day file's edit changes its papers' versions either
    way (the old way hashed the revision into each).
    """
    versions: dict[str, bytes] = {}
    longest = max((len(day.paper_ids) for day in archive.days), default=0)
    places = [place.to_bytes(4, "big") for place in range(longest)]
    for day in archive.days:
        ids = day.paper_ids
        if day.revision and archive.tagging:
            known = f"{day.revision}\x1f".encode() + archive.tagging
            seed = hashlib.blake2b(known, digest_size=12).digest()
            versions.update(zip(ids, [seed + place for place in places[: len(ids)]], strict=True))
    if listed_once_by_revision(archive):
        return versions  # no paper listed twice, none unknown
    revisions = {day.date: day.revision for day in archive.days}
    for paper_id, paper in archive.papers.items():
        if len(paper.days) == 1 and paper_id in versions:
            continue
        found = _all_revisions(paper.days, revisions)
        if found:
            text = f"{paper_id}\x1f{found}\x1f\x1f{chr(0x1F).join(paper.tags)}"
            versions[paper_id] = hashlib.blake2b(text.encode(), digest_size=16).digest()
        else:
            versions[paper_id] = paper_version(paper)
    return versions


def listed_once_by_revision(archive: Archive) -> bool:
    """paper_versions' quick case: every paper listed once, on a day with a file revision, and
    tagged by a known tagger, so that its version is its day's seed and its place."""
    listed = sum(len(day.paper_ids) for day in archive.days)
    revised = bool(archive.tagging) and all(day.revision for day in archive.days)
    return revised and listed == len(archive.papers)


def day_versions(
    archive: Archive, versions: dict[str, bytes], days: Sequence[Day]
) -> dict[dt.date, bytes]:
    """A hash of each day's date and its papers' versions, for pages of whole weeks, months and
    quarters (joining their papers' versions into keys costs more than hashing them).

    When every paper is listed once, on a day with a file revision (paper_versions' quick
    case), a day's versions are its seed and its places: its first paper's version and its
    count say the same without looking up 50 versions a day (7 ms at 50,000 papers, the
    lookups missing the caches). A marker keeps the two kinds of hash apart.
    """
    quick = listed_once_by_revision(archive)
    found = {}
    for day in days:
        ids = day.paper_ids
        if quick:
            parts = [b"q", versions[ids[0]], len(ids).to_bytes(4, "big")] if ids else [b"q"]
        else:
            parts = [b"s", *map(versions.__getitem__, ids)]
        date = day.date.isoformat().encode()
        found[day.date] = hashlib.blake2b(b"".join([date, *parts]), digest_size=16).digest()
    return found


def _all_revisions(days: tuple[dt.date, ...], revisions: dict[dt.date, str]) -> str:
    found = [revisions.get(day, "") for day in days]
    return "\x1f".join(found) if all(found) else ""
