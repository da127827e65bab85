"""CONTRIBUTING.md's worked example still works: its diff, pasted as shown, and its `fix`
command both pass `check` (the first example removed a tag the paper did not have, and failed).
On the fixture archive, which holds the real day the example names as `content/` does, so that
a fork which replaces `content/` with its own days keeps these tests."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import yaml

from generator.commands.cli import main
from tests.conftest import ROOT

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def example_diff() -> tuple[str, list[str]]:
    """The paper id the guide's diff fixes, and the lines it adds."""
    (diff,) = re.findall(r"```diff\n(.*?)```", GUIDE, re.S)
    (paper_id,) = re.findall(r"^ - id: '([^']+)'", diff, re.M)
    return paper_id, [line[1:] for line in diff.splitlines() if line.startswith("+")]


def day_file_of(content: Path, paper_id: str) -> Path:
    (path,) = [
        p for p in (content / "days").rglob("*.yml") if f"- id: '{paper_id}'\n" in p.read_text()
    ]
    return path


def stored_fix(content: Path, paper_id: str) -> object:
    papers = yaml.safe_load(day_file_of(content, paper_id).read_text(encoding="utf-8"))["papers"]
    return next(paper for paper in papers if paper["id"] == paper_id)["tags"]


def the_guides_fix(added: list[str]) -> object:
    """The `tags:` value the guide's added lines write (they are indented under a paper)."""
    return yaml.safe_load("\n".join(line[2:] for line in added))["tags"]


def test_the_guides_diff_pasted_as_shown_passes_check(content_copy: Path) -> None:
    content = content_copy
    paper_id, added = example_diff()
    path = day_file_of(content, paper_id)
    anchor = f"- id: '{paper_id}'\n"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(anchor, anchor + "".join(f"{line}\n" for line in added)))
    assert main(["check", "--content", str(content)]) == 0
    assert stored_fix(content, paper_id) == the_guides_fix(added)


def test_the_guides_fix_command_writes_a_fix_that_passes_check(content_copy: Path) -> None:
    content = content_copy
    (command,) = re.findall(r"^\.venv/bin/python -m generator (fix .*)$", GUIDE, re.M)
    assert main([*shlex.split(command), "--content", str(content)]) == 0
    assert main(["check", "--content", str(content)]) == 0
    paper_id, added = example_diff()
    assert stored_fix(content, paper_id) == the_guides_fix(added)


def test_a_day_file_saved_with_windows_line_endings_changes_only_its_edited_lines(
    tmp_path: Path, fixture_content: Path
) -> None:
    """.gitattributes keeps day files LF: a CRLF editor's fix is a one-line diff, not 400."""
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shutil.copy(ROOT / ".gitattributes", tmp_path)
    day = tmp_path / "content" / "days" / "2025" / "2025-06-02.yml"
    day.parent.mkdir(parents=True)
    shutil.copy(fixture_content / "days" / "2025" / "2025-06-02.yml", day)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "base"], check=True)
    text = day.read_text(encoding="utf-8").replace(
        "- id: '2505.24862'\n", "- id: '2505.24862'\n  tags: [code]\n"
    )
    day.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    subprocess.run([*git, "add", "."], check=True)
    numstat = subprocess.run(
        [*git, "diff", "--cached", "--numstat"], check=True, capture_output=True, text=True
    ).stdout
    assert numstat.split() == ["1", "0", "content/days/2025/2025-06-02.yml"]
