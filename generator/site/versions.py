"""Paper versions: a hash of everything a page can show of a paper, so that a page whose
papers' versions are unchanged need not be rendered again."""

from __future__ import annotations

import datetime as dt
import hashlib

from generator.archive.model import Archive, Paper


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
    listed = sum(len(day.paper_ids) for day in archive.days)
    if len(versions) == listed == len(archive.papers):
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


def _all_revisions(days: tuple[dt.date, ...], revisions: dict[dt.date, str]) -> str:
    found = [revisions.get(day, "") for day in days]
    return "\x1f".join(found) if all(found) else ""
