"""Property-based tests of the importers: any input imports, or fails with a clear message
naming the file; never a traceback, never a partial write."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.archive.check import check_content
from generator.commands.cli import main
from tests.conftest import HF, ROOT, tree_digest

# Hypothesis runs each property on 120 inputs: seconds each.
pytestmark = pytest.mark.slow

SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Values of any JSON type, and text that looks like the real thing more often than not.
texts = st.one_of(st.text(max_size=80), st.sampled_from(["", " ", "\x00", "<b>x</b>", "{{ x }}"]))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), texts)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)  # fmt: skip
papers = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.sampled_from(["2505.24864", "2506.0000", "cs/0112017"]), values),
        "title": st.one_of(texts, values),
        "summary": st.one_of(texts, values),
        "authors": st.one_of(st.lists(st.fixed_dictionaries({"name": texts}), max_size=3), values),
        "upvotes": st.one_of(st.integers(), values),
        "githubRepo": st.one_of(
            st.sampled_from(["https://github.com/a/b", "javascript:x"]), values
        ),
        "ai_keywords": st.one_of(st.lists(texts, max_size=3), values),
    },
)
entries = st.one_of(
    st.fixed_dictionaries({"paper": papers}),
    papers,
    values,
    st.builds(lambda paper: repr({"paper": paper}), papers),  # a Python-repr entry
)
responses = st.one_of(
    st.lists(entries, max_size=5),
    st.fixed_dictionaries(
        {
            "status": values,
            "date": st.sampled_from(["2025-06-02", "2025-13-45", ""]),
            "data": st.lists(entries, max_size=5),
        }
    ),
    values,
)


def seeded(content: Path) -> None:
    """A content folder already holding one real day, to prove nothing stored is lost."""
    shutil_copy = (ROOT / "content" / "tags.yml").read_bytes()
    content.mkdir()
    (content / "tags.yml").write_bytes(shutil_copy)
    assert main(["import", "--content", str(content), str(HF / "2025-06-02.json")]) == 0


def imports_cleanly_or_fails_clearly(
    source: bytes, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        seeded(content)
        capsys.readouterr()
        before = tree_digest(content)
        listing = Path(folder) / f"2025-06-03{suffix}"
        listing.write_bytes(source)
        code = main(["import", "--content", str(content), "--date", "2025-06-03", str(listing)])
        err = capsys.readouterr().err
        assert "Traceback" not in err
        if code == 0:
            assert check_content(content).problems == []
            assert "2025-06-02" in "".join(p.name for p in (content / "days" / "2025").iterdir())
        else:
            assert code == 1
            assert str(listing) in err, err
            assert tree_digest(content) == before


@SETTINGS
@given(response=responses)
def test_any_json_response(response: Any, capsys: pytest.CaptureFixture[str]) -> None:
    source = json.dumps(response, allow_nan=True).encode()
    imports_cleanly_or_fails_clearly(source, ".json", capsys)


@SETTINGS
@given(
    lines=st.lists(
        st.one_of(
            texts,
            st.sampled_from(
                ["Daily Papers", "Jun 3", "Aug 12", "by AK and the research community"]
            ),
        ),
        max_size=12,
    )
)
@example(lines=["0\x1e", "0\x1e", "0\x1e", "0"])  # two titles, one id: once failed
def test_any_copied_page_text(lines: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    source = "\n".join(lines).encode("utf-8", "surrogatepass")
    imports_cleanly_or_fails_clearly(source, ".txt", capsys)


@SETTINGS
@given(data=st.binary(max_size=200))
def test_any_bytes(data: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    imports_cleanly_or_fails_clearly(data, ".txt", capsys)
