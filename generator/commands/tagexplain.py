"""`tags --explain PAPER_ID`: which rule gave each of a paper's tags, and which nearly did."""

from __future__ import annotations

from generator.archive.model import Archive
from generator.archive.tagging import Evidence, RuleTagger, Tagger
from generator.errors import ArchiveError


def explain(archive: Archive, tagger: Tagger, paper_id: str) -> str:
    """A report of the paper's tags: the evidence for each tag given and each near miss."""
    paper = archive.papers.get(paper_id)
    if paper is None:
        raise ArchiveError(f"no paper with id '{paper_id}' in the content")
    if not isinstance(tagger, RuleTagger):
        raise ArchiveError("tags come from source keywords (no tags.yml): there are no rules")
    given, misses = tagger.explain(paper.listing)
    lines = [f"{paper.id}: {paper.listing.title}", "", "tags given by the rules:"]
    lines += [_given(slug, evidence) for slug, evidence in given] or ["  (none)"]
    lines += ["", "near misses (some evidence, not enough):"]
    lines += [_line(e.slug, e) for e in misses] or ["  (none)"]
    automatic = {slug for slug, _ in given}
    if set(paper.tags) != automatic:
        lines += ["", f"a person's fix in the day file makes them: {', '.join(paper.tags) or '-'}"]
    return "\n".join(lines)


def _given(slug: str, evidence: Evidence) -> str:
    if slug != evidence.slug:
        return f"  {slug:<24} implied by {evidence.slug}"
    return _line(slug, evidence)


def _line(slug: str, evidence: Evidence) -> str:
    return f"  {slug:<24} {evidence.rule}: {evidence.text!r}"
