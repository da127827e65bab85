"""Contributor patterns cannot hang a build or CI (issue 20): `check` compiles them as the build
does, runs what RE2 accepts in linear time, and refuses backtracking shapes elsewhere."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.archive.prefilter import Patterns, TriggerFinder
from generator.archive.regex import PYTHON, RE2, backtracking_risk, check_patterns, engine_for
from tests.archive.test_check import TAGS, content_with, messages
from tests.conftest import ROOT

EVIL = "a" * 5000 + "!"


def tags_with(pattern: str) -> str:
    return TAGS.replace("title: ['kv cache']", f"title: ['kv cache', {pattern!r}]")


def test_a_catastrophic_pattern_runs_in_linear_time_on_re2() -> None:
    patterns = Patterns(["(a+)+$"])
    assert patterns.engine == RE2
    finder = TriggerFinder([patterns])
    # On Python's re this search takes longer than the universe; RE2 answers at once.
    assert not patterns.search(EVIL, finder.scan(EVIL))


def test_check_refuses_backtracking_where_re2_cannot_run(tmp_path: Path) -> None:
    content = content_with(tmp_path, tags=tags_with("(?!x)(a+)+$"))
    assert messages(content) == [
        "tags.yml:11: '(?!x)(a+)+$' could take exponential time: a repeat inside a repeat (like (a+)+)"
    ]


def test_check_and_the_build_agree_on_flags_and_group_names(tmp_path: Path) -> None:
    """Both passed `check` alone and crashed the build once combined with `re.error`."""
    flag = messages(content_with(tmp_path / "flag", tags=tags_with("(?<!x)a(?i)b")))
    assert flag == [
        "tags.yml:11: '(?<!x)a(?i)b' is not a valid pattern: global flags not at the start of "
        "the expression at position 7"
    ]
    names = TAGS.replace("title: ['kv cache']", "title: ['(?<!x)(?P<n>kv)', '(?P<n>cache)']")
    assert messages(content_with(tmp_path / "names", tags=names)) == [
        "tags.yml:11: these patterns do not compile together: redefinition of group name 'n' "
        "as group 2; was group 1"
    ]


def test_a_hanging_pattern_fails_check_quickly_on_the_command_line(tmp_path: Path) -> None:
    content = content_with(tmp_path, tags=tags_with("(?=a)(a|aa)*$"))
    (content / "days" / "2025" / "2025-06-02.yml").write_text(
        f"date: 2025-06-02\npapers:\n- id: '1'\n  title: '{EVIL}'\n"
    )
    run = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--content", str(content)],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 1 and "could take exponential time" in run.stdout


pieces = st.sampled_from(
    ["a", "b", "\\w", "[ab]", "(?:a|ab)", "(?:a|b)", "x", " ", "(?=a)", "(?<!b)"]
)
quantifiers = st.sampled_from(["", "+", "*", "?", "{0,3}", "{2,}"])
parts = st.tuples(pieces, quantifiers).map("".join)
patterns = st.lists(parts, min_size=1, max_size=4).map("".join) | st.lists(
    st.lists(parts, min_size=1, max_size=3).map("".join), min_size=1, max_size=2
).map(lambda group: "(?:" + "".join(group) + ")" + "+")


@settings(max_examples=300, deadline=None)
@given(st.lists(patterns, min_size=1, max_size=3))
def test_every_field_check_accepts_compiles_and_runs_bounded(alternatives: list[str]) -> None:
    """Whatever `check` accepts, the build compiles (no re.error later), and on Python's re only
    patterns without the backtracking shapes run."""
    if check_patterns(alternatives):
        return
    field = Patterns(alternatives)
    finder = TriggerFinder([field])
    text = "ab " * 300 + "a" * 300 + "!"
    field.search(text, finder.scan(text))
    field.count_at_least(text, finder.scan(text), 2)
    if engine_for(tuple(alternatives)) == PYTHON:
        assert all(backtracking_risk(alternative) is None for alternative in alternatives)
        for alternative in alternatives:
            re.compile(alternative)
