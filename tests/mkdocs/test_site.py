"""End to end: the fixture archive built by MkDocs, checked in the built HTML."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
from bs4 import BeautifulSoup

from generator.content import store
from generator.content.lock import locked_folder
from generator.content.store import load_days
from generator.errors import ArchiveError
from generator.mkdocs.plugin import build_site
from generator.site.search import shard_of
from tests.conftest import ROOT, record_calls, tree_digest
from tests.sitecheck import broken_links, html_pages, reachable_pages, site_base, soup

BASE = site_base(ROOT / "mkdocs.yml")


def paper(site: Path, paper_id: str) -> Path:
    return site / "papers" / paper_id / "index.html"


def test_every_kind_of_page_is_built(fixture_site: Path) -> None:
    for page in ("index.html", "archive/index.html", "tags/index.html", "about/index.html",
                 "days/2025-06-02/index.html", "months/2025-06/index.html",
                 "papers/2505.24864/index.html"):  # fmt: skip
        assert (fixture_site / page).is_file(), page


def test_page_titles_name_the_page_and_the_site_once(fixture_site: Path) -> None:
    def title(page: str) -> str:
        found = soup(fixture_site / page).title
        assert found is not None, page
        return found.get_text()

    assert title("index.html") == "Paper archive"
    assert title("tags/index.html") == "Tags - Paper archive"
    assert title("papers/2505.24864/index.html").endswith(" - Paper archive")


def test_no_internal_link_is_broken(fixture_site: Path) -> None:
    assert broken_links(fixture_site, BASE) == []


def test_every_page_is_reachable_from_home(fixture_site: Path) -> None:
    pages = {p.relative_to(fixture_site).as_posix() for p in html_pages(fixture_site)}
    assert pages - reachable_pages(fixture_site) == {"404.html"}


def test_the_missing_page_offers_a_search_and_a_way_back(fixture_site: Path) -> None:
    """It said "404 - Not found" and nothing else; served at any depth, its links are absolute."""
    page = soup(fixture_site / "404.html")
    form = page.select_one("form.pa-notfound-search")
    assert form is not None and form["action"] == f"{BASE}search/" and form["method"] == "get"
    assert form.select_one("input[name=q]") is not None
    links = [str(a["href"]) for a in page.select("article a, .md-content a")]
    assert {f"{BASE}", f"{BASE}archive/", f"{BASE}tags/"} <= set(links)
    for link in (f"{BASE}search/", f"{BASE}archive/", f"{BASE}tags/", BASE):
        assert (fixture_site / link.removeprefix(BASE) / "index.html").is_file(), link


def test_the_nav_holds_only_index_pages(fixture_site: Path) -> None:
    page = soup(fixture_site / "about" / "index.html")
    nav = page.select(".md-nav--primary .md-nav__link")
    titles = {link.get_text(" ", strip=True) for link in nav}
    assert titles == {"Home", "Top", "Archive", "Tags", "Search", "Stats", "About"}
    # Paper pages take the same navigation from the chrome they share (assets/pa/*.js).
    scripts = soup(paper(fixture_site, "2505.24864")).select("body > script[src]")
    chrome = (paper(fixture_site, "2505.24864").parent / str(scripts[0]["src"])).read_text()
    strings = re.findall(r'"(?:[^"\\]|\\.)*"', chrome)  # the chrome, as JavaScript strings
    written = BeautifulSoup("".join(json.loads(string) for string in strings), "lxml")
    links = written.select(".md-nav--primary .md-nav__link")
    assert {link.get_text(" ", strip=True) for link in links} == titles


def test_a_paper_page_shows_what_the_source_said(fixture_site: Path) -> None:
    page = soup(paper(fixture_site, "2505.24864"))
    article = page.select_one("article.pa-paper")
    assert article is not None
    assert article.h1 is not None
    assert article.h1.get_text() == (
        "ProRL: Prolonged Reinforcement Learning Expands Reasoning Boundaries in Large "
        "Language Models"
    )
    assert "Mingjie Liu" in article.get_text()
    links = {a.get_text(): a["href"] for a in article.select(".pa-paper__links a")}
    assert links["PDF"] == "https://arxiv.org/pdf/2505.24864"
    assert links["Hugging Face"] == "https://huggingface.co/papers/2505.24864"
    assert links["Fix tags"].startswith("https://github.com/example/paper-archive/blob/main/")
    day_links = [a["href"] for a in article.select(".pa-paper__days a")]
    assert day_links == ["../../days/2025-06-02/"]
    tags = [a["href"] for a in article.select(".pa-tags a")]
    assert tags and all(href.startswith("../../tags/") for href in tags)


def test_fix_tags_opens_the_day_file_at_the_papers_own_line(
    fixture_site: Path, fixture_content: Path
) -> None:
    for paper_id, day in (("2505.24864", "2025-06-02"), ("2506.01939", "2025-06-04")):
        article = soup(paper(fixture_site, paper_id)).select_one("article.pa-paper")
        assert article is not None
        link = article.select_one(".pa-paper__links a.pa-fix")
        assert link is not None
        path, line = str(link["href"]).split("/blob/main/content/")[1].split("#L")
        assert path == f"days/2025/{day}.yml"
        lines = (fixture_content / path).read_text(encoding="utf-8").split("\n")
        assert lines[int(line) - 1] == f"- id: '{paper_id}'"
        # The snippet to paste is built in the browser (paper.js; tests/browser checks it).
        assert article.select_one("details.pa-fix-snippet") is None


def test_the_tag_overview_says_how_tags_are_given_and_fixed(fixture_site: Path) -> None:
    page = soup(fixture_site / "tags" / "index.html")
    slugs = [code.get_text() for code in page.select(".pa-tag-overview code.pa-slug")]
    hrefs = [a["href"] for a in page.select(".pa-tag-overview li > a")]
    assert slugs and [f"../tags/{slug}/" for slug in slugs] == hrefs
    note = page.select_one(".pa-tags-note")
    assert note is not None and "Fix tags" in note.get_text()
    link = note.select_one("a")
    # The rules to read: the file's view (it opened the editor; the pencil is one click away).
    assert link is not None and str(link["href"]).endswith("/blob/main/content/tags.yml")


def test_pages_load_materials_and_the_archives_stylesheets_joined_in_one_file(
    fixture_site: Path,
) -> None:
    for page in (fixture_site / "papers" / "2505.24864", fixture_site / "tags", fixture_site):
        links = [str(link["href"]) for link in soup(page / "index.html").select("link")]
        sheets = [href for href in links if href.endswith(".css")]
        assert len(sheets) == 1 and sheets[0].endswith(".css"), page
        joined = (page / sheets[0]).resolve().read_text(encoding="utf-8")
        material = sorted((fixture_site / "assets" / "stylesheets").glob("*.min.css"))
        parts = [path.read_text(encoding="utf-8") for path in material]
        parts.append((fixture_site / "stylesheets" / "archive.css").read_text(encoding="utf-8"))
        # Material's main sheet, then its palette, then the archive's: the cascade's order.
        at = [joined.find(part.split("/*# sourceMappingURL")[0][-200:]) for part in parts]
        assert -1 not in at and at == sorted(at), page
        assert "sourceMappingURL" not in joined


def test_a_paper_listed_on_two_days_links_both(fixture_site: Path) -> None:
    article = soup(paper(fixture_site, "2506.01939")).select_one("article.pa-paper")
    assert article is not None
    days = [a["href"] for a in article.select(".pa-paper__days a")]
    assert days == ["../../days/2025-06-03/", "../../days/2025-06-04/"]


def test_day_pages_link_neighbours_and_their_papers(fixture_site: Path) -> None:
    page = soup(fixture_site / "days" / "2025-06-03" / "index.html")
    assert page.select_one('a[rel="prev"]')["href"] == "../../days/2025-06-02/"  # type: ignore[index]
    assert page.select_one('a[rel="next"]')["href"] == "../../days/2025-06-04/"  # type: ignore[index]
    assert len(page.select("article.pa-card")) == 29


HOSTILE_TITLES = {
    "2506.90001": "<script>alert('title')</script>",
    "2506.90002": "**bold** [x](javascript:alert('md')) `code` _em_",
}


@pytest.mark.parametrize("paper_id", sorted(HOSTILE_TITLES))
def test_hostile_text_shows_literally(fixture_site: Path, paper_id: str) -> None:
    page = soup(paper(fixture_site, paper_id))
    article = page.select_one("article.pa-paper")
    assert article is not None and article.h1 is not None
    assert article.h1.get_text() == HOSTILE_TITLES[paper_id]
    assert page.title is not None
    assert page.title.get_text().startswith(HOSTILE_TITLES[paper_id])
    found = article.find_all(["script", "img", "strong", "em", "code", "b"])
    # The citation block is the one <code> of a paper page: its text is the BibTeX entry.
    ours = ("pa-cite", "pa-fix-snippet")  # and the fix snippet's, the slugs and the YAML to paste
    assert [e for e in found if not any(e.find_parent(class_=c) for c in ours)] == []


def test_hostile_authors_abstracts_and_links_stay_text(fixture_site: Path) -> None:
    article = soup(paper(fixture_site, "2506.90001")).select_one("article.pa-paper")
    assert article is not None
    assert "<img src=x onerror=alert('abstract')>" in article.get_text()
    assert "Mallory <script>alert('author')</script>" in article.get_text()
    assert article.find("math") is not None
    jinja = soup(paper(fixture_site, "2506.90002")).select_one("article.pa-paper")
    assert jinja is not None
    assert "{{ 7*7 }}" in jinja.get_text() and "{{ config.site_name }}" in jinja.get_text()
    assert [a.get_text() for a in jinja.select(".pa-paper__links a")] == ["Fix tags"] or all(
        a["href"].startswith("https://") for a in jinja.select(".pa-paper__links a")
    )


def test_no_page_links_to_javascript_or_runs_a_foreign_script(fixture_site: Path) -> None:
    for path in html_pages(fixture_site):
        page = soup(path)
        for link in page.find_all(href=True):
            assert not str(link["href"]).lower().startswith("javascript:"), path
        for script in page.find_all("script"):
            assert "alert(" not in script.get_text(), path


@pytest.mark.slow
def test_builds_are_byte_identical(
    fixture_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two builds in one process (nothing the first leaves behind changes the second): every
    page, feed and asset; not Pagefind's filter and metadata indexes, which Pagefind writes in a
    different order each run (upstream: github.com/Pagefind/pagefind/issues/638)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1750000000")
    digests = []
    for name in ("one", "two"):
        out = tmp_path / name
        build_site(
            ROOT / "mkdocs.yml", fixture_content, out, tmp_path / f"{name}-pages", strict=True
        )
        digests.append(tree_digest(out, skip="search-index"))
    assert digests[0] == digests[1]


# What Pagefind does not write reproducibly: the same filters and metadata in another order
# each run, in files named after their bytes (upstream: github.com/Pagefind/pagefind/issues/638).
PAGEFIND_UNREPRODUCIBLE = (
    "search-index/*/filter/*.pf_filter",
    "search-index/*/*.pf_meta",
    "search-index/*/pagefind-entry.json",
)


def files(root: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Every file under `root` by its relative path, but those a pattern of `skip` matches whole."""

    def skipped(path: PurePosixPath) -> bool:
        return any(len(path.parts) == len(PurePosixPath(p).parts) and path.match(p) for p in skip)

    found = (PurePosixPath(p.relative_to(root).as_posix()) for p in root.rglob("*") if p.is_file())
    return {str(path): (root / path).read_bytes() for path in sorted(found) if not skipped(path)}


