"""`fix PAPER_ID`: a paper's tag fix changed from the command line, written as a person would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from generator.archive.derive import load_archive_and_tagger
from generator.archive.model import Paper, TagFix
from generator.commands.cli import main
from generator.commands.fixes import FixRequest, changed_fix
from generator.content.store import day_path
from generator.text import arxiv_id_in
from tests.conftest import tree_digest, write_fix

TWICE = "2506.01939"  # the fixture paper listed on two days (2025-06-03 and 2025-06-04)


def stored_fix(content: Path, date: dt.date, paper_id: str) -> object:
    data = yaml.safe_load(day_path(content, date).read_text(encoding="utf-8"))
    return next(paper for paper in data["papers"] if str(paper["id"]) == paper_id).get("tags")


def a_tagged_paper(content: Path) -> tuple[Paper, str]:
    """A paper listed on one day that has tags, and a tag it lacks."""
    archive = load_archive_and_tagger(content)[0]
    paper = next(p for p in archive.papers.values() if len(p.days) == 1 and p.tags)
    return paper, next(slug for slug in sorted(archive.tags) if slug not in paper.tags)


def test_an_added_tag_is_no_longer_removed_and_the_other_way_round() -> None:
    rules = frozenset({"agents", "code"})  # the paper's automatic tags
    fix = TagFix(add=("rag",), remove=("agents",))
    assert changed_fix(fix, FixRequest(add=("agents",)), rules) == TagFix(add=("rag",))
    assert changed_fix(fix, FixRequest(add=("peft",)), rules) == TagFix(
        add=("peft", "rag"), remove=("agents",)
    )
    assert changed_fix(TagFix(add=("rag",)), FixRequest(remove=("rag", "code")), rules) == TagFix(
        remove=("code",)
    )
    assert changed_fix(TagFix(exact=("rag",)), FixRequest(add=("code",)), rules) == TagFix(
        exact=("code", "rag")
    )
    assert changed_fix(TagFix(add=("rag",)), FixRequest(clear=True), rules) is None


def test_what_changes_nothing_is_never_written(
    content_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree_digest(content_copy)
    paper, missing = a_tagged_paper(content_copy)
    args = ["fix", paper.id, "--content", str(content_copy)]
    tags = ", ".join(paper.tags)
    assert main([*args, "--exact", *paper.tags]) == 1
    assert capsys.readouterr().err == (
        f"error: nothing to change: {paper.id} already has the tags {tags}\n"
    )
    # Each part that changes nothing is named and the whole request refused, as `check` refuses
    # it by hand (a --remove of a tag the paper lacks was quietly left out of the fix written).
    has, lacks = f"it already has '{paper.tags[0]}'", f"it does not have '{missing}'"
    archive_tags = load_archive_and_tagger(content_copy)[0].tags
    other = next(slug for slug in sorted(archive_tags) if slug not in {*paper.tags, missing})
    for request, said in (
        (["--add", paper.tags[0]], has),
        (["--remove", missing], lacks),
        (["--add", paper.tags[0], "--remove", missing], f"{has}; {lacks}"),
        # A real change with an idle part (the contributor guide's first example was one).
        (["--add", missing, "--remove", other], f"it does not have '{other}'"),
    ):
        assert main([*args, *request]) == 1
        assert capsys.readouterr().err == f"error: nothing to change: {said} ({paper.id}: {tags})\n"
    assert main([*args, "--add", missing, "--remove", missing]) == 1
    assert f"tag '{missing}' is both added and removed" in capsys.readouterr().err
    assert tree_digest(content_copy) == before
    assert main(["check", "--content", str(content_copy)]) == 0


def test_a_fix_is_written_checked_and_shown_and_clear_restores_the_file(
    content_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree_digest(content_copy)
    paper, added = a_tagged_paper(content_copy)
    dropped = paper.tags[0]
    args = ["fix", paper.id, "--content", str(content_copy)]

    assert main([*args, "--add", added, "--remove", dropped]) == 0
    assert stored_fix(content_copy, paper.days[0], paper.id) == {
        "add": [added],
        "remove": [dropped],
    }
    shown = sorted({*paper.tags, added} - {dropped})
    assert f"{paper.id}: tags {', '.join(shown)} (automatic: {', '.join(paper.tags)})" in (
        capsys.readouterr().out
    )
    assert load_archive_and_tagger(content_copy)[0].papers[paper.id].tags == tuple(shown)
    assert main(["check", "--content", str(content_copy)]) == 0

    assert main([*args, "--clear"]) == 0
    assert tree_digest(content_copy) == before  # byte for byte as imported


@pytest.mark.parametrize(
    "written",
    ["arXiv:2505.24864", "https://arxiv.org/abs/2505.24864v2", "huggingface.co/papers/2505.24864"],
)
def test_a_paper_is_named_by_its_id_or_its_link(content_copy: Path, written: str) -> None:
    """As the site's search box reads them: the same id whichever form was pasted."""
    assert arxiv_id_in(written) == "2505.24864"
    assert main(["fix", written, "--content", str(content_copy), "--add", "code"]) == 0
    assert stored_fix(content_copy, dt.date(2025, 6, 2), "2505.24864") == {"add": ["code"]}
    assert arxiv_id_in("2505.24864x") is None and arxiv_id_in("papers/2505.24864") is None
    assert arxiv_id_in("https://arxiv.org/abs/cs/0112017v1") == "cs/0112017"
    assert arxiv_id_in("arXiv:math.GT/0309136") == "math.GT/0309136"
    assert arxiv_id_in("HEP-TH/9901001") == "hep-th/9901001"
    fullwidth = "".join(chr(0xFF10 + int(d)) if d.isdigit() else d for d in "2505.24862")
    assert arxiv_id_in(fullwidth) is None  # fullwidth digits are no id


