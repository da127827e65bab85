"""`tags --compare OLD`: what a change to the rules does to the archive's tags, before it merges.

A fix changes one paper; a rule change retags every paper. So a rule change is reviewed on its
effect: every paper whose shown tags move (people's fixes applied, as on the site), counts per
tag, the fixes it makes unnecessary, and whether the hand labels agree more or less afterwards.
The pull-request workflow prints this into the run's summary whenever `content/tags.yml` changes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.archive import build_archive
from generator.errors import ContentError, Problem
from generator.model import Archive
from generator.tagging import RuleTagger, Tagger
from generator.tagstats import fix_stats
from generator.taxonomy import load_taxonomy_file

SHOWN = 30  # changed papers listed without --verbose: enough to judge a change by


@dataclass(frozen=True)
class TagChange:
    paper_id: str
    title: str
    gained: frozenset[str]
    lost: frozenset[str]


def rules_from(path: Path) -> RuleTagger:
    """The tagger of another version of `tags.yml` (the base branch's, say)."""
    if not path.is_file():
        raise ContentError([Problem(path.as_posix(), None, "no such file to compare with")])
    return RuleTagger(load_taxonomy_file(path))


def retagged(archive: Archive, tagger: RuleTagger) -> Archive:
    """The same days tagged by other rules (people's fixes still applied)."""
    return build_archive(archive.days, tagger)


def tag_changes(old: Archive, new: Archive) -> list[TagChange]:
    """The papers whose shown tags differ, newest first, as a reader meets them."""
    changes = []
    for paper_id, paper in new.papers.items():
        before, after = frozenset(old.papers[paper_id].tags), frozenset(paper.tags)
        if before != after:
            changes.append(TagChange(paper_id, paper.listing.title, after - before, before - after))
    return changes[::-1]


def fixes_made_idle(
    old: Archive, old_tagger: Tagger, new: Archive, new_tagger: Tagger
) -> list[str]:
    """Papers whose fix the new rules make unnecessary: they now give what the fix asked."""
    before = set(fix_stats(old, old_tagger).idle)
    return [paper_id for paper_id in fix_stats(new, new_tagger).idle if paper_id not in before]


def format_changes(changes: list[TagChange], papers: int, verbose: bool = False) -> str:
    """Counts per tag, then the changed papers (`SHOWN` of them unless `verbose`)."""
    gained = Counter(slug for change in changes for slug in change.gained)
    lost = Counter(slug for change in changes for slug in change.lost)
    lines = [f"papers whose tags change: {len(changes)} of {papers}"]
    if changes:
        lines += ["", f"{'tag':28} {'gained':>7} {'lost':>7}"]
        for slug in sorted(gained | lost, key=lambda s: (-gained[s] - lost[s], s)):
            lines.append(f"{slug:28} {gained[slug]:7d} {lost[slug]:7d}")
        lines.append("")
        shown = changes if verbose else changes[:SHOWN]
        lines += [f"{c.paper_id}: {_moves(c)}  ({_clip(c.title)})" for c in shown]
        if len(shown) < len(changes):
            lines.append(f"... and {len(changes) - len(shown)} more (--verbose lists them all)")
    return "\n".join(lines)


def format_idle(paper_ids: list[str]) -> str:
    """The fixes a rule change makes unnecessary, each to delete from its day file."""
    lines = [
        f"fixes this change makes unnecessary (the rules now give what they ask): {len(paper_ids)}"
    ]
    return "\n".join(lines + [f"  {paper_id}" for paper_id in paper_ids])


def _moves(change: TagChange) -> str:
    gained = [f"+{slug}" for slug in sorted(change.gained)]
    return " ".join(gained + [f"-{slug}" for slug in sorted(change.lost)])


def _clip(title: str, width: int = 70) -> str:
    return title if len(title) <= width else title[: width - 3] + "..."
