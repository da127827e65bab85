"""`python -m generator check`: every kind of content problem, with its exact message and line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.archive.check import check_content
from generator.commands.cli import main
from tests.conftest import ROOT

TAGS = """\
families:
  Efficiency:
    - slug: quantization
      name: Quantization
      description: Lower precision.
      title: ['quanti[sz]\\w*']
      keywords: [quantization, ptq]
    - slug: kv-cache
      name: KV cache
      description: The key-value cache.
      title: ['kv cache']
"""


def content_with(tmp_path: Path, day: str | None = None, tags: str = TAGS) -> Path:
    content = tmp_path / "content"
    (content / "days" / "2025").mkdir(parents=True)
    (content / "tags.yml").write_text(tags)
    if day is not None:
        (content / "days" / "2025" / "2025-06-02.yml").write_text(day)
    return content


def messages(content: Path) -> list[str]:
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in check_content(content).problems]


DAY = """\
date: 2025-06-02
papers:
- id: '2505.00001'
  title: A quantized model
- id: '2505.00002'
  title: ''
- id: '2505.00001'
  title: Listed again
"""


def test_every_day_file_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    assert messages(content_with(tmp_path, DAY)) == [
        "2025-06-02.yml:6: 'title' is empty",
        "2025-06-02.yml:7: paper '2505.00001' is listed twice in this day (first at line 3)",
    ]


def test_unknown_tags_in_a_fix_suggest_the_tag_meant(tmp_path: Path) -> None:
    day = "date: 2025-06-02\npapers:\n- id: '1'\n  title: T\n  tags:\n    add: [kv-cahce]\n    remove: [ptq]\n"
    assert messages(content_with(tmp_path, day)) == [
        "2025-06-02.yml:6: unknown tag 'kv-cahce' in a tag fix; did you mean 'kv-cache'?",
        "2025-06-02.yml:7: unknown tag 'ptq' in a tag fix; did you mean 'quantization'?",
    ]


def test_an_exact_tag_list_is_checked_too(tmp_path: Path) -> None:
    day = "date: 2025-06-02\npapers:\n- id: '1'\n  title: T\n  tags: [quantization, nonsense]\n"
    assert messages(content_with(tmp_path, day)) == [
        "2025-06-02.yml:5: unknown tag 'nonsense' in a tag fix",
    ]


def test_yaml_syntax_errors_name_the_line(tmp_path: Path) -> None:
    day = "date: 2025-06-02\npapers:\n- id: '1'\n  title: [unclosed\n"
    found = messages(content_with(tmp_path, day))
    assert len(found) == 1 and found[0].startswith("2025-06-02.yml:5: YAML syntax")


def test_duplicate_slugs_and_aliases_in_the_vocabulary(tmp_path: Path) -> None:
    tags = (
        TAGS
        + """\
    - slug: quantization
      name: Quantisation again
      description: A duplicate.
    - slug: low-bit
      name: Low bit
      description: Claims an alias of quantization.
      keywords: [PTQ]
"""
    )
    assert messages(content_with(tmp_path, tags=tags)) == [
        "tags.yml:12: duplicate tag slug 'quantization'",
        "tags.yml:18: alias 'PTQ' of 'low-bit' is already an alias of 'quantization' (line 7)",
    ]


def test_vocabulary_schema_problems(tmp_path: Path) -> None:
    tags = """\
families:
  Efficiency:
    - slug: Bad Slug
      name: Bad
      description: A slug with spaces.
      titel: ['x']
    - slug: broken
      name: Broken
      description: A pattern that does not compile.
      title: ['quanti(']
      implies: [nowhere]
"""
    assert messages(content_with(tmp_path, tags=tags)) == [
        "tags.yml:3: slug 'Bad Slug' should be lowercase words joined by '-'",
        "tags.yml:6: unknown key 'titel'; did you mean 'title'?",
        "tags.yml:10: 'quanti(' is not a valid pattern: missing ), unterminated subpattern at position 6",
    ]


def test_check_exits_non_zero_and_annotates_for_github(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = content_with(tmp_path, DAY)
    assert main(["check", "--content", str(content)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("2025-06-02.yml:6: 'title' is empty")
    assert main(["check", "--github", "--content", str(content)]) == 1
    annotation = capsys.readouterr().out.splitlines()[0]
    assert annotation.startswith("::error file=")
    assert annotation.endswith("2025-06-02.yml,line=6::'title' is empty")


@pytest.mark.live_content
def test_the_default_content_passes(capsys: pytest.CaptureFixture[str]) -> None:
    """The repository's own `content/`, read on purpose: what is committed checks, as the
    publish checks it (a refetch may make a fix idle; a pull request answers for its own idle
    fixes in the workflow's check step, so this test must not fail it for main's)."""
    assert main(["check", "--allow-idle-fixes", "--content", str(ROOT / "content")]) == 0
    assert "no problems" in capsys.readouterr().out


def test_the_command_line_runs_check(tmp_path: Path) -> None:
    content = content_with(tmp_path, DAY)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--content", str(content)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "'title' is empty" in result.stdout


def test_mkdocs_build_fails_on_the_same_problems(tmp_path: Path) -> None:
    """A plain `mkdocs build` (the plugin, no pre-check of ours) stops on the same problem."""
    content_with(tmp_path, DAY)
    for folder in ("docs", "overrides"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tmp_path / "mkdocs.yml")],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "2025-06-02.yml:6: 'title' is empty" in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()
