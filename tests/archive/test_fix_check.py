"""`check` on tag fixes that cannot do what their author meant: each reported with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.archive.check import check_content
from generator.archive.derive import load_archive_and_tagger
from generator.bench.inputs import bench_idle_fixes
from generator.commands.cli import main
from generator.errors import ContentError
from generator.mkdocs.plugin import build_site
from tests.archive.test_check import content_with
from tests.conftest import ROOT


def messages(content: Path) -> list[str]:
    """`check`'s problems (idle fixes included, as `check` and the strict build report them)."""
    found = check_content(content, idle_fixes=True).problems
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in found]


HEAD = "date: 2025-06-02\npapers:\n- id: '1'\n  title: A quantized model\n"


def test_a_fix_that_changes_nothing_is_reported_where_it_is(tmp_path: Path) -> None:
    day = HEAD + "  tags:\n    add: [quantization]\n    remove: [kv-cache]\n"
    assert messages(content_with(tmp_path, day)) == [
        "2025-06-02.yml:6: the rules already give 'quantization': adding it changes nothing"
        " (this is 1, tagged quantization)",
        "2025-06-02.yml:7: the rules do not give 'kv-cache': removing it changes nothing"
        " (this is 1, tagged quantization)",
    ]


def test_a_tag_both_added_and_removed_is_reported(tmp_path: Path) -> None:
    day = HEAD + "  tags:\n    add: [kv-cache]\n    remove: [kv-cache]\n"
    assert messages(content_with(tmp_path, day)) == [
        "2025-06-02.yml:6: tag 'kv-cache' is both added and removed",
    ]


def test_a_tag_listed_twice_is_reported(tmp_path: Path) -> None:
    day = (
        HEAD + "  tags:\n    add: [kv-cache, kv-cache]\n    remove: [quantization, quantization]\n"
    )
    assert messages(content_with(tmp_path, day)) == [
        "2025-06-02.yml:6: tag 'kv-cache' is listed twice",
        "2025-06-02.yml:7: tag 'quantization' is listed twice",
    ]
    exact = HEAD + "  tags: [kv-cache, kv-cache]\n"
    assert messages(content_with(tmp_path / "exact", exact)) == [
        "2025-06-02.yml:5: tag 'kv-cache' is listed twice",
    ]


def test_an_empty_tags_key_is_reported(tmp_path: Path) -> None:
    for empty in ("  tags:\n", "  tags: {}\n"):
        assert messages(content_with(tmp_path / empty.strip(), HEAD + empty)) == [
            "2025-06-02.yml:5: empty 'tags:': give 'add:' or 'remove:' lists, or delete the key",
        ]


def test_a_fix_with_empty_lists_is_reported(tmp_path: Path) -> None:
    # The paper page's snippet, pasted unchanged.
    day = HEAD + "  tags:\n    add: []\n    remove: []\n"
    assert messages(content_with(tmp_path, day)) == [
        "2025-06-02.yml:5: this fix adds and removes nothing: name a tag, or delete the empty fix",
    ]


def later_day(content: Path, fix: str) -> None:
    """The paper of HEAD listed again the next day, with `fix` under it there."""
    later = HEAD.replace("2025-06-02", "2025-06-03") + fix
    (content / "days" / "2025" / "2025-06-03.yml").write_text(later)


def test_a_later_days_fix_applies_on_top_of_the_earlier_and_is_judged_so(tmp_path: Path) -> None:
    content = content_with(tmp_path, HEAD + "  tags: [kv-cache]\n")
    later_day(content, "  tags:\n    add: [quantization]\n")
    assert messages(content) == []  # it was silently beaten by the earlier exact list
    assert load_archive_and_tagger(content)[0].papers["1"].tags == ("kv-cache", "quantization")

    later_day(content, "  tags:\n    add: [kv-cache]\n    remove: [quantization]\n")
    assert messages(content) == [
        "2025-06-03.yml:6: the paper already has (with its fix on an earlier day) 'kv-cache':"
        " adding it changes nothing (this is 1, tagged kv-cache)",
        "2025-06-03.yml:7: the paper does not have (with its fix on an earlier day)"
        " 'quantization': removing it changes nothing (this is 1, tagged kv-cache)",
    ]


def test_a_fix_is_judged_on_the_papers_listings_combined(tmp_path: Path) -> None:
    # The first day's keyword gives the tag; the later day alone would not. The archive tags
    # the listings combined, so removing the tag there does change something.
    first = "date: 2025-06-02\npapers:\n- id: '1'\n  title: A model\n  ai_keywords: [ptq]\n"
    content = content_with(tmp_path, first)
    later_day(content, "  tags:\n    remove: [quantization]\n")
    later = content / "days" / "2025" / "2025-06-03.yml"
    later.write_text(later.read_text().replace("A quantized model", "A model"))
    assert messages(content) == []
    assert load_archive_and_tagger(content)[0].papers["1"].tags == ()


