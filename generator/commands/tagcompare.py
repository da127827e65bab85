"""`tags --compare OLD`: what a change to the content does to the archive's tags, before it merges.

A fix changes one paper; a rule change retags every paper. Either is reviewed on its effect:
every paper whose shown tags move (people's fixes applied, as on the site), counts per tag, the
fixes a rule change makes unnecessary, and whether the hand labels agree more or less afterwards.
OLD is the content folder before the change (the pull-request check extracts the base branch's)
or just an older `tags.yml`. The pull-request workflow prints this into the run's summary
whenever `content/` changes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.archive.derive import build_archive, load_archive_and_tagger
from generator.archive.model import Archive
from generator.archive.tagging import RuleTagger, Tagger
from generator.archive.taxonomy import load_taxonomy_file
from generator.archive.training import tagger_for
from generator.commands.parsing import content_with_days
from generator.commands.tagstats import count_table, fix_stats
from generator.errors import ContentError, Problem
from generator.text import clipped, one_line, printable

SHOWN = 30  # changed papers listed without --verbose: enough to judge a change by
_WIDTH = 70  # characters of a title on a changed paper's line


@dataclass(frozen=True)
class TagChange:
    paper_id: str
    title: str
    gained: frozenset[str]
    lost: frozenset[str]


def earlier(path: Path, archive: Archive) -> tuple[Archive, Tagger]:
    """The archive as it was, to compare with `archive`: a whole content folder (the base
    branch's, say: its days, fixes and rules), or a `tags.yml` applied to today's days."""
    if path.is_dir():  # an empty or mistyped folder is no archive to compare with
        return load_archive_and_tagger(content_with_days(path))
    if not path.is_file():
        raise ContentError(
            [Problem(path.as_posix(), None, "no such file or folder to compare with")]
        )
    tagger = tagger_for(RuleTagger(load_taxonomy_file(path)))
    return build_archive(archive.days, tagger), tagger


@dataclass(frozen=True)
class Comparison:
    changes: list[TagChange]  # papers in both archives whose shown tags differ, newest first
    papers: int
    new: int = 0  # papers only in the newer archive (a fetched day, say)
    gone: tuple[tuple[str, str], ...] = ()  # id and title of each paper only in the older one


def compare(old: Archive, new: Archive) -> Comparison:
    changes = []
    for paper_id, paper in new.papers.items():
        was = old.papers.get(paper_id)
        if was is None:
            continue
        before, after = frozenset(was.tags), frozenset(paper.tags)
        if before != after:
            changes.append(TagChange(paper_id, paper.listing.title, after - before, before - after))
    new_ids, old_ids = new.papers.keys(), old.papers.keys()
    gone = tuple((i, old.papers[i].listing.title) for i in sorted(old_ids - new_ids))
    return Comparison(changes[::-1], len(new.papers), len(new_ids - old_ids), gone)


@dataclass(frozen=True)
class FixedPaper:
    """A paper whose tag fix this change adds, edits or drops, with its shown tags."""

    paper_id: str
    title: str
    before: tuple[str, ...]
    after: tuple[str, ...]


def fixed_papers(old: Archive, new: Archive) -> list[FixedPaper]:
    """Papers whose fix differs between the archives (what a reviewer of a fix checks first)."""
    found = []
    for paper_id, paper in sorted(new.papers.items()):
        was = old.papers.get(paper_id)
        if was is not None and was.listing.tag_fix != paper.listing.tag_fix:
            found.append(FixedPaper(paper_id, paper.listing.title, was.tags, paper.tags))
    return found


def format_fixed(fixed: list[FixedPaper]) -> str:
    """Each fixed paper with its title and its tags before and after, one block each."""
    lines = [f"papers whose tag fix this change adds, edits or drops: {len(fixed)}"]
    for paper in fixed:
        # One line per title: a title's line breaks could otherwise start a line of the summary,
        # and its invisible characters (a right-to-left override) reorder what is shown.
        lines += [
            f"  {printable(paper.paper_id)}: {one_line(paper.title)}",
            f"    before: {', '.join(paper.before) or '(no tags)'}",
            f"    after:  {', '.join(paper.after) or '(no tags)'}",
        ]
    return "\n".join(lines)


def fixes_made_idle(
    old: Archive, old_tagger: Tagger, new: Archive, new_tagger: Tagger
) -> list[str]:
    """Papers whose fix the new rules make unnecessary: they now give what the fix asked."""
    before = set(fix_stats(old, old_tagger).idle)
    return [paper_id for paper_id in fix_stats(new, new_tagger).idle if paper_id not in before]


def format_changes(comparison: Comparison, verbose: bool = False) -> str:
    """Counts per tag, then the changed papers (`SHOWN` of them unless `verbose`)."""
    changes = comparison.changes
    gained = Counter(slug for change in changes for slug in change.gained)
    lost = Counter(slug for change in changes for slug in change.lost)
    lines = [f"papers whose tags change: {len(changes)} of {comparison.papers}"]
    if comparison.new or comparison.gone:
        lines.append(f"papers added: {comparison.new}, papers gone: {len(comparison.gone)}")
        # A stored paper is never dropped on purpose: each gone one is named.
        gone = comparison.gone if verbose else comparison.gone[:SHOWN]
        lines += [f"  gone: {printable(i)}  ({clipped(title, _WIDTH)})" for i, title in gone]
        if len(gone) < len(comparison.gone):
            lines.append(f"  ... and {len(comparison.gone) - len(gone)} more gone")
    if changes:
        lines += ["", *count_table(("gained", gained), ("lost", lost)), ""]
        shown = changes if verbose else changes[:SHOWN]
        lines += [f"{c.paper_id}: {_moves(c)}  ({clipped(c.title, _WIDTH)})" for c in shown]
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
