"""The tag vocabulary, `content/tags.yml`: tags, their families, and the rules that assign them.

A tag's rules (all optional):
- `title`: patterns; one match in the title assigns the tag.
- `title_weak`: patterns too ambiguous to decide alone ("Graph", "Reconstruction"); a match in
  the title assigns the tag only with one more piece of evidence: a keyword, or any match of
  `abstract_any` or `abstract` anywhere in the abstract.
- `abstract_any`: patterns decisive on their own; one match in the abstract assigns the tag.
- `abstract`: patterns; `min_abstract` matches in the abstract (default 2) assign it.
- `keywords`: aliases; a source keyword (`ai_keywords`) equal to one assigns it. Case, hyphens,
  plurals and a parenthesised part are ignored: "Large Language Models (LLMs)" equals "llm".
- `ignore`: patterns never counted as a match ("pay attention to" is not about attention).
- `unless`: patterns that, found in the title or abstract, keep the tag off.
- `implies`: broader tags that come with this one (KV-cache work is efficient-inference work).
Patterns are regular expressions matched case-insensitively on word boundaries; write
`(?-i:MoE)` for a case-sensitive one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from generator.archive.model import Tag
from generator.archive.prefilter import Patterns, TriggerFinder
from generator.archive.regex import check_patterns
from generator.content.schema import did_you_mean
from generator.content.store import shown_path
from generator.content.yamlfile import KeyPath, YamlFile, YamlSyntaxError, load_yaml
from generator.errors import ContentError, Problem
from generator.hashes import digest
from generator.text import tag_slug

TAGS_FILE = "tags.yml"
TAG_KEYS = (
    "slug", "name", "description", "title", "title_weak", "abstract_any", "abstract",
    "min_abstract", "keywords", "ignore", "unless", "implies",
)  # fmt: skip
_PATTERN_KEYS = ("title", "title_weak", "abstract_any", "abstract", "ignore", "unless")
_PARENTHESES = re.compile(r"\([^)]*\)")
_SEPARATORS = re.compile(r"[\s\-_/]+")


def normalise_keyword(keyword: str) -> str:
    """The form keywords and aliases compare in ("LLMs (large language models)" -> "llm")."""
    text = _PARENTHESES.sub(" ", keyword.lower())
    words = _SEPARATORS.sub(" ", text).strip().split(" ")
    return " ".join(word[:-1] if len(word) > 3 and word.endswith("s") else word for word in words)


@dataclass(frozen=True)
class Rule:
    """The compiled rules of one tag."""

    slug: str
    title: Patterns | None
    abstract_any: Patterns | None
    abstract: Patterns | None
    min_abstract: int
    keywords: frozenset[str]
    ignore: Patterns | None
    unless: Patterns | None
    implies: tuple[str, ...] = ()
    title_weak: Patterns | None = None

    def patterns(self) -> list[Patterns]:
        fields = [self.title, self.title_weak, self.abstract_any, self.abstract, self.ignore]
        return [field for field in (*fields, self.unless) if field is not None]


@dataclass(frozen=True)
class Taxonomy:
    tags: dict[str, Tag]
    rules: tuple[Rule, ...]
    aliases: dict[str, str]  # every name, slug and alias (normalised) -> slug, for fixes
    source_digest: bytes = b""  # a hash of tags.yml: cached tags are only valid for it

    @cached_property
    def finder(self) -> TriggerFinder:
        return TriggerFinder(patterns for rule in self.rules for patterns in rule.patterns())

    def __getstate__(self) -> dict[str, object]:
        # The build state keeps a checked vocabulary; the trigger finder is rebuilt on use.
        return {key: value for key, value in self.__dict__.items() if key != "finder"}


def compile_patterns(patterns: list[str]) -> Patterns | None:
    return Patterns(patterns) if patterns else None


@dataclass
class _Reader:
    file: YamlFile
    problems: list[Problem]

    def report(self, keys: KeyPath, message: str) -> None:
        self.problems.append(self.file.problem(keys, message))


class TaxonomyCache(Protocol):
    """The vocabulary checked last (a build's state keeps it): the same bytes need no check."""

    taxonomy: Taxonomy | None

    def remember_taxonomy(self, taxonomy: Taxonomy) -> None: ...


def read_taxonomy(
    content: Path, cache: TaxonomyCache | None = None
) -> tuple[Taxonomy | None, list[Problem]]:
    """The vocabulary in `content/tags.yml` (None when there is none) and its problems."""
    path = content / TAGS_FILE
    if not path.exists():
        return None, []
    return read_taxonomy_file(path, shown_path(path, content), cache)


def read_taxonomy_file(
    path: Path, shown: str, cache: TaxonomyCache | None = None
) -> tuple[Taxonomy | None, list[Problem]]:
    """The vocabulary in the file at `path` (named `shown` in problems) and its problems."""
    source_digest = digest(path.read_bytes())
    known = cache.taxonomy if cache is not None else None
    if known is not None and known.source_digest == source_digest:
        return known, []
    try:
        file = load_yaml(path, shown)
    except YamlSyntaxError as error:
        return None, [error.problem]
    reader = _Reader(file, [])
    taxonomy = replace(_taxonomy(reader), source_digest=source_digest)
    if reader.problems:
        return None, reader.problems
    if cache is not None:
        cache.remember_taxonomy(taxonomy)
    return taxonomy, []


def load_taxonomy(content: Path) -> Taxonomy | None:
    """The vocabulary, or None when there is none; ContentError if it does not validate."""
    taxonomy, problems = read_taxonomy(content)
    if problems:
        raise ContentError(problems)
    return taxonomy


def load_taxonomy_file(path: Path) -> Taxonomy:
    """The vocabulary in any file shaped like `tags.yml`; ContentError if it does not validate."""
    taxonomy, problems = read_taxonomy_file(path, path.as_posix())
    if taxonomy is None:
        raise ContentError(problems)
    return taxonomy


def _taxonomy(reader: _Reader) -> Taxonomy:
    data = reader.file.data
    families = data.get("families") if isinstance(data, dict) else None
    if not isinstance(families, dict):
        reader.report([], "tags.yml should hold 'families:', a mapping of family names to tags")
        return Taxonomy({}, (), {})
    tags: dict[str, Tag] = {}
    rules: list[Rule] = []
    owners: dict[str, tuple[str, int]] = {}
    for family, entries in families.items():
        if not isinstance(entries, list):
            reader.report(["families", family], f"family '{family}' should be a list of tags")
            continue
        for index, entry in enumerate(entries):
            at: list[str | int] = ["families", family, index]
            read = _tag(reader, str(family), entry, at)
            if read is None:
                continue
            tag, rule, names = read
            if tag.slug in tags:
                reader.report([*at, "slug"], f"duplicate tag slug '{tag.slug}'")
                continue
            _claim_names(reader, owners, tag.slug, names, at)
            tags[tag.slug] = tag
            rules.append(rule)
    _check_implied(reader, tags, rules)
    aliases = {name: slug for name, (slug, _) in owners.items()}
    return Taxonomy(tags, tuple(rules), aliases)


def _check_implied(reader: _Reader, tags: dict[str, Tag], rules: list[Rule]) -> None:
    families = reader.file.data["families"]  # type: ignore[index]
    where = {
        str(entry.get("slug")): ["families", family, index]
        for family, entries in families.items()
        if isinstance(entries, list)
        for index, entry in enumerate(entries)
        if isinstance(entry, dict)
    }
    for rule in rules:
        for slug in rule.implies:
            if slug not in tags:
                reader.report(
                    [*where[rule.slug], "implies"],
                    f"'{rule.slug}' implies unknown tag '{slug}'{did_you_mean(slug, list(tags))}",
                )


def _claim_names(
    reader: _Reader,
    owners: dict[str, tuple[str, int]],
    slug: str,
    names: list[tuple[str, KeyPath]],
    at: KeyPath,
) -> None:
    """Every alias belongs to one tag: two tags claiming one spelling is a mistake."""
    for name, where in names:
        key = normalise_keyword(name)
        owner = owners.get(key)
        if owner is not None and owner[0] != slug:
            reader.report(
                where,
                f"alias '{name}' of '{slug}' is already an alias of '{owner[0]}' (line {owner[1]})",
            )
        elif owner is None:
            owners[key] = (slug, reader.file.line(where))


def _tag(
    reader: _Reader, family: str, entry: object, at: list[str | int]
) -> tuple[Tag, Rule, list[tuple[str, KeyPath]]] | None:
    if not isinstance(entry, dict):
        reader.report(at, "a tag should be a mapping with 'slug', 'name' and 'description'")
        return None
    before = len(reader.problems)
    for key in entry:
        if key not in TAG_KEYS:
            reader.report([*at, str(key)], f"unknown key '{key}'{did_you_mean(str(key), TAG_KEYS)}")
    slug, name = _text(reader, entry, "slug", at), _text(reader, entry, "name", at)
    description = _text(reader, entry, "description", at)
    if slug is not None and slug != tag_slug(slug):
        reader.report([*at, "slug"], f"slug '{slug}' should be lowercase words joined by '-'")
    patterns = {key: _patterns(reader, entry, key, at) for key in _PATTERN_KEYS}
    keywords = _strings(reader, entry, "keywords", at)
    minimum = entry.get("min_abstract", 2)
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1:
        reader.report([*at, "min_abstract"], "'min_abstract' should be a whole number from 1")
    if slug is None or name is None or description is None or len(reader.problems) > before:
        return None
    rule = Rule(
        slug=slug,
        title=compile_patterns(patterns["title"]),
        abstract_any=compile_patterns(patterns["abstract_any"]),
        abstract=compile_patterns(patterns["abstract"]),
        min_abstract=minimum,
        keywords=frozenset(normalise_keyword(k) for k in keywords),
        ignore=compile_patterns(patterns["ignore"]),
        unless=compile_patterns(patterns["unless"]),
        implies=tuple(_strings(reader, entry, "implies", at)),
        title_weak=compile_patterns(patterns["title_weak"]),
    )
    names: list[tuple[str, KeyPath]] = [(slug, [*at, "slug"]), (name, [*at, "name"])]
    names += [(k, [*at, "keywords", i]) for i, k in enumerate(keywords)]
    return Tag(slug=slug, name=name, description=description, family=family), rule, names


def _text(reader: _Reader, entry: dict[str, Any], key: str, at: KeyPath) -> str | None:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        reader.report([*at, key] if key in entry else at, f"a tag needs '{key}' (text)")
        return None
    return value


def _strings(reader: _Reader, entry: dict[str, Any], key: str, at: KeyPath) -> list[str]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        reader.report([*at, key], f"'{key}' should be a list of text")
        return []
    return value


def _patterns(reader: _Reader, entry: dict[str, Any], key: str, at: KeyPath) -> list[str]:
    patterns = _strings(reader, entry, key, at)
    # Compiled exactly as the build compiles them (archive.regex): alone, and all together.
    for index, message in check_patterns(patterns):
        reader.report([*at, key] if index is None else [*at, key, index], message)
    return patterns