def test_an_exact_list_equal_to_the_rules_is_reported(tmp_path: Path) -> None:
    assert messages(content_with(tmp_path, HEAD + "  tags: [quantization]\n")) == [
        "2025-06-02.yml:5: this fix lists exactly the tags the rules give: it changes nothing"
        " (this is 1, tagged quantization)",
    ]


def test_fixes_that_change_something_pass(tmp_path: Path) -> None:
    day = HEAD + "  tags:\n    add: [kv-cache]\n    remove: [quantization]\n"
    assert messages(content_with(tmp_path, day)) == []
    assert messages(content_with(tmp_path / "exact", HEAD + "  tags: [kv-cache]\n")) == []


def test_check_fails_on_an_idle_fix_but_other_commands_still_read_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = content_with(tmp_path, HEAD + "  tags:\n    add: [quantization]\n")
    assert main(["check", "--content", str(content)]) == 1
    assert "adding it changes nothing" in capsys.readouterr().out
    # The scheduled publish allows them: a refetch must not hold new days back.
    assert main(["check", "--allow-idle-fixes", "--content", str(content)]) == 0
    assert check_content(content).problems == []  # so that `fix 1 --clear` can mend it
    assert main(["fix", "1", "--clear", "--content", str(content)]) == 0
    assert main(["check", "--content", str(content)]) == 0


@pytest.mark.slow
def test_the_strict_build_fails_on_an_idle_fix_unless_the_publish_allows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = content_with(tmp_path, HEAD + "  tags:\n    add: [quantization]\n")
    config = ROOT / "mkdocs.yml"
    with pytest.raises(ContentError, match="adding it changes nothing"):
        build_site(config, content, tmp_path / "a", tmp_path / "a-pages", strict=True)
    monkeypatch.setenv("ARCHIVE_ALLOW_IDLE_FIXES", "1")
    build_site(config, content, tmp_path / "b", tmp_path / "b-pages", strict=True)
    assert (tmp_path / "b" / "papers").is_dir()


def test_each_of_many_idle_fixes_in_one_day_is_reported(tmp_path: Path) -> None:
    # The benchmark's day (`bench idle-fixes`): the file is loaded once, every fix still named.
    problems, _ = bench_idle_fixes(30, tmp_path)
    assert problems == 30


def test_idle_fixes_in_holds_only_the_named_day_files_and_refuses_a_stray_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = content_with(tmp_path, HEAD + "  tags:\n    add: [quantization]\n")
    day = content / "days" / "2025" / "2025-06-02.yml"
    check = ["check", "--content", str(content), "--idle-fixes-in"]
    assert main(check) == 0  # no day file of the pull request's: nothing held to the rule
    assert main([*check, str(day)]) == 1
    assert "adding it changes nothing" in capsys.readouterr().out
    stray = content / "days" / "2025" / "2025-06-09.yml"  # a typo would check nothing
    assert main([*check, str(stray)]) == 1
    assert capsys.readouterr().err == f"error: not a day file of {content}: {stray}\n"
    # A path (a pull request's file name) holding a newline starts no workflow command.
    sneaky = content / "days" / "2025" / "x\n::error file=README.md::injected\n::add-mask::x"
    assert main([*check, str(sneaky)]) == 1
    err = capsys.readouterr().err
    assert "injected" in err and not any(line.startswith("::") for line in err.splitlines())


TWO = "date: 2025-06-02\npapers:\n- id: '1'\n  title: A quantized model\n- id: '2'\n  title: KV caches\n"


