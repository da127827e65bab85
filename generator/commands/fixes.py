"""`fix PAPER_ID`: change a paper's tag fix from the command line, as the day file would by hand.

For maintainers fixing many tags at once, and for cleaning up the fixes that `tags --stats` or
`tags --compare` find unnecessary. The fix goes where the paper's "Fix tags" link points: the
last day that lists the paper. A paper listed on several days has its fixes from every day
combined, the later on top of the earlier (see archive.derive), so they are gathered into that
last day and removed from the earlier ones: one place to read and change them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from generator.archive.check import checked_content, unknown_tag
from generator.archive.derive import build_archive, collect
from generator.archive.model import Day, Listing, TagFix, merge_fixes
from generator.content.lock import content_lock
from generator.content.store import save_day, shown_path
from generator.errors import ArchiveError


@dataclass(frozen=True)
class FixRequest:
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    exact: tuple[str, ...] | None = None  # replaces the automatic tags outright
    clear: bool = False  # drop the fix: the automatic tags again

    def slugs(self) -> tuple[str, ...]:
        return (*self.add, *self.remove, *(self.exact or ()))


@dataclass(frozen=True)
class FixReport:
    paper_id: str
    written: tuple[Path, ...]
    automatic: tuple[str, ...]
    shown: tuple[str, ...]

    def summary(self, content: Path) -> str:
        files = ", ".join(shown_path(path, content) for path in self.written)
        return (
            f"{self.paper_id}: tags {', '.join(self.shown) or '(none)'} "
            f"(automatic: {', '.join(self.automatic) or '(none)'}); "
            + (f"wrote {files}" if files else "the fix was already so: nothing written")
        )


def changed_fix(
    current: TagFix | None, request: FixRequest, automatic: frozenset[str]
) -> TagFix | None:
    """The fix after `request`, applied on top of `current`, without what changes nothing: an
    added tag is no longer removed (and the other way round), and a tag the rules already give
    is not added (`check` would reject the fix)."""
    if request.clear:
        return None
    if request.exact is not None:
        change = TagFix(exact=tuple(sorted(set(request.exact))))
    else:
        change = TagFix(
            add=tuple(sorted(set(request.add))), remove=tuple(sorted(set(request.remove)))
        )
    return (current or TagFix()).then(change).minimal(automatic)


def fix_paper(content: Path, paper_id: str, request: FixRequest) -> FixReport:
    """Change `paper_id`'s fix; nothing is written unless the content and every tag check out."""
    with content_lock(content, "fix"):
        return _fix_paper(content, paper_id, request)


def _fix_paper(content: Path, paper_id: str, request: FixRequest) -> FixReport:
    checked = checked_content(content)  # never write into content that does not validate
    _check_slugs(request, set(checked.tagger.vocabulary()), checked.aliases)
    listed = [day for day in checked.days if paper_id in day.paper_ids]
    if not listed:
        raise ArchiveError(f"no paper {paper_id!r} in {content}")
    combined = None
    for day in listed:  # oldest first, as the archive combines them
        combined = merge_fixes(combined, _fix_of(day, paper_id))
    # Tagged as the archive tags it: its listings combined (no other paper need be tagged).
    listing = collect(tuple(listed)).combined.get(paper_id) or _listing_of(listed[0], paper_id)
    automatic = checked.tagger.tags_for(listing)
    fix = changed_fix(combined, request, automatic)
    shown = combined.apply(automatic) if combined else automatic
    _refuse_idle(paper_id, request, shown)
    if not request.clear and (fix.apply(automatic) if fix else automatic) == shown:
        # Asked for what the paper already shows: say so rather than write a fix `check` rejects.
        tags = ", ".join(sorted(shown)) or "(none)"
        raise ArchiveError(f"nothing to change: {paper_id} already has the tags {tags}")
    updated = [_with_fix(day, paper_id, fix if day is listed[-1] else None) for day in listed]
    # The last day first: it holds everything, so stopping midway loses no one's fix.
    written = tuple(
        save_day(content, new)
        for old, new in reversed(list(zip(listed, updated, strict=True)))
        if _fix_of(old, paper_id) != _fix_of(new, paper_id)
    )
    paper = build_archive(updated, checked.tagger).papers[paper_id]
    return FixReport(paper_id, written, tuple(sorted(automatic)), paper.tags)


def _check_slugs(request: FixRequest, vocabulary: set[str], aliases: dict[str, str]) -> None:
    problems = [
        unknown_tag(slug, vocabulary, aliases) for slug in request.slugs() if slug not in vocabulary
    ]
    problems += [
        f"tag '{slug}' is both added and removed"
        for slug in sorted(set(request.add) & set(request.remove))
    ]
    if problems:
        raise ArchiveError("; ".join(problems))


def _refuse_idle(paper_id: str, request: FixRequest, shown: frozenset[str]) -> None:
    """A tag to add that the paper shows, or to remove that it lacks, changes nothing: said and
    refused, as `check` refuses it written by hand (it was quietly left out)."""
    idle = [f"it already has '{slug}'" for slug in request.add if slug in shown]
    idle += [f"it does not have '{slug}'" for slug in request.remove if slug not in shown]
    if idle:
        tags = ", ".join(sorted(shown)) or "(none)"
        raise ArchiveError(f"nothing to change: {'; '.join(idle)} ({paper_id}: {tags})")


def _with_fix(day: Day, paper_id: str, fix: TagFix | None) -> Day:
    index = day.paper_ids.index(paper_id)
    papers = list(day.papers)
    papers[index] = replace(papers[index], tag_fix=fix)
    return replace(day, papers=tuple(papers))


def _listing_of(day: Day, paper_id: str) -> Listing:
    return day.papers[day.paper_ids.index(paper_id)]


def _fix_of(day: Day, paper_id: str) -> TagFix | None:
    return _listing_of(day, paper_id).tag_fix
