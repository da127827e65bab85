"""`check`: validate all content before anything is built, reporting every problem at once.

Day files (schema, duplicate ids, empty titles), the vocabulary (schema, duplicate slugs and
aliases) and people's tag fixes (every tag must be in the vocabulary) are all checked here; the
MkDocs build runs the same checks and fails on the same problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from generator.archive.model import Day, TagFix
from generator.archive.tagging import KeywordTagger, RuleTagger, Tagger
from generator.archive.taxonomy import TaxonomyCache, normalise_keyword, read_taxonomy
from generator.archive.training import tagger_for
from generator.content.schema import did_you_mean
from generator.content.store import DayCache, day_path, read_days, shown_path
from generator.content.yamlfile import load_yaml
from generator.errors import ContentError, Problem


class ContentCache(DayCache, TaxonomyCache, Protocol):
    """What a build keeps of the content it read last (see content.store, archive.taxonomy)."""


@dataclass(frozen=True)
class CheckedContent:
    days: list[Day]
    tagger: Tagger
    problems: list[Problem]
    aliases: dict[str, str]  # the vocabulary's keyword spellings, for "did you mean"


def check_content(
    content: Path, cache: ContentCache | None = None, idle_fixes: bool = False
) -> CheckedContent:
    """Read and check everything in `content`; problems are collected, never raised.

    With `idle_fixes` (`check` and the strict build), a fix that changes nothing is a problem
    too; other commands must still read such content (`fix --clear` is how it is mended, and a
    rule change that makes fixes idle is reviewed with `tags --compare`).
    """
    days, problems = read_days(content, cache)
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
        problems += idle_fix_problems(content, days, tagger) if idle_fixes else []
    return CheckedContent(days, tagger, sorted(problems), aliases)


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


def idle_fix_problems(content: Path, days: list[Day], tagger: Tagger) -> list[Problem]:
    """A fix that changes nothing is a mistake (often a fix under the wrong paper): a tag both
    added and removed, added though the rules give it, removed though they do not."""
    problems = []
    for day in days:
        for index, fix in day.tag_fixes.items():
            automatic = tagger.tags_for(day.papers[index])
            idle = _idle_tags(fix, automatic, set(tagger.vocabulary()))
            if idle:
                path = day_path(content, day.date)
                file = load_yaml(path, shown_path(path, content))
                at: list[str | int] = ["papers", index, "tags"]
                problems += [file.problem([*at, *where], message) for where, message in idle]
    return problems


def _idle_tags(
    fix: TagFix, automatic: frozenset[str], known: set[str]
) -> list[tuple[list[str | int], str]]:
    if fix.exact is not None:
        if set(fix.exact) != automatic:
            return []
        return [([], "this fix lists exactly the tags the rules give: it changes nothing")]
    found: list[tuple[list[str | int], str]] = []
    for position, slug in enumerate(fix.add):
        if slug not in known:
            continue  # reported as unknown already
        if slug in fix.remove:
            found.append((["add", position], f"tag '{slug}' is both added and removed"))
        elif slug in automatic:
            found.append(
                (["add", position], f"the rules already give '{slug}': adding it changes nothing")
            )
    for position, slug in enumerate(fix.remove):
        if slug in known and slug not in automatic and slug not in fix.add:
            message = f"the rules do not give '{slug}': removing it changes nothing"
            found.append((["remove", position], message))
    return found
