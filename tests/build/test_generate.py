"""Incremental generation: a build redoes only what changed, and ends where a full build ends."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
import yaml

from generator.build.generate import generate
from generator.build.state import STATE_DIR, BuildState
from generator.content.store import day_files
from generator.site import search
from generator.site.options import SiteOptions
from tests.conftest import tree_digest, write_fix

OPTIONS = SiteOptions()


def stamps(pages: Path) -> dict[str, tuple[int, bytes]]:
    """Every generated file's modification time and bytes (the build state aside)."""
    return {
        path.relative_to(pages).as_posix(): (path.stat().st_mtime_ns, path.read_bytes())
        for path in pages.rglob("*")
        if path.is_file() and STATE_DIR not in path.relative_to(pages).parts
    }


def assert_same_as_a_full_build(content: Path, pages: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    generate(content, fresh, OPTIONS)
    assert tree_digest(pages, skip=STATE_DIR) == tree_digest(fresh, skip=STATE_DIR)


def changed_files(
    before: dict[str, tuple[int, bytes]], after: dict[str, tuple[int, bytes]]
) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def test_nothing_changed_writes_nothing(content_copy: Path, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    first = generate(content_copy, pages, OPTIONS).report
    assert first.written and first.unchanged == 0
    before = stamps(pages)
    again = generate(content_copy, pages, OPTIONS).report
    assert again.written == () and again.removed == ()
    assert stamps(pages) == before


def test_a_fresh_checkout_of_the_same_files_writes_nothing(
    content_copy: Path, tmp_path: Path
) -> None:
    pages = tmp_path / "pages"
    generate(content_copy, pages, OPTIONS)
    before = stamps(pages)
    for path in day_files(content_copy):  # a checkout gives every file a new time
        os.utime(path, ns=(1, 1))
    assert generate(content_copy, pages, OPTIONS).report.written == ()
    assert stamps(pages) == before


def new_related(page: Path, papers: list[dict[str, object]]) -> bool:
    """Whether a paper page lists one of `papers` among its related papers."""
    text = page.read_text(encoding="utf-8")
    listed = text[text.index('class="pa-related"') :] if 'class="pa-related"' in text else ""
    return any(f"papers/{paper['id']}/" in listed for paper in papers)


def test_a_new_day_rewrites_only_what_it_changes(content_copy: Path, tmp_path: Path) -> None:
    newest = day_files(content_copy)[-1]
    kept = tmp_path / newest.name
    shutil.move(newest, kept)
    pages = tmp_path / "pages"
    generate(content_copy, pages, OPTIONS)
    before = stamps(pages)

    shutil.move(kept, newest)
    report = generate(content_copy, pages, OPTIONS).report

    changed = changed_files(before, stamps(pages))
    day = yaml.safe_load(newest.read_text(encoding="utf-8"))
    papers = {f"papers/{paper['id']}.md" for paper in day["papers"]}
    assert f"days/{day['date']}.md" in changed
    assert papers <= changed
    # Besides the day, its papers (pages and search documents), its neighbour, its month and
    # the pages listing the newest papers or counting them, nothing is touched.
    # An older paper's page changes when a new paper joins its related papers.
    related = {
        path
        for path in changed - papers
        if path.startswith("papers/") and new_related(pages / path, day["papers"])
    }
    assert len(related) < len(day["papers"]) * 5
    others = {
        path
        for path in changed - papers - related
        if not path.startswith(
            (".search/", "tags/", "days/", "months/", "feeds/", "top/", "title-index/")
        )
    }
    # The title index: only the files of the new day's quarter.
    quarter = search.shard_of(dt.date.fromisoformat(str(day["date"])))
    titles = {path for path in changed if path.startswith("title-index/")}
    assert titles and all(path.startswith(f"title-index/{quarter}/") for path in titles)
    year = str(day["date"])[:4]
    counting = {"index.md", "archive.md", "search.md", "stats.md", "feed.xml"}
    assert others <= counting | {f"sitemaps/papers-{year}.xml"}
    # Top pages: the overview, the day's week and month, and the week and month before them
    # (their "next" link).
    date = dt.date.fromisoformat(str(day["date"]))
    iso_year, week, _ = date.isocalendar()
    top = {path for path in changed if path.startswith("top/")}
    assert {
        "top/index.md",
        f"top/weeks/{iso_year}-W{week:02d}.md",
        f"top/months/{year}-{date.month:02d}.md",
    } <= top
    assert len(top) <= 5
    # The newest day is the copied Aug 12 page: no upvotes, so the top-week feed stays as it was.
    upvoted = any(paper.get("upvotes") is not None for paper in day["papers"])
    assert ("feeds/top-week.xml" in changed) is upvoted
    # A tag's feed changes with its page of latest papers, and only then.
    feeds = {path for path in changed if path.startswith("feeds/") and path != "feeds/top-week.xml"}
    assert feeds
    assert feeds == {
        f"feeds/{path.split('/')[1]}.xml"
        for path in changed
        if path.endswith("/index.md") and path.startswith("tags/") and path != "tags/index.md"
    }
    assert len([path for path in changed if path.startswith("days/")]) == 2
    assert set(report.written) == {path for path in changed if not path.startswith(".search/")}
    assert_same_as_a_full_build(content_copy, pages, tmp_path)


@pytest.mark.slow
def test_a_tag_fix_rewrites_the_paper_and_its_tag(content_copy: Path, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    generate(content_copy, pages, OPTIONS)
    before = stamps(pages)

    path = day_files(content_copy)[0]
    paper = yaml.safe_load(path.read_text(encoding="utf-8"))["papers"][0]
    write_fix(path, str(paper["id"]), ["robotics"])
    generate(content_copy, pages, OPTIONS)

    changed = changed_files(before, stamps(pages))
    assert f"papers/{paper['id']}.md" in changed
    assert "tags/robotics/index.md" in changed
    assert "tags/index.md" in changed
    # The oldest day is in the tags' ranking the build state carries (site.tag_ranking): the
    # paper (29 upvotes) is ranked again, under its new tag.
    assert f"papers/{paper['id']}/" in (pages / "tags/robotics/top.md").read_text("utf-8")
    assert not {p for p in changed if p.startswith("papers/")} - {f"papers/{paper['id']}.md"}
    assert_same_as_a_full_build(content_copy, pages, tmp_path)


def test_a_removed_day_removes_its_pages(content_copy: Path, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    generate(content_copy, pages, OPTIONS)
    gone = day_files(content_copy)[-1]
    date = gone.stem
    gone.unlink()
    report = generate(content_copy, pages, OPTIONS).report
    assert f"days/{date}.md" in report.removed
    assert not (pages / "days" / f"{date}.md").exists()
    assert_same_as_a_full_build(content_copy, pages, tmp_path)


def set_authors(content: Path, paper_id: str, names: list[str]) -> None:
    (path,) = [path for path in day_files(content) if path.stem == "2025-06-04"]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(paper for paper in data["papers"] if str(paper["id"]) == paper_id)["authors"] = names
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_a_long_author_list_changed_or_shortened_follows(
    content_copy: Path, tmp_path: Path
) -> None:
    """A paper's authors file (site.authors) is rewritten when a name past the page's first
    ones changes, and removed when the list no longer needs it."""
    pages, authors = tmp_path / "pages", "authors/2506.90001.txt"
    generate(content_copy, pages, OPTIONS)
    names = (pages / authors).read_text(encoding="utf-8").splitlines()
    assert len(names) == 300
    set_authors(content_copy, "2506.90001", [*names[:-1], "A Renamed Author"])
    report = generate(content_copy, pages, OPTIONS).report
    assert authors in report.written
    assert (pages / authors).read_text(encoding="utf-8").splitlines()[-1] == "A Renamed Author"
    assert_same_as_a_full_build(content_copy, pages, tmp_path)
    set_authors(content_copy, "2506.90001", names[:10])
    report = generate(content_copy, pages, OPTIONS).report
    assert authors in report.removed and not (pages / authors).exists()
    assert "pa-paper__more" not in (pages / "papers" / "2506.90001.md").read_text(encoding="utf-8")
    assert_same_as_a_full_build(content_copy, pages, tmp_path)


def rewrite_vocabulary(content: Path, old: str, new: str) -> None:
    tags = content / "tags.yml"
    text = tags.read_text(encoding="utf-8")
    assert old in text
    tags.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.slow
def test_a_changed_vocabulary_retags_everything(content_copy: Path, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    generate(content_copy, pages, OPTIONS)
    rewrite_vocabulary(content_copy, "- slug: robotics", "- slug: robots")
    generate(content_copy, pages, OPTIONS)
    assert (pages / "tags" / "robots" / "index.md").exists()
    assert not (pages / "tags" / "robotics").exists()
    assert_same_as_a_full_build(content_copy, pages, tmp_path)


@pytest.mark.slow
def test_a_renamed_tag_or_a_moved_site_leaves_no_stale_fragment(
    content_copy: Path, tmp_path: Path
) -> None:
    """Cards and feed entries are kept between builds; a tag's new display name or a new
    site URL must still reach every one of them."""
    pages = tmp_path / "pages"
    generate(content_copy, pages, OPTIONS)
    rewrite_vocabulary(content_copy, "name: Robotics and embodied AI", "name: Robots!")
    generate(content_copy, pages, OPTIONS)
    days = (pages / "days").glob("*.md")  # the day pages' cards name each paper's tags
    assert any("Robots!" in day.read_text(encoding="utf-8") for day in days)
    assert_same_as_a_full_build(content_copy, pages, tmp_path)

    moved = SiteOptions(site_url="https://elsewhere.example/archive/")
    generate(content_copy, pages, moved)
    assert "https://elsewhere.example/archive/" in (pages / "feed.xml").read_text("utf-8")
    fresh = tmp_path / "fresh-moved"
    generate(content_copy, fresh, moved)
    assert tree_digest(pages, skip=STATE_DIR) == tree_digest(fresh, skip=STATE_DIR)


def test_a_deleted_paper_page_or_search_document_comes_back(
    content_copy: Path, tmp_path: Path
) -> None:
    """Paper folders are only listed when their modification time moved since the last build:
    deleting a file moves it."""
    pages = tmp_path / "pages"
    generate(content_copy, pages, OPTIONS)
    page = sorted((pages / "papers").iterdir())[3]
    document = sorted((pages / search.DOCUMENTS).glob("*/papers/*"))[5]
    page.unlink()
    shutil.rmtree(document)
    report = generate(content_copy, pages, OPTIONS).report
    assert page.exists() and document.exists()
    assert len(report.written) == 1  # the page; a search document is not counted as a page
    assert_same_as_a_full_build(content_copy, pages, tmp_path)


def test_a_page_group_is_listed_again_when_a_file_goes_or_its_state_does_not_hold(
    content_copy: Path, tmp_path: Path
) -> None:
    """A title-index shard's files are a page group (site.pages.PageGroup): kept unlisted while
    its key and folder are as the last build left them, listed again otherwise."""
    pages = tmp_path / "pages"
    generate(content_copy, pages, OPTIONS)
    oldest = sorted((pages / "title-index").iterdir())[0]
    words = sorted(oldest.glob("[a-z]*.json"))[0]
    words.unlink()
    report = generate(content_copy, pages, OPTIONS).report
    assert words.exists() and report.written == (words.relative_to(pages).as_posix(),)
    # A state that lost a group's page (as a stopped build's does) describes no group file.
    state = BuildState.load(pages / STATE_DIR)
    del state.pages[words.relative_to(pages).as_posix()]
    state.dirty = True
    state.save()
    words.write_text("{}", encoding="utf-8")  # a file the stopped build half wrote
    report = generate(content_copy, pages, OPTIONS).report
    assert report.written == (words.relative_to(pages).as_posix(),)
    assert_same_as_a_full_build(content_copy, pages, tmp_path)


@pytest.mark.slow
def test_a_broken_or_deleted_state_means_a_full_build(content_copy: Path, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    generate(content_copy, pages, OPTIONS)
    for path in (pages / STATE_DIR).glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    (pages / "days" / "stray.md").write_text("left over", encoding="utf-8")
    generate(content_copy, pages, OPTIONS)
    assert not (pages / "days" / "stray.md").exists()
    assert_same_as_a_full_build(content_copy, pages, tmp_path)

    shutil.rmtree(pages / STATE_DIR)
    next((pages / "papers").iterdir()).unlink()
    generate(content_copy, pages, OPTIONS)
    assert_same_as_a_full_build(content_copy, pages, tmp_path)
