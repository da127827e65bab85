"""`tags --stats`: how well the vocabulary covers the archive, and how right its tags are."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.archive.crossval import Score
from generator.archive.model import Archive, Paper
from generator.archive.tagging import Tagger
from generator.errors import ContentError, Problem


@dataclass(frozen=True)
class TagStats:
    papers: int
    tagged: int
    counts: dict[str, int]

    @property
    def coverage(self) -> float:
        return self.tagged / self.papers if self.papers else 1.0

    def share(self, slug: str) -> float:
        return self.counts.get(slug, 0) / self.papers if self.papers else 0.0


@dataclass(frozen=True)
class LabelStats:
    labelled: int = 0
    overall: Score = field(default_factory=Score)
    per_tag: dict[str, Score] = field(default_factory=dict)
    mistakes: list[tuple[str, frozenset[str], frozenset[str]]] = field(default_factory=list)


def load_labels(path: Path) -> dict[str, frozenset[str]]:
    """Hand labels: `labels: {paper id: [tag, ...]}`."""
    if not path.is_file():
        raise ContentError([Problem(str(path), None, "no such label file")])
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ContentError([Problem(str(path), None, f"YAML syntax: {error}")]) from None
    labels = data.get("labels") if isinstance(data, dict) else None
    if not isinstance(labels, dict):
        raise ContentError([Problem(str(path), 1, "expected 'labels:' mapping paper ids to tags")])
    return {str(paper_id): frozenset(tags) for paper_id, tags in labels.items()}


def unlabelled_tags(path: Path) -> frozenset[str]:
    """Tags added to the vocabulary after the file was labelled (its `unlabelled:` list): its
    labellers could not give them, so they are scored neither right nor wrong there."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return frozenset(data.get("unlabelled") or ()) if isinstance(data, dict) else frozenset()


def hide_unlabelled(
    automatic: dict[str, frozenset[str]], paths: Iterable[Path]
) -> dict[str, frozenset[str]]:
    """The automatic tags without the tags each paper's label file could not know."""
    hidden: dict[str, frozenset[str]] = {}
    for path in paths:
        if tags := unlabelled_tags(path):
            hidden.update(dict.fromkeys(load_labels(path), tags))
    return {pid: found - hidden.get(pid, frozenset()) for pid, found in automatic.items()}


# Issue 18's aim: no tag on more than this share of any half-year's papers. A tag on a fifth of
# the archive narrows little down for a reader, so `tags --stats` marks the ones over it.
BROAD = 0.15
LARGEST = 3  # tags listed per half-year


def tag_stats(papers: Collection[Paper]) -> TagStats:
    """Coverage and counts of these papers' tags (as shown, fixes applied)."""
    counts = Counter(slug for paper in papers for slug in paper.tags)
    tagged = sum(1 for paper in papers if paper.tags)
    return TagStats(len(papers), tagged, dict(counts))


def half_year(day: dt.date) -> str:
    return f"{day.year} H{1 if day.month <= 6 else 2}"


def half_year_stats(archive: Archive) -> dict[str, TagStats]:
    """Coverage and counts per half-year of the papers' first day, oldest first: the field moves,
    so a tag can be broad in one half-year and not over the whole archive."""
    halves: dict[str, list[Paper]] = defaultdict(list)
    for paper in archive.papers.values():
        halves[half_year(paper.first_day)].append(paper)
    return {name: tag_stats(halves[name]) for name in sorted(halves)}


def automatic_tags(
    archive: Archive, tagger: Tagger, paper_ids: Iterable[str]
) -> dict[str, frozenset[str]]:
    """The rules' own tags (no fixes) of the papers among `paper_ids` that the archive holds:
    computed once, however many groups of labels are then scored against them."""
    papers = archive.papers
    return {pid: tagger.tags_for(papers[pid].listing) for pid in paper_ids if pid in papers}


def label_stats(
    automatic: dict[str, frozenset[str]], labels: dict[str, frozenset[str]]
) -> LabelStats:
    """Precision and recall of the automatic tags against hand labels, overall and per tag."""
    per_tag: dict[str, Score] = {}
    mistakes = []
    labelled = 0
    for paper_id, wanted in sorted(labels.items()):
        found = automatic.get(paper_id)
        if found is None:
            continue
        labelled += 1
        for slug in found | wanted:
            hit = Score(
                int(slug in found and slug in wanted),
                int(slug in found and slug not in wanted),
                int(slug in wanted and slug not in found),
            )
            per_tag[slug] = per_tag.get(slug, Score()) + hit
        if found != wanted:
            mistakes.append((paper_id, found - wanted, wanted - found))
    return LabelStats(labelled, sum(per_tag.values(), Score()), per_tag, mistakes)


