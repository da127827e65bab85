"""What a contributor's or a source's files cannot do (issue 20): lose a paper through a null
title or id, hide a fix behind a duplicate key, crash `check` with a control character, reach
outside content/ through a link, or share a page with another id."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.archive.check import check_content
from generator.commands.cli import main
from generator.content import yamlfile
from generator.content.importer import import_listings
from generator.content.lock import content_lock
from generator.errors import ArchiveError, SourceError
from generator.site import urls
from generator.text import MAX_ID_LENGTH, id_problem
from tests.archive.test_check import content_with, messages
from tests.conftest import ROOT, record_calls

DAY_FILE = "days/2025/2025-06-02.yml"
TWO_PAPERS = """\
date: 2025-06-02
papers:
- id: '2505.00001'
  title: A quantized model
  authors: [Ada]
- id: '2505.00002'
  title: {title}
  abstract: Kept whatever happens.
"""


def entry(paper_id: str, title: str = "A paper") -> dict[str, object]:
    return {"paper": {"id": paper_id, "title": title, "summary": "An abstract."}}


def import_json(tmp_path: Path, content: Path, entries: list[object], name: str) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(entries))
    import_listings(content, [path], None)
    return path


@pytest.mark.parametrize("title", ["", "null", "~", "' '"])
def test_an_empty_or_null_title_is_an_error_and_no_writer_drops_the_paper(
    tmp_path: Path, title: str
) -> None:
    content = content_with(tmp_path, TWO_PAPERS.format(title=title))
    assert messages(content) == ["2025-06-02.yml:7: 'title' is empty"]
    before = (content / DAY_FILE).read_bytes()
    new = tmp_path / "2025-06-02.json"
    new.write_text(json.dumps([entry("2505.00003")]))
    with pytest.raises(ArchiveError, match=r"2025-06-02.yml:7: 'title' is empty"):
        import_listings(content, [new], None)
    assert main(["fix", "2505.00001", "--content", str(content), "--add", "kv-cache"]) == 1
    assert (content / DAY_FILE).read_bytes() == before


@pytest.mark.parametrize("paper_id", ["", "null", "' '"])
def test_an_empty_or_null_id_is_an_error(tmp_path: Path, paper_id: str) -> None:
    day = TWO_PAPERS.format(title="B").replace("'2505.00002'", paper_id)
    assert messages(content_with(tmp_path, day)) == ["2025-06-02.yml:6: 'id' is empty"]


def test_a_duplicate_key_is_an_error_naming_its_line(tmp_path: Path) -> None:
    day = TWO_PAPERS.format(title="B") + "  tags: [kv-cache]\n  tags: {add: [quantization]}\n"
    assert messages(content_with(tmp_path, day)) == [
        "2025-06-02.yml:10: YAML syntax: duplicate key 'tags' (first at line 9)"
    ]


@pytest.mark.parametrize(
    ("date", "why"),
    [("2025-06-31", "day is out of range for month"), ("2025-13-02", "month must be in 1..12")],
)
def test_a_date_that_is_no_real_date_is_an_error_naming_its_line(
    tmp_path: Path, date: str, why: str
) -> None:
    """YAML reads an unquoted 2025-06-31 as a date and raised a bare ValueError: a traceback
    from `check`, the build and an import of that day, with no file or line."""
    day = TWO_PAPERS.format(title="B") + f"  published: {date}\n"
    assert messages(content_with(tmp_path, day)) == [
        f"2025-06-02.yml:9: YAML syntax: '{date}' is not a real date ({why})"
    ]


@pytest.mark.parametrize(
    ("nested", "line"), [("[" * 50_000 + "]" * 50_000, 5), ("\n    " + "- " * 60_000 + "x", 6)]
)
def test_yaml_nested_past_what_libyaml_survives_is_an_error_not_a_crash(
    tmp_path: Path, nested: str, line: int
) -> None:
    """libyaml builds a document recursively in C: the process died (a segmentation fault, no
    message) on 50,000 levels, in brackets or in block sequences. In a child process, so that a
    crash fails this test instead of ending the suite."""
    content = content_with(tmp_path, TWO_PAPERS.format(title="B").replace("[Ada]", nested))
    check = [sys.executable, "-m", "generator", "check", "--content", str(content)]
    result = subprocess.run(check, capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 1, result.stderr[-300:]
    day = f"{content}/days/2025/2025-06-02.yml"
    assert result.stdout.splitlines() == [f"{day}:{line}: YAML nested too deeply (over 1000)"]


def test_a_file_with_many_brackets_but_little_depth_parses_as_before(tmp_path: Path) -> None:
    """Over a thousand '[' in a quoted title nest nothing: the file is read as libyaml reads it,
    a duplicate key still refused."""
    many = TWO_PAPERS.format(title="'" + "[" * 6_000 + "'") + "  title: again\n"
    assert messages(content_with(tmp_path, many)) == [
        "2025-06-02.yml:9: YAML syntax: duplicate key 'title' (first at line 7)"
    ]


def test_an_overlong_title_is_an_error_naming_its_line(tmp_path: Path) -> None:
    day = TWO_PAPERS.format(title="x" * 1001)
    assert messages(content_with(tmp_path, day)) == [
        "2025-06-02.yml:7: 'title' is 1,001 characters: at most 1,000"
    ]
    assert messages(content_with(tmp_path / "ok", TWO_PAPERS.format(title="x" * 1000))) == []


def test_a_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = TWO_PAPERS.format(title="x" * 600)  # tags.yml stays under the limit
    monkeypatch.setattr(yamlfile, "MAX_FILE_BYTES", 500)
    assert messages(content_with(tmp_path, day)) == [
        f"2025-06-02.yml:None: {len(day):,} bytes: a content file is at most 500"
    ]


def test_a_day_in_the_wrong_year_folder_is_named_not_a_traceback(tmp_path: Path) -> None:
    content = content_with(tmp_path)
    wrong = content / "days" / "2024" / "2025-06-02.yml"
    wrong.parent.mkdir()
    day = TWO_PAPERS.format(title="B") + "  tags: {remove: [kv-cache]}\n"  # idle, too
    for extra, more in (("", []), ("  extra: 1\n", ["2025-06-02.yml:10: unknown key 'extra'"])):
        wrong.write_text(day + extra)
        problems = check_content(content, idle_fixes=True).problems
        found = [f"{Path(p.path).name}:{p.line}: {p.message.split(' (')[0]}" for p in problems]
        assert found == ["2025-06-02.yml:None: a day of 2025 belongs in days/2025/", *more]


def test_a_merge_key_is_an_error_naming_its_line(tmp_path: Path) -> None:
    # With `<<`, a later `tags:` silently replaces the merged one instead of being a duplicate.
    day = TWO_PAPERS.format(title="B") + "  <<: {tags: {add: [kv-cache]}}\n  tags: [quantization]\n"
    assert messages(content_with(tmp_path, day)) == [
        "2025-06-02.yml:9: YAML syntax: a merge key '<<' is not allowed here: write the keys out"
    ]


def test_a_duplicate_key_in_tags_yml_is_an_error(tmp_path: Path) -> None:
    from tests.archive.test_check import TAGS

    tags = TAGS.replace(
        "      keywords: [quantization, ptq]\n", "      keywords: [a]\n      keywords: [b]\n"
    )
    assert messages(content_with(tmp_path, tags=tags)) == [
        "tags.yml:8: YAML syntax: duplicate key 'keywords' (first at line 7)"
    ]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.characters(codec="utf-8", categories=["Cc"]).filter(lambda c: c not in "\t\n\r\x85"))
def test_a_control_character_is_an_error_naming_its_line(tmp_path: Path, control: str) -> None:
    content = tmp_path / f"c{ord(control)}"
    day = TWO_PAPERS.format(title=f"Bad{control}title")
    (content / "days/2025").mkdir(parents=True, exist_ok=True)
    (content / DAY_FILE).write_text(day, encoding="utf-8")
    found = [str(problem) for problem in check_content(content).problems]
    assert any(
        f"2025-06-02.yml:7: U+{ord(control):04X} is a control character" in problem
        for problem in found
    ), found


def test_a_control_character_fails_check_on_the_command_line(tmp_path: Path) -> None:
    content = content_with(tmp_path, TWO_PAPERS.format(title="Bad\x07title"))
    run = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--content", str(content)],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "2025-06-02.yml:7: U+0007 is a control character" in run.stdout


@pytest.mark.parametrize("target", ["/dev/zero", "outside.yml"])
def test_a_link_under_content_is_refused_not_followed(tmp_path: Path, target: str) -> None:
    content = content_with(tmp_path, TWO_PAPERS.format(title="B"))
    (tmp_path / "outside.yml").write_text(TWO_PAPERS.format(title="C"))
    (content / "days/2025/2025-06-03.yml").symlink_to(
        target if target[0] == "/" else tmp_path / target
    )
    (content / "days/2024").symlink_to(tmp_path)
    found = messages(content)
    assert (
        "2025-06-03.yml:None: a symbolic link: content/ holds files and folders only, never links"
        in found
    )
    assert "2024:None: a symbolic link: content/ holds files and folders only, never links" in found


def test_a_linked_tags_yml_is_refused(tmp_path: Path) -> None:
    content = content_with(tmp_path, TWO_PAPERS.format(title="B"))
    (tmp_path / "real-tags.yml").write_text((content / "tags.yml").read_text())
    (content / "tags.yml").unlink()
    (content / "tags.yml").symlink_to(tmp_path / "real-tags.yml")
    assert any("tags.yml:None: a symbolic link" in found for found in messages(content))


# Ids: every id gets a page of its own, or is refused, by import and check alike.
ids = st.text(alphabet="ab-./ ~_0X", min_size=1, max_size=6) | st.sampled_from(
    [".", "..", ".hidden", "index", "INDEX", "a/b", "a b", "a-b", "cs/0112017", "hep-th/9901001",
     "a" * 300, "a" * MAX_ID_LENGTH, "v2", "a//b", "a/", "/a", "a/b/c", "-a", "a~b"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(ids, min_size=1, max_size=8, unique=True))
def test_accepted_ids_get_distinct_safe_pages(found: list[str]) -> None:
    accepted = [paper_id for paper_id in found if id_problem(paper_id) is None]
    names = [urls.paper_name(paper_id) for paper_id in accepted]
    assert len(set(names)) == len(names)  # no two ids share a page
    for name in names:
        assert "/" not in name and not name.startswith(".") and name.lower() != "index"
        assert len((name + ".md").encode()) < 255
        assert urls.url_of(urls.paper_page(name)) == f"papers/{name}/"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ids)
def test_import_and_check_agree_on_every_id(
    tmp_path_factory: pytest.TempPathFactory, paper_id: str
) -> None:
    tmp_path = tmp_path_factory.mktemp("ids")
    content = content_with(tmp_path)
    try:
        import_json(tmp_path, content, [entry(paper_id)], "2025-06-02.json")
    except SourceError as error:
        assert "entry 1:" in str(error) and ":1: " in str(error)
        assert not (content / DAY_FILE).exists()
        return
    assert messages(content) == []


def test_old_style_and_look_alike_ids_get_pages_of_their_own(tmp_path: Path) -> None:
    content = content_with(tmp_path)
    kept = ["cs/0112017", "hep-th/9901001", "a-b", "a.b", "a_b"]
    import_json(
        tmp_path,
        content,
        [entry(paper_id, f"Title {paper_id}") for paper_id in kept],
        "2025-06-02.json",
    )
    assert messages(content) == []
    assert len({urls.paper_page(paper_id) for paper_id in kept}) == len(kept)
    with pytest.raises(SourceError, match="entry 1: id 'a b' should be"):
        import_json(tmp_path, content, [entry("a b")], "2025-06-03.json")


def test_a_version_only_id_is_refused_not_emptied(tmp_path: Path) -> None:
    content = content_with(tmp_path)
    import_json(tmp_path, content, [entry("v2", "Title")], "2025-06-02.json")  # kept as "v2"
    assert "id: v2" in (content / DAY_FILE).read_text()
    with pytest.raises(SourceError, match="entry 1: the id is 300 characters long"):
        import_json(tmp_path, content, [entry("a" * 300)], "2025-06-03.json")


def test_a_second_writer_is_refused_while_the_first_writes(tmp_path: Path) -> None:
    content = content_with(tmp_path)
    holding, release = threading.Event(), threading.Event()

    def first() -> None:
        with content_lock(content, "import"):
            holding.set()
            release.wait(10)

    writer = threading.Thread(target=first)
    writer.start()
    holding.wait(10)
    try:
        # Another process, as a second `import` would be.
        source = tmp_path / "2025-06-02.json"
        source.write_text(json.dumps([entry("2505.00003")]))
        run = subprocess.run(
            [sys.executable, "-m", "generator", "import", str(source), "--content", str(content)],
            capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
    finally:
        release.set()
        writer.join()
    assert run.returncode == 1
    assert "another import, fetch or fix is writing this content folder" in run.stderr
    assert not (content / DAY_FILE).exists()
    import_listings(content, [source], None)  # free again
    assert (content / DAY_FILE).exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "not a response: JSON nested too deeply"),
        ('[{"paper": {"id": "1", "upvotes": ' + "9" * 5000 + "}}]", "Exceeds the limit"),
        (
            '[{"paper": {"id": "2505.00001", "title": "a\\ud800"}}]',
            "'title' holds a lone surrogate",
        ),
    ],
)
def test_a_malformed_answer_is_a_clear_import_error(
    tmp_path: Path, body: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "2025-06-02.json"
    source.write_text(body)
    content = content_with(tmp_path)
    assert main(["import", str(source), "--content", str(content)]) == 1
    shown = capsys.readouterr().err
    assert shown.startswith(str(source)) and message in shown and "Traceback" not in shown
    assert not (content / DAY_FILE).exists()


def test_check_reads_a_file_once_for_all_its_unknown_tags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.archive.check as check_module

    unknown = ", ".join(f"no-such-tag-{n}" for n in range(400))
    day = TWO_PAPERS.format(title="B") + f"  tags: [{unknown}]\n"
    content = content_with(tmp_path, day)
    loads = record_calls(monkeypatch, check_module, "load_yaml")
    found = messages(content)
    assert len(found) == 400 and found[0].startswith("2025-06-02.yml:9: unknown tag")
    assert len(loads) == 1


def test_the_hubs_extra_fields_are_stored_and_refreshed(tmp_path: Path) -> None:
    content = content_with(tmp_path)
    first = entry("2505.00001")
    first["numComments"] = 3
    first["paper"].update(  # type: ignore[union-attr]
        githubStars=12, organization={"name": "ai2", "fullname": "Allen AI"}, withdrawnAt=None
    )
    import_json(tmp_path, content, [first], "2025-06-02.json")
    stored = (content / DAY_FILE).read_text()
    assert "comments: 3\n" in stored and "github_stars: 12\n" in stored
    assert "organization: Allen AI\n" in stored and "withdrawn" not in stored
    first["numComments"] = 5
    first["paper"]["withdrawnAt"] = "2025-06-09T00:00:00.000Z"  # type: ignore[index]
    del first["paper"]["githubStars"]  # type: ignore[attr-defined]
    import_json(tmp_path, content, [first], "2025-06-02.json")
    stored = (content / DAY_FILE).read_text()
    assert "comments: 5\n" in stored and "github_stars: 12\n" in stored  # kept when missing
    assert "withdrawn: '2025-06-09T00:00:00.000Z'\n" in stored
    assert messages(content) == []
