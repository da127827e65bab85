"""Fast pattern matching for tag rules: literal triggers pick the few patterns that can match.

Running some 700 case-insensitive patterns over every abstract costs about 10 ms a paper, too slow
for 50,000 papers. Almost every pattern contains a literal that any match must contain ("quantiz"
in `quanti[sz]\\w*`), so one Aho-Corasick pass over a text finds every trigger at once, and only
the patterns whose trigger occurred are run (combined into one expression where matches are
counted or removed). The result is exactly that of running every pattern: a pattern whose
trigger is absent cannot match.

Patterns come from contributors (content/tags.yml), so they run on RE2 (google-re2), in time
linear in the text: a catastrophically backtracking pattern cannot hang a build or CI. RE2
refuses what it cannot run in linear time (backreferences, lookaround), and `check` reports it
through `compile_alternatives`, which the build uses too. RE2's \b and \\w are ASCII's.
"""

from __future__ import annotations

import re._parser as sre_parse  # the standard library's own regex parser (private, stable in 3.11)
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from ahocorasick_rs import AhoCorasick

from generator.archive.regex import Found, compile_alternatives, engine_for

_MIN_LENGTH = 3
Option = frozenset[str]


def triggers(pattern: str) -> frozenset[str] | None:
    """Lowercase strings, one of which occurs in any text `pattern` matches; None if unknown."""
    try:
        return _required(list(sre_parse.parse(pattern)))
    except (sre_parse.error, RecursionError):  # patterns are validated before this
        return None


def _required(items: list[tuple[Any, Any]]) -> Option | None:
    """The most selective set of strings, one of which every match of `items` contains."""
    options: list[Option] = []
    run: list[str] = []
    for op, value in items:
        if op is sre_parse.LITERAL:
            run.append(chr(value).lower())
            continue
        if op is sre_parse.AT:  # \b and anchors match no characters
            continue
        _flush(run, options)
        run = []
        option = _nested(op, value)
        if option is not None:
            options.append(option)
    _flush(run, options)
    return max(options, key=_selectivity, default=None)


def _flush(run: list[str], options: list[Option]) -> None:
    if len(run) >= _MIN_LENGTH:
        options.append(frozenset({"".join(run)}))


def _nested(op: Any, value: Any) -> Option | None:
    if op is sre_parse.SUBPATTERN:
        return _required(list(value[-1]))
    if op is sre_parse.BRANCH:
        branches = [_required(list(branch)) for branch in value[1]]
        if any(branch is None for branch in branches):
            return None
        return frozenset().union(*branches)  # type: ignore[arg-type]
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT) and value[0] >= 1:
        return _required(list(value[2]))
    return None


def _selectivity(option: Option) -> tuple[int, int]:
    return (min(len(text) for text in option), -len(option))


class Patterns:
    """The patterns of one rule field, matched case-insensitively on word boundaries."""

    def __init__(self, alternatives: Sequence[str]) -> None:
        self.alternatives = tuple(alternatives)
        self.triggers = tuple(triggers(alternative) for alternative in self.alternatives)
        self.always = frozenset(i for i, found in enumerate(self.triggers) if found is None)
        self.engine = engine_for(self.alternatives)  # one engine for the field, every subset

    def regex(self, active: frozenset[int]) -> Any:
        """One expression of the active alternatives (None when none can match)."""
        if not active:
            return None
        return compile_alternatives(
            tuple(self.alternatives[i] for i in sorted(active)), self.engine
        )

    def possible(self, scan: Scan) -> bool:
        """False when no alternative can match the scanned text."""
        return bool(scan.active(self))

    def search(self, text: str, scan: Scan, before: int | None = None) -> bool:
        """Whether an alternative matches (starting before index `before`, if given)."""
        return self.first(text, scan, before) is not None

    def first(self, text: str, scan: Scan, before: int | None = None) -> Found | None:
        """A match of the first alternative that matches (before index `before`, if given)."""
        # One alternative at a time: the same answer as one expression of them all, and far
        # fewer distinct expressions to compile (compiling dominates tagging a single day).
        alternatives = self.alternatives
        end = len(text) if before is None else before
        for i in sorted(scan.active(self)):
            found: Found | None = compile_alternatives((alternatives[i],), self.engine).search(text)
            if found is not None and found.start() < end:
                return found
        return None

    def count(self, text: str, scan: Scan, limit: int) -> tuple[int, Found | None]:
        """How many times (up to `limit`) the alternatives match, and the first match."""
        regex = self.regex(scan.active(self))
        matches = list(islice(regex.finditer(text), max(limit, 1))) if regex is not None else []
        return len(matches), (matches[0] if matches else None)

    def count_at_least(self, text: str, scan: Scan, count: int, before: int | None = None) -> bool:
        """Whether `count` matches occur, the first of them starting before index `before`."""
        regex = self.regex(scan.active(self))
        if regex is None:
            return False
        matches = regex.finditer(text)
        first = next(matches, None)
        if first is None or (before is not None and first.start() >= before):
            return False
        return count <= 1 or any(seen >= count for seen, _ in enumerate(matches, start=2))

    def remove(self, text: str, scan: Scan) -> str:
        regex = self.regex(scan.active(self))
        return text if regex is None else regex.sub(" ", text)


class Scan:
    """Which alternatives of every Patterns may match one text."""

    def __init__(self, hits: dict[Patterns, set[int]]) -> None:
        self._hits = hits

    def triggered(self) -> Iterable[Patterns]:
        """The Patterns with a trigger in the text (not those that always run)."""
        return self._hits.keys()

    def active(self, patterns: Patterns) -> frozenset[int]:
        hits = self._hits.get(patterns)
        return patterns.always if hits is None else patterns.always | hits


class TriggerFinder:
    """Finds every trigger of many Patterns in a text in one Aho-Corasick pass."""

    def __init__(self, all_patterns: Iterable[Patterns]) -> None:
        owners: dict[str, list[tuple[Patterns, int]]] = defaultdict(list)
        for patterns in all_patterns:
            for index, found in enumerate(patterns.triggers):
                for text in found or ():
                    owners[text].append((patterns, index))
        self._strings = sorted(owners)
        self._owners = [owners[text] for text in self._strings]
        self._automaton = AhoCorasick(self._strings) if self._strings else None

    def scan(self, text: str) -> Scan:
        hits: dict[Patterns, set[int]] = defaultdict(set)
        if self._automaton is not None:
            found = self._automaton.find_matches_as_indexes(text.lower(), overlapping=True)
            for string_index in {index for index, _, _ in found}:
                for patterns, alternative in self._owners[string_index]:
                    hits[patterns].add(alternative)
        return Scan(hits)
