"""`check`: validate all content before anything is built, reporting every problem at once.

Day files (schema, duplicate ids, empty titles), the vocabulary (schema, duplicate slugs and
aliases) and people's tag fixes (every tag must be in the vocabulary) are all checked here; the
MkDocs build runs the same checks and fails on the same problems.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Protocol

from generator.archive.model import Day, Listing, TagFix
from generator.archive.tagging import KeywordTagger, RuleTagger, Tagger
from generator.archive.taxonomy import TaxonomyCache, normalise_keyword, read_taxonomy
from generator.archive.training import tagger_for
from generator.content.schema import did_you_mean
from generator.content.store import DayCache, day_path, read_days, shown_path
from generator.content.yamlfile import load_yaml
from generator.errors import ContentError, Problem
from generator.text import clipped, counted, printable


class ContentCache(DayCache, TaxonomyCache, Protocol):
    """What a build keeps of the content it read last (see content.store, archive.taxonomy)."""


@dataclass(frozen=True)
class CheckedContent:
    days: list[Day]
    tagger: Tagger
    problems: list[Problem]
    aliases: dict[str, str]  # the vocabulary's keyword spellings, for "did you mean"
    unread: frozenset[str] = frozenset()  # files with a problem reading them: contents unknown


def check_content(
    content: Path,
    cache: ContentCache | None = None,
    idle_fixes: bool = False,
    idle_in: Collection[Path] | None = None,
) -> CheckedContent:
    """Read and check everything in `content`; problems are collected, never raised.

    With `idle_fixes` (`check` and the strict build), a fix that changes nothing is a problem
    too, in every day file or only in those `idle_in` names; other commands must still read
    such content (`fix --clear` is how it is mended, and a rule change that makes fixes idle is
    reviewed with `tags --compare`).
    """
    days, problems = read_days(content, cache)
    unread = frozenset(problem.path for problem in problems)
    taxonomy, taxonomy_problems = read_taxonomy(content, cache)
    problems += taxonomy_problems
    tagger: Tagger
    if taxonomy is not None:
        tagger = tagger_for(RuleTagger(taxonomy))
        aliases = taxonomy.aliases
    else:
        tagger = KeywordTagger(listing for day in days for listing in day.papers)
        aliases = {}
    if not taxonomy_problems:
        problems += fix_problems(content, days, set(tagger.vocabulary()), aliases)
        problems += idle_fix_problems(content, days, tagger, idle_in) if idle_fixes else []
    return CheckedContent(days, tagger, sorted(problems), aliases, unread)


def checked_content(
    content: Path, cache: ContentCache | None = None, idle_fixes: bool = False
) -> CheckedContent:
    """Every file read and checked; ContentError if anything is wrong."""
    checked = check_content(content, cache, idle_fixes)
    if checked.problems:
        raise ContentError(checked.problems)
    return checked


def fix_problems(
    content: Path, days: list[Day], vocabulary: set[str], aliases: dict[str, str]
) -> list[Problem]:
    """Every tag named in a fix must be in the vocabulary; suggest the tag that was meant."""
    problems = []
    for day in days:
        file = None  # loaded once a file, and only when it has a problem to place
        for index, fix in day.tag_fixes.items():
            for key, position, slug in _fix_tags(fix):
                if slug in vocabulary:
                    continue
                if file is None:
                    path = day_path(content, day.date)
                    file = load_yaml(path, shown_path(path, content))
                where: list[str | int] = ["papers", index, "tags", *key, position]
                problems.append(file.problem(where, unknown_tag(slug, vocabulary, aliases)))
    return problems


def _fix_tags(fix: TagFix) -> list[tuple[list[str], int, str]]:
    if fix.exact is not None:
        return [([], position, slug) for position, slug in enumerate(fix.exact)]
    return [
        ([key], position, slug)
        for key, slugs in (("add", fix.add), ("remove", fix.remove))
        for position, slug in enumerate(slugs)
    ]


def unknown_tag(slug: str, vocabulary: set[str], aliases: dict[str, str]) -> str:
    meant = aliases.get(normalise_keyword(slug))
    hint = f"; did you mean '{meant}'?" if meant else did_you_mean(slug, sorted(vocabulary))
    return f"unknown tag '{slug}' in a tag fix{hint}"


def idle_fix_problems(
    content: Path, days: list[Day], tagger: Tagger, only_in: Collection[Path] | None = None
) -> list[Problem]:
    """A fix that changes nothing is a mistake (often a fix under the wrong paper): an empty
    one, a tag both added and removed, added though the paper has it, removed though it does
    not. A paper listed on several days is judged day by day, each fix on top of the earlier;
    with `only_in`, only the fixes in those day files are reported."""
    problems = []
    known = set(tagger.vocabulary())
    reported = None if only_in is None else {path.resolve() for path in only_in}
    from generator.archive.derive import collect  # derive reads content through this module

    # A paper listed on several days is tagged from its listings combined, as the archive does.
    combined = collect(tuple(days)).combined
    before: dict[str, frozenset[str]] = {}  # a paper's tags after its earlier days' fixes
    for day in days:  # oldest first, as the archive applies the fixes
        path = day_path(content, day.date)
        report = reported is None or path.resolve() in reported
        file = None  # loaded once a file, and only when it has a problem to place
        for index, fix in day.tag_fixes.items():
            listing = day.papers[index]
            tags = before.get(listing.id)
            earlier = tags is not None
            tags = tagger.tags_for(combined.get(listing.id, listing)) if tags is None else tags
            idle = _idle_tags(fix, tags, known, earlier, listing.id)
            before[listing.id] = fix.apply(tags)
            if not idle or not report:
                continue
            if file is None:
                file = load_yaml(path, shown_path(path, content))
            at: list[str | int] = ["papers", index, "tags"]
            problems += [file.problem([*at, *where], message) for where, message in idle]
    return problems


def _idle_tags(
    fix: TagFix, tags: frozenset[str], known: set[str], earlier: bool, paper_id: str
) -> list[tuple[list[str | int], str]]:
    """What in `fix` changes nothing, given the paper's `tags` before it (the rules' own, or
    with a fix on an `earlier` day). Often the fix is under the wrong paper: a message about
    the paper's tags names the paper and its tags."""
    after = " (with its fix on an earlier day)"
    has = f"the paper already has{after}" if earlier else "the rules already give"
    lacks = f"the paper does not have{after}" if earlier else "the rules do not give"
    paper = f" (this is {printable(paper_id)}, tagged {', '.join(sorted(tags)) or 'nothing'})"
    found = _listed_twice(fix)
    if fix.exact is not None:
        if set(fix.exact) != tags:
            return found
        named = has if earlier else "the rules give"
        return [([], f"this fix lists exactly the tags {named}: it changes nothing{paper}")]
    if not fix.add and not fix.remove:
        return [([], "this fix adds and removes nothing: name a tag, or delete the empty fix")]
    for position, slug in enumerate(fix.add):
        if slug not in known or slug in fix.add[:position]:
            continue  # reported as unknown, or as listed twice, already
        if slug in fix.remove:
            found.append((["add", position], f"tag '{slug}' is both added and removed"))
        elif slug in tags:
            found.append((["add", position], f"{has} '{slug}': adding it changes nothing{paper}"))
    for position, slug in enumerate(fix.remove):
        if slug in fix.remove[:position]:
            continue
        if slug in known and slug not in tags and slug not in fix.add:
            message = f"{lacks} '{slug}': removing it changes nothing{paper}"
            found.append((["remove", position], message))
    return found


