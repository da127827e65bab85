"""Contributor patterns (content/tags.yml) compiled so that none can hang a build or CI.

A field's patterns run on RE2 (google-re2) whenever RE2 accepts them all: in time linear in the
text, whatever the pattern. RE2 refuses lookaround, which the vocabulary uses ("pre-?train(?!ed)");
such a field runs on Python's `re`, and each of its patterns must then be free of the shapes that
backtrack catastrophically: a repeat of more than a few rounds around another unbounded repeat or
an alternation (`(a+)+`, `(a|ab)*`, `(\\w+ ?)*`). `check` compiles every field exactly as the
build does (`check_patterns`), and reports what RE2 and this rule refuse.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # the standard library's own regex parser (private, stable in 3.11)
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

import re2  # type: ignore[import-untyped]

RE2, PYTHON = "re2", "re"
_FEW = 10  # a repeat of at most this many rounds cannot multiply the work by much


def _options() -> Any:
    options = re2.Options()
    options.case_sensitive = False
    options.never_capture = True  # groups are never read: two alternatives may name one alike
    options.log_errors = False  # refusals are reported by `check`, not logged to stderr
    return options


_OPTIONS = _options()


class Found(Protocol):
    """A match, from either engine: where it is and what it matched."""

    def start(self) -> int: ...
    def end(self) -> int: ...
    def group(self, index: int = 0) -> str: ...


class PatternError(ValueError):
    """A pattern neither engine may run, and why."""


def _expression(alternatives: tuple[str, ...]) -> str:
    joined = "|".join(f"(?:{alternative})" for alternative in alternatives)
    return rf"\b(?:{joined})\b"


@lru_cache(maxsize=65536)
def compile_alternatives(alternatives: tuple[str, ...], engine: str) -> Any:
    """The expression the build runs: any of `alternatives`, case-insensitive, on word bounds."""
    expression = _expression(alternatives)
    if engine == RE2:
        try:
            return re2.compile(expression, _OPTIONS)
        except re2.error as error:
            raise PatternError(_reason(error)) from None
    try:
        return re.compile(expression, re.IGNORECASE)
    except re.error as error:
        raise PatternError(str(error)) from None


def _reason(error: Exception) -> str:
    reason = error.args[0] if error.args else "refused"
    return reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)


@lru_cache(maxsize=4096)
def engine_for(alternatives: tuple[str, ...]) -> str:
    """RE2 when it accepts every alternative; else Python's re (see the module's rules)."""
    for alternative in alternatives:
        try:
            compile_alternatives((alternative,), RE2)
        except PatternError:
            return PYTHON
    return RE2


def check_patterns(alternatives: Sequence[str]) -> list[tuple[int | None, str]]:
    """What keeps a field's patterns from running, by position (None: the field as a whole)."""
    found: list[tuple[int | None, str]] = []
    engine = engine_for(tuple(alternatives))
    for index, alternative in enumerate(alternatives):
        try:
            compile_alternatives((alternative,), engine)
        except PatternError as error:
            found.append((index, _refusal(alternative, engine, str(error))))
            continue
        if engine == PYTHON and (risk := backtracking_risk(alternative)) is not None:
            found.append((index, f"'{alternative}' could take exponential time: {risk}"))
    if not found and len(alternatives) > 1:
        try:
            compile_alternatives(tuple(alternatives), engine)
        except PatternError as error:
            # A position in the combined expression would point nowhere in the file.
            reason = re.sub(r" at position \d+$", "", str(error))
            found.append((None, f"these patterns do not compile together: {reason}"))
    return found


def _refusal(alternative: str, engine: str, reason: str) -> str:
    if engine == PYTHON:
        try:  # the reason with positions in the pattern as written
            re.compile(alternative)
        except re.error as error:
            reason = str(error)
    return f"'{alternative}' is not a valid pattern: {reason}"


def backtracking_risk(pattern: str) -> str | None:
    """Why `pattern` could backtrack catastrophically on Python's re, or None."""
    try:
        return _risk(list(sre_parse.parse(pattern)), inside=False)
    except (sre_parse.error, RecursionError, OverflowError):
        return None  # compiling reports it


def _prefix_free(branches: list[Any]) -> bool:
    """Whether the alternatives are words none of which begins another ("new |novel "): each
    round of the repeat then has one way to match, and nothing multiplies."""
    words = []
    for branch in branches:
        if not all(op is sre_parse.LITERAL for op, _ in branch):
            return False
        words.append("".join(chr(code) for _, code in branch).lower())
    return not any(a != b and b.startswith(a) for a in words for b in words) and len(
        set(words)
    ) == len(words)


def _risk(items: list[tuple[Any, Any]], inside: bool) -> str | None:
    """`inside`: within a repeat of many rounds, where any ambiguity multiplies."""
    for op, value in items:
        found = None
        if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT):
            many = value[1] > _FEW
            if many and inside:
                return "a repeat inside a repeat (like (a+)+)"
            found = _risk(list(value[2]), inside or many)
        elif op is sre_parse.BRANCH:
            if inside and not _prefix_free(value[1]):
                return "alternatives inside a repeat (like (a|ab)*)"
            found = next(filter(None, (_risk(list(b), inside) for b in value[1])), None)
        elif op is sre_parse.SUBPATTERN:
            found = _risk(list(value[-1]), inside)
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            found = _risk(list(value[1]), inside)
        if found:
            return found
    return None
