"""Work beside the build: results come back from the forked process, and so do its failures."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.parallel import Background


def test_the_result_comes_from_another_process_and_the_work_goes_on(tmp_path: Path) -> None:
    marker = tmp_path / "saved"

    def work(answer: Callable[[int], None]) -> None:
        answer(os.getpid())
        marker.write_text("after the answer", encoding="utf-8")

    background = Background(work)
    assert background.result() != os.getpid()
    background.finish()
    assert marker.read_text(encoding="utf-8") == "after the answer"


def test_a_failure_before_the_answer_is_raised_by_result() -> None:
    def work(answer: Callable[[int], None]) -> None:
        raise ValueError("no vectors")

    background = Background(work)
    with pytest.raises(ValueError, match="no vectors"):
        background.result()


def test_a_failure_after_the_answer_is_raised_by_finish() -> None:
    def work(answer: Callable[[int], None]) -> None:
        answer(1)
        raise OSError("disk full")

    background = Background(work)
    assert background.result() == 1
    with pytest.raises(OSError, match="disk full"):
        background.finish()


def test_a_process_that_dies_is_reported() -> None:
    def work(answer: Callable[[int], None]) -> None:
        os._exit(3)

    background = Background(work)
    with pytest.raises(RuntimeError, match="exit code 3"):
        background.result()