@dataclass(frozen=True)
class FixStats:
    """What people's fixes changed against the rules: where the rules most need work."""

    papers: int = 0
    added: dict[str, int] = field(default_factory=dict)  # tag: papers it was missing from
    removed: dict[str, int] = field(default_factory=dict)  # tag: papers it was wrong on
    # Papers whose fix changes nothing any more: the rules now give what the fix asked.
    idle: list[str] = field(default_factory=list)


def fix_stats(archive: Archive, tagger: Tagger) -> FixStats:
    """Every fixed paper's shown tags against its automatic ones."""
    added: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    fixed, idle = 0, []
    for paper_id, paper in archive.papers.items():
        if paper.listing.tag_fix is None:
            continue
        fixed += 1
        automatic, shown = tagger.tags_for(paper.listing), frozenset(paper.tags)
        added.update(shown - automatic)
        removed.update(automatic - shown)
        if shown == automatic:
            idle.append(paper_id)
    return FixStats(fixed, dict(added), dict(removed), idle)


def format_fixes(stats: FixStats, verbose: bool = False) -> str:
    """The tags people's fixes add and remove most, the rules' most corrected first."""
    lines = [f"papers with a tag fix: {stats.papers}"]
    if stats.added or stats.removed:
        lines += count_table(("added by fixes", stats.added), ("removed by fixes", stats.removed))
    if stats.idle:
        lines.append(f"fixes the rules now agree with (they can go): {len(stats.idle)}")
        if verbose:
            lines += [f"  {paper_id}" for paper_id in stats.idle]
    return "\n".join(lines)


def format_half_years(halves: dict[str, TagStats]) -> str:
    """Each half-year's coverage and largest tags, those over BROAD marked."""
    lines = [
        f"largest tags per half-year (* on more than {BROAD:.0%} of its papers):",
        f"{'half-year':10} {'papers':>6} {'tagged':>7}  largest",
    ]
    for name, stats in halves.items():
        largest = sorted(stats.counts, key=lambda slug: (-stats.counts[slug], slug))[:LARGEST]
        cells = ", ".join(
            f"{slug} {stats.share(slug):.1%}{'*' if stats.share(slug) > BROAD else ''}"
            for slug in largest
        )
        lines.append(f"{name:10} {stats.papers:6d} {stats.coverage:7.1%}  {cells}")
    return "\n".join(lines)


def count_table(*columns: tuple[str, dict[str, int]]) -> list[str]:
    """Lines of a table of counts per tag, one column each, the tags with most in all first."""
    widths = [max(7, len(heading) + 1) for heading, _ in columns]
    lines = [
        f"{'tag':28}" + "".join(f" {h:>{w}}" for (h, _), w in zip(columns, widths, strict=True))
    ]
    slugs = {slug for _, counts in columns for slug in counts}
    for slug in sorted(slugs, key=lambda s: (-sum(c.get(s, 0) for _, c in columns), s)):
        cells = "".join(
            f" {c.get(slug, 0):{w}d}" for (_, c), w in zip(columns, widths, strict=True)
        )
        lines.append(f"{slug:28}{cells}")
    return lines


def format_stats(stats: TagStats, archive: Archive) -> str:
    """Coverage and per-tag counts."""
    lines = [
        f"papers: {stats.papers}",
        f"with at least one tag: {stats.tagged} ({stats.coverage:.1%})",
        f"tags in the vocabulary: {len(archive.tags)}",
        f"largest tag: {max(stats.counts.values(), default=0)} papers "
        f"({max(map(stats.share, stats.counts), default=0.0):.1%})",
        "",
        f"{'tag':28} {'papers':>7} {'share':>7}",
    ]
    for slug in sorted(archive.tags, key=lambda s: (-stats.counts.get(s, 0), s)):
        lines.append(f"{slug:28} {stats.counts.get(slug, 0):7d} {stats.share(slug):7.1%}")
    return "\n".join(lines)


def format_labelled(stats: LabelStats, verbose: bool = False) -> str:
    """Precision and recall of the automatic tags against hand labels, overall and per tag."""
    score = stats.overall
    lines = [
        f"hand-labelled papers: {stats.labelled}, labels: "
        f"{score.true_positive + score.false_negative}",
        f"precision: {score.precision:.3f}  recall: {score.recall:.3f}",
    ]
    if verbose:
        for slug, tag_score in sorted(stats.per_tag.items()):
            lines.append(
                f"  {slug:28} precision {tag_score.precision:.2f} recall {tag_score.recall:.2f}"
            )
        lines += [
            f"  {paper_id}: extra {sorted(extra)} missing {sorted(missing)}"
            for paper_id, extra, missing in stats.mistakes
        ]
    return "\n".join(lines)