def build_in_a_process(content: Path, folder: Path, seed: str) -> tuple[Path, Path]:
    """`python -m generator site` in a fresh interpreter with its own hash seed."""
    out, pages = folder / "site", folder / "pages"
    # MkDocs dates its own sitemap (sitemaps/pages.xml) by the day of the build: pinned, so that
    # two builds either side of midnight agree.
    env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1750000000"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    command = [sys.executable, "-m", "generator", "site", "--config", str(ROOT / "mkdocs.yml"),
               "--content", str(content), "--out", str(out), "--pages", str(pages), "--strict"]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return out, pages


def differences(one: dict[str, bytes], two: dict[str, bytes]) -> list[str]:
    return sorted(path for path in one.keys() | two.keys() if one.get(path) != two.get(path))


@pytest.mark.slow
def test_builds_in_two_processes_are_byte_identical(fixture_content: Path, tmp_path: Path) -> None:
    """Two processes with different hash seeds (so other set orders and hash() values) build the
    same bytes: every page, feed, asset and search file of the site, and every generated
    Markdown page (the build state aside). Only Pagefind's own unreproducible files are left out.
    """
    (site_one, pages_one), (site_two, pages_two) = (
        build_in_a_process(fixture_content, tmp_path / seed, seed) for seed in ("1", "2")
    )
    sites = [files(site, PAGEFIND_UNREPRODUCIBLE) for site in (site_one, site_two)]
    assert len(sites[0]) > 500 and any(path.startswith("search-index/") for path in sites[0])
    assert differences(*sites) == []
    pages = [files(folder) for folder in (pages_one, pages_two)]
    generated = [{k: v for k, v in found.items() if not k.startswith(".state/")} for found in pages]
    assert len(generated[0]) > 200
    assert differences(*generated) == []


