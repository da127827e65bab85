"""A build stopped half way (Ctrl-C, kill -9) or a day file changed in the same instant it was read
never leaves a stale page behind (issue 20): the next build ends where a full build ends."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

import generator.build.generate as generate_module
from generator.build.generate import generate
from generator.content.store import day_files
from tests.build.test_generate import OPTIONS, assert_same_as_a_full_build
from tests.conftest import ROOT

# Kills the build (kill -9) once it has written its pages, before it saves its state.
DYING_BUILD = """
import os, signal, sys
from pathlib import Path
import generator.build.generate as g
from generator.site.options import SiteOptions
real = g._render_and_write
def dying(site, pages_dir, todo):
    real(site, pages_dir, todo)
    os.kill(os.getpid(), signal.SIGKILL)
g._render_and_write = dying
g.generate(Path(sys.argv[1]), Path(sys.argv[2]), SiteOptions())
"""


def retitle(path: Path, title: str) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["papers"][0]["title"] = title
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def interrupt(content: Path, pages: Path, how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build of `content` into `pages`, stopped after writing pages, before saving its state."""
    if how == "kill -9":
        run = subprocess.run(
            [sys.executable, "-c", DYING_BUILD, str(content), str(pages)],
            cwd=ROOT, capture_output=True, timeout=600, check=False,
        )  # fmt: skip
        assert run.returncode == -9
        return
    real = generate_module._render_and_write

    def stopping(site: object, pages_dir: Path, todo: list[object]) -> list[str]:
        real(site, pages_dir, todo)  # type: ignore[arg-type]
        raise KeyboardInterrupt  # Ctrl-C as the last page is written

    monkeypatch.setattr(generate_module, "_render_and_write", stopping)
    with pytest.raises(KeyboardInterrupt):
        generate(content, pages, OPTIONS)
    monkeypatch.undo()


@pytest.mark.slow
@pytest.mark.parametrize("how", ["Ctrl-C", "kill -9"])
def test_an_interrupted_build_then_a_revert_leaves_no_stale_page(
    content_copy: Path, tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = tmp_path / "pages"
    generate(content_copy, pages, OPTIONS)
    day = day_files(content_copy)[-1]
    original = day.read_bytes()
    retitle(day, "A title that was reverted")
    interrupt(content_copy, pages, how, monkeypatch)
    assert any(
        "A title that was reverted" in path.read_text(encoding="utf-8")
        for path in pages.rglob("*.md")
    )  # the interrupted build did write the edited text somewhere
    day.write_bytes(original)  # the edit reverted
    generate(content_copy, pages, OPTIONS)
    assert not any(
        "A title that was reverted" in path.read_text(encoding="utf-8")
        for path in pages.rglob("*.md")
    )
    assert_same_as_a_full_build(content_copy, pages, tmp_path)


def test_a_same_size_edit_in_the_same_instant_is_rebuilt(
    content_copy: Path, tmp_path: Path
) -> None:
    pages = tmp_path / "pages"
    day = day_files(content_copy)[-1]
    now = time.time_ns()
    os.utime(day, ns=(now, now))  # written just now, then read at once by the build
    generate(content_copy, pages, OPTIONS)
    text = day.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    title = data["papers"][0]["title"]
    swapped = title.swapcase() if title.swapcase() != title else title + "?"
    edited = text.replace(title, swapped, 1)
    assert len(edited.encode()) == len(text.encode()) or swapped.endswith("?")
    day.write_text(edited, encoding="utf-8")
    os.utime(day, ns=(now, now))  # the same time and size: only the bytes tell
    generate(content_copy, pages, OPTIONS)
    assert_same_as_a_full_build(content_copy, pages, tmp_path)