def test_a_pull_request_that_changes_more_than_tags_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Against the base branch's content: a paper or day file removed or added, an edited
    title and a changed source are each named, with the paper's line where it has one; a tag
    fix alone passes."""
    base = content_with(tmp_path / "base", TWO)
    check = ["check", "--content"]
    fixed = content_with(tmp_path / "fixed", TWO + "  tags:\n    add: [quantization]\n")
    assert main([*check, str(fixed), "--only-tags-changed-from", str(base)]) == 0
    capsys.readouterr()
    edited = (
        TWO.replace("KV caches", "KV cachez").replace("- id: '1'\n  title: A quantized model\n", "")
        + "- id: '3'\n  title: Slipped in\n"
    )
    changed = content_with(tmp_path / "changed", "source: copied\n" + edited)
    (changed / "days" / "2025" / "2025-06-03.yml").write_text(TWO.replace("06-02", "06-03"))
    assert main([*check, str(changed), "--only-tags-changed-from", str(base)]) == 1
    out = capsys.readouterr().out.splitlines()
    day = f"{changed}/days/2025/2025-06-02.yml"
    only = "a tag fix changes only a paper's 'tags:' (undo the rest, or a maintainer merges)"
    assert out == [
        f"{day}: paper 1 ('A quantized model') was removed: {only}",
        f"{day}: the day's 'source' changed: {only}",
        f"{day}:4: paper 2: its 'title' changed: {only}",
        f"{day}:6: paper 3 ('Slipped in') was added: {only}",
        f"{changed}/days/2025/2025-06-03.yml: this day file was added (2 papers): {only}",
    ]
    gone = content_with(tmp_path / "gone")
    assert main([*check, str(gone), "--only-tags-changed-from", str(base)]) == 1
    assert "this day file was removed (2 papers)" in capsys.readouterr().out


def test_a_broken_fix_is_not_also_called_a_removed_paper(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file with a problem holds what is unknown: only its problem is reported."""
    base = content_with(tmp_path / "base", TWO)
    broken = content_with(
        tmp_path / "broken", TWO.replace("- id: '2'", "  tags:\n    add:[x]\n- id: '2'")
    )
    assert main(["check", "--content", str(broken), "--only-tags-changed-from", str(base)]) == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert "put a space after each colon" in line


def test_mending_a_broken_base_file_is_not_called_adding_its_papers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = content_with(
        tmp_path / "base", TWO.replace("title: KV caches", "title: KV caches\n  upvotes: -3")
    )
    mended = content_with(tmp_path / "mended", TWO)
    assert main(["check", "--content", str(mended), "--only-tags-changed-from", str(base)]) == 0
    assert "no problems" in capsys.readouterr().out


def test_a_file_with_an_idle_fix_is_still_compared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only a file that did not read is left out: an idle fix beside a deleted paper is not
    one, and both are reported in one run."""
    base = content_with(tmp_path / "base", TWO)
    one = "date: 2025-06-02\npapers:\n- id: '1'\n  title: A quantized model\n"
    changed = content_with(tmp_path / "changed", one + "  tags:\n    add: [quantization]\n")
    assert main(["check", "--content", str(changed), "--only-tags-changed-from", str(base)]) == 1
    out = capsys.readouterr().out
    assert "adding it changes nothing" in out and "paper 2 ('KV caches') was removed" in out


@pytest.mark.parametrize("base", ["empty", "content/days"])
def test_a_base_without_days_is_refused_not_passed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], base: str
) -> None:
    """A mistyped base would hold the change to nothing."""
    content = content_with(tmp_path / "content", TWO)
    (tmp_path / "empty").mkdir()
    (tmp_path / "content" / "days").mkdir(exist_ok=True)
    folder = tmp_path / base
    assert main(["check", "--content", str(content), "--only-tags-changed-from", str(folder)]) == 1
    assert (
        capsys.readouterr().err == f"error: no days/ folder in {folder}: nothing to compare with\n"
    )
    assert main(["tags", "--content", str(content), "--compare", str(folder)]) == 1


@pytest.mark.parametrize(
    ("fix", "said"),
    [
        ("tags:\n    add: [kv-cache]\n", "line 5: 'tags:' goes 2 spaces in, not 0"),
        ("   tags:\n    add: [kv-cache]\n", "line 5: 'tags:' goes 2 spaces in, not 3"),
        ("\ttags:\n\t  add: [kv-cache]\n", "line 5 is indented with a tab"),
        ("  tags:\n    add: [#kv-cache]\n", "'#' starts a comment in YAML"),
        ("  tags:\n    add:[kv-cache]\n", "put a space after each colon: 'add: [...]'"),
        ("  tags:\n    add: kv-cache\n", "'add' should be a list in brackets: [kv-cache]"),
        ("  tags:\n    add:\n", "'add:' is empty: give tags in brackets"),
        (
            "  tags: kv-cache, quantization\n",
            "should be a list in brackets: [kv-cache, quantization]",
        ),
    ],
)
def test_a_newcomers_slip_in_a_fix_gets_a_hint(tmp_path: Path, fix: str, said: str) -> None:
    """The parser's own words ("did not find expected key", often a line late) say nothing of
    the indentation, the tab or the '#' that caused them."""
    (problem,) = messages(content_with(tmp_path, HEAD + fix + "- id: '2'\n  title: Next\n"))
    assert said in problem


def test_a_hash_inside_quotes_gets_no_comment_hint(tmp_path: Path) -> None:
    """'C# team' holds no comment: the missing ']' is the slip, and no hint points elsewhere."""
    day = HEAD.replace("A quantized model", "x") + "  authors: [Ada, 'C# team'\n- id: '2'\n"
    (problem,) = messages(content_with(tmp_path, day))
    assert "YAML syntax" in problem and "comment" not in problem