@pytest.mark.slow
@pytest.mark.live_content
def test_the_default_site_builds_strictly_with_no_broken_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The repository's own `content/`, read on purpose (it grows every day): it builds
    strictly, as the publish builds it (idle fixes allowed: see test_the_default_content_passes),
    with no broken link."""
    monkeypatch.setenv("ARCHIVE_ALLOW_IDLE_FIXES", "1")
    out = tmp_path / "site"
    build_site(ROOT / "mkdocs.yml", ROOT / "content", out, tmp_path / "pages", strict=True)
    # Every paper has its page: as many as content/ holds (a fork's own archive, any size).
    papers = {listing.id for day in load_days(ROOT / "content") for listing in day.papers}
    pages = list((out / "papers").iterdir()) if (out / "papers").is_dir() else []
    assert len(pages) == len(papers)
    assert broken_links(out, BASE) == []


def test_no_lunr_index_is_shipped(fixture_site: Path, fixture_content: Path) -> None:
    assert not (fixture_site / "search" / "search_index.json").exists()
    bundles = sorted(p.name for p in (fixture_site / "search-index").iterdir())
    shards = sorted({shard_of(day.date) for day in load_days(fixture_content)})
    assert bundles == shards == ["2024-q4", "2025-q1", "2025-q2", "2025-q3"]
    assert (fixture_site / "search-index" / "2025-q3" / "pagefind.js").exists()


@pytest.mark.slow
def test_a_fix_in_a_day_file_changes_the_built_tag_pages(
    content_copy: Path, tmp_path: Path
) -> None:
    path = content_copy / "days" / "2025" / "2025-06-02.yml"
    text = path.read_text()
    # ProRL is about reinforcement learning; a person moves it to "agents" instead.
    anchor = "- id: '2505.24864'\n"
    assert anchor in text
    path.write_text(
        text.replace(
            anchor, anchor + "  tags:\n    add: [agents]\n    remove: [reinforcement-learning]\n"
        )
    )
    out = tmp_path / "site"
    build_site(ROOT / "mkdocs.yml", content_copy, out, tmp_path / "pages", strict=True)

    def listed(tag: str) -> bool:
        pages = (out / "tags" / tag).rglob("index.html")
        return any("papers/2505.24864/" in page.read_text() for page in pages)

    assert listed("agents")
    assert not listed("reinforcement-learning")


@pytest.mark.slow
def test_a_build_from_nothing_reads_each_day_file_once(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check before MkDocs reads every day file; the build goes on with what it read."""
    monkeypatch.setenv("ARCHIVE_WORKERS", "1")  # parsed in this process, where it is counted
    read = record_calls(monkeypatch, store, "load_day")
    build_site(ROOT / "mkdocs.yml", content_copy, tmp_path / "site", tmp_path / "pages", True)
    assert sorted(read) == sorted(content_copy.glob("days/*/*.yml"))