def _listed_twice(fix: TagFix) -> list[tuple[list[str | int], str]]:
    """Each tag a fix's list names again: (where in the fix, message)."""
    lists = (
        [([], fix.exact)]
        if fix.exact is not None
        else [(["add"], fix.add), (["remove"], fix.remove)]
    )
    return [
        ([*key, position], f"tag '{slug}' is listed twice")
        for key, slugs in lists
        for position, slug in enumerate(slugs)
        if slug in slugs[:position]
    ]


def kept_problems(
    content: Path, days: list[Day], base: list[Day], unread: Collection[str] = ()
) -> list[Problem]:
    """What a tag fix must not do, against the content before it (`base`, the pull request's
    base branch): add or remove a day file or a paper, or change a day's source or a paper's
    data other than its tag fix. A slip of the editor (a deleted entry, a typo in a title)
    otherwise passes every other check, and a reviewer of a long day file's diff can miss it.
    A day whose file, here or in the base, did not read (`unread`: their paths) is left out:
    what it holds is not known (its problem is reported, or the pull request mends it)."""
    now, before = {day.date: day for day in days}, {day.date: day for day in base}
    unknown = {Path(path).name for path in unread}
    problems = []
    for date in sorted(now.keys() | before.keys()):
        path = day_path(content, date)
        if path.name not in unknown:
            shown = shown_path(path, content)
            changes = _day_changes(before.get(date), now.get(date))
            problems += [Problem(shown, line, f"{what}: {_ONLY_TAGS}") for line, what in changes]
    return problems


def _day_changes(was: Day | None, day: Day | None) -> list[tuple[int | None, str]]:
    """Each change to a day file but its tag fixes: (line, what changed)."""
    if was is None or day is None:
        papers = was.papers if was is not None else day.papers if day is not None else ()
        held = counted(len(papers), "paper")
        return [(None, f"this day file was {'added' if was is None else 'removed'} ({held})")]
    found: list[tuple[int | None, str]] = []
    if was.source != day.source:
        found.append((None, "the day's 'source' changed"))
    old = {listing.id: listing for listing in was.papers}
    new = {listing.id for listing in day.papers}
    found += [(None, f"paper {_named(listing)} was removed") for listing in was.papers
              if listing.id not in new]  # fmt: skip
    for at, listing in enumerate(day.papers):
        line = day.paper_lines[at] if day.paper_lines else None
        if listing.id not in old:
            found.append((line, f"paper {_named(listing)} was added"))
        elif changed := _changed_fields(old[listing.id], listing):
            what = ", ".join(f"'{name}'" for name in changed)
            found.append((line, f"paper {printable(listing.id)}: its {what} changed"))
    return found


_ONLY_TAGS = "a tag fix changes only a paper's 'tags:' (undo the rest, or a maintainer merges)"


def _changed_fields(before: Listing, after: Listing) -> list[str]:
    return [
        field.name
        for field in fields(Listing)
        if field.name != "tag_fix" and getattr(before, field.name) != getattr(after, field.name)
    ]


def _named(listing: Listing) -> str:
    """'2505.24864 ('ProRL: Prolonged ...')': the id and the start of the title."""
    return f"{printable(listing.id)} ('{clipped(' '.join(listing.title.split()), 63)}')"