def test_a_paper_listed_twice_gets_one_fix_on_its_last_day(content_copy: Path) -> None:
    first, last = dt.date(2025, 6, 3), dt.date(2025, 6, 4)
    assert main(["fix", TWICE, "--content", str(content_copy), "--add", "rag"]) == 0
    assert stored_fix(content_copy, last, TWICE) == {"add": ["rag"]}
    # A remove left on the earlier day would beat the add: it is gathered into the last day.
    write_fix(day_path(content_copy, first), TWICE, {"remove": ["agents"]})

    assert main(["fix", TWICE, "--content", str(content_copy), "--add", "agents"]) == 0
    assert stored_fix(content_copy, first, TWICE) is None
    assert stored_fix(content_copy, last, TWICE) == {"add": ["agents", "rag"]}
    assert {"agents", "rag"} <= set(load_archive_and_tagger(content_copy)[0].papers[TWICE].tags)


def test_an_unknown_tag_is_named_with_a_suggestion_and_nothing_is_written(
    content_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree_digest(content_copy)
    assert main(["fix", TWICE, "--content", str(content_copy), "--add", "kv-cahce"]) == 1
    assert capsys.readouterr().err == (
        "error: unknown tag 'kv-cahce' in a tag fix; did you mean 'kv-cache'?\n"
    )
    assert main(["fix", "9999.99999", "--content", str(content_copy), "--add", "rag"]) == 1
    assert capsys.readouterr().err == f"error: no paper '9999.99999' in {content_copy}\n"
    assert tree_digest(content_copy) == before


def test_content_that_does_not_check_is_never_written(
    content_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = day_path(content_copy, dt.date(2025, 6, 3))
    broken.write_text(broken.read_text(encoding="utf-8") + "  oops: [\n", encoding="utf-8")
    before = tree_digest(content_copy)
    assert main(["fix", TWICE, "--content", str(content_copy), "--add", "rag"]) == 1
    assert "2025-06-03.yml:" in capsys.readouterr().err
    assert tree_digest(content_copy) == before


def test_contradictory_options_are_refused(content_copy: Path) -> None:
    args = ["fix", TWICE, "--content", str(content_copy)]
    assert main(args) == 2
    assert main([*args, "--clear", "--add", "rag"]) == 2


def test_no_tags_at_all_is_stored_and_later_changes_start_from_it(content_copy: Path) -> None:
    # `--exact` with no tags once wrote nothing (an empty list was left out of the file), while
    # the command reported the paper untagged.
    paper, added = a_tagged_paper(content_copy)
    args = ["fix", paper.id, "--content", str(content_copy)]
    assert main([*args, "--exact"]) == 0
    assert stored_fix(content_copy, paper.days[0], paper.id) == []
    assert load_archive_and_tagger(content_copy)[0].papers[paper.id].tags == ()
    assert main([*args, "--add", added]) == 0
    assert stored_fix(content_copy, paper.days[0], paper.id) == [added]
    assert main(["check", "--content", str(content_copy)]) == 0