def test_the_same_paper_without_the_fix_is_tagged_by_the_rules(fixture_site: Path) -> None:
    pages = (fixture_site / "tags" / "reinforcement-learning").rglob("index.html")
    assert any("papers/2505.24864/" in page.read_text() for page in pages)


@pytest.mark.slow
def test_pages_from_the_shells_are_what_mkdocs_renders(
    fixture_content: Path, fixture_site: Path, tmp_path: Path
) -> None:
    """The fast path (one Material rendering a shape, filled in per page) changes no byte of
    any page: papers, days, months, tags' and top pages."""
    out = tmp_path / "site"
    build_site(
        ROOT / "mkdocs.yml",
        fixture_content,
        out,
        tmp_path / "pages",
        strict=True,
        fast_pages=False,
    )
    fast = sorted(p.relative_to(fixture_site) for p in fixture_site.rglob("*.html"))
    slow = sorted(p.relative_to(out) for p in out.rglob("*.html"))
    assert fast == slow
    kinds = {path.parts[0] for path in fast}
    assert {"papers", "days", "months", "tags", "top"} <= kinds and len(fast) > 100
    for path in fast:
        assert (fixture_site / path).read_bytes() == (out / path).read_bytes(), path


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 5,000-paper archive made from the real corpus, built strictly."""
    from generator.bench.synth import write_archive

    folder = tmp_path_factory.mktemp("synthetic-5000")
    write_archive(folder / "content", 5000)
    out = folder / "site"
    build_site(ROOT / "mkdocs.yml", folder / "content", out, folder / "pages", strict=True)
    return out


@pytest.mark.slow
def test_a_5000_paper_site_has_no_broken_link(synthetic_site: Path) -> None:
    assert len(list((synthetic_site / "papers").iterdir())) == 5000
    assert broken_links(synthetic_site, BASE) == []


def test_a_second_build_on_the_same_state_stops_before_touching_the_site(
    fixture_content: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Two `make site` at once each emptied and filled site/, and left one's search files
    among the other's. The build state's lock is held (here by this process, as the first
    build would hold it) before MkDocs empties the site folder."""
    site, pages = tmp_path / "site", tmp_path / "pages"
    site.mkdir()
    (site / "index.html").write_text("the last build's page")
    held = locked_folder(pages)
    assert held is not None
    try:
        with pytest.raises(ArchiveError, match="mkdocs build failed"):
            build_site(ROOT / "mkdocs.yml", fixture_content, site, pages, strict=True)
    finally:
        os.close(held)
    assert f"archive: another build is using {pages}" in caplog.text
    assert (site / "index.html").read_text() == "the last build's page"
