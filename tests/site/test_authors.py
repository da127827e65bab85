"""Long author lists: a paper page names its first authors, the rest come from a file on demand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.archive.model import Listing, Paper
from generator.content.store import load_days
from generator.site import authors, search, urls
from generator.site.bibtex import bibtex, script_writes_bibtex
from tests.site.test_top import citation_tags
from tests.sitecheck import soup

HOSTILE = "2506.90001"  # 300 authors, hostile names among them (tests/fixtures/hostile)


def _names(fixture_content: Path, paper_id: str) -> tuple[str, ...]:
    return next(
        listing.authors
        for day in load_days(fixture_content)
        for listing in day.papers
        if listing.id == paper_id
    )


def test_a_long_list_shows_its_first_names_and_links_the_rest(
    fixture_site: Path, fixture_content: Path
) -> None:
    names = _names(fixture_content, HOSTILE)
    assert len(names) == 300 and len(authors.shown(names)) == authors.SHOWN
    page = soup(fixture_site / "papers" / HOSTILE / "index.html")
    line = page.select_one(".pa-paper__authors")
    assert line is not None
    more = line.select_one("a.pa-paper__more")
    assert more is not None and more.get_text() == f"and {300 - authors.SHOWN} more"
    assert more["href"] == f"../../authors/{HOSTILE}.txt"
    assert line["data-more"] == str(300 - authors.SHOWN)  # paper.js ends BibTeX in "others"
    # The names as text (escaped: no element but the link), then the link.
    assert [tag.name for tag in line.find_all(True)] == ["a"]
    assert line.get_text() == ", ".join(names[: authors.SHOWN]) + f" and {300 - authors.SHOWN} more"
    cited = [value for key, value in citation_tags(fixture_site / "papers" / HOSTILE / "index.html")
             if key == "citation_author"]  # fmt: skip
    assert cited == list(names[: authors.SHOWN])
    # The file holds every name, one a line, as text (GitHub Pages serves .txt as text/plain).
    listed = (fixture_site / "authors" / f"{HOSTILE}.txt").read_text(encoding="utf-8")
    assert listed.splitlines() == list(names)
    assert "<img src=x onerror=alert('author 60')>" in listed.splitlines()


def test_only_long_lists_get_a_file(fixture_site: Path, fixture_content: Path) -> None:
    long = {
        listing.id
        for day in load_days(fixture_content)
        for listing in day.papers
        if len(listing.authors) > authors.SHOWN
    }
    assert long == {HOSTILE, "2506.90006"}
    assert {path.stem for path in (fixture_site / "authors").glob("*")} == long
    short = soup(fixture_site / "papers" / "2505.24864" / "index.html")
    assert short.select("a.pa-paper__more") == []


def test_the_search_document_keeps_every_name(fixture_site: Path, fixture_content: Path) -> None:
    names = _names(fixture_content, HOSTILE)
    pages = fixture_site.with_name("pages")
    document = pages / search.document_path(search.shard_of(dt.date(2025, 6, 4)), HOSTILE)
    article = soup(document).select_one("article")
    assert article is not None and "Collaborator300 Physicist" in article.get_text()
    assert "<img src=x onerror=alert('author 60')>" in article.get_text()
    assert article.select("img") == [] and names[-1] == "Collaborator300 Physicist"


def test_bibtex_of_a_long_list_ends_in_others() -> None:
    names = tuple(f"Member{n:02d} Collaboration" for n in range(1, 46))
    paper = Paper.of(
        Listing(id="2506.90006", title="A Big Paper", authors=names), (dt.date(2025, 6, 4),)
    )
    entry = bibtex(paper, "unused")
    (line,) = [line for line in entry.splitlines() if line.lstrip().startswith("author")]
    assert line.endswith(" and Member30 Collaboration and others},")
    assert line.count(" and ") == authors.SHOWN


def test_thirty_names_stay_whole_and_thirty_one_do_not() -> None:
    names = tuple(f"Member{n:02d} Collaboration" for n in range(1, 32))
    assert authors.hidden_count(names[:30]) == 0 and authors.shown(names[:30]) == names[:30]
    assert authors.hidden_count(names) == 1 and authors.left_out(names) == names[30]
    whole = Paper.of(
        Listing(id="2506.90006", title="T", authors=names[:30]), (dt.date(2025, 6, 4),)
    )
    assert "others" not in bibtex(whole, "unused")


def test_the_script_writes_a_long_entry_whatever_the_names_it_leaves_out() -> None:
    names = (*(f"Member{n:02d} Collaboration" for n in range(1, 31)), "Zoë Ångström")
    listing = Listing(id="2506.90006", title="A Big Paper", authors=names, arxiv=True)
    paper = Paper.of(listing, (dt.date(2025, 6, 4),))
    assert script_writes_bibtex(paper)  # the accented name is not in the entry


def test_an_old_style_id_links_its_authors_file_from_its_page() -> None:
    page = urls.paper_page("cs/0112017")
    assert urls.asset(page, authors.file_path("cs/0112017")) == "../../authors/cs~0112017.txt"
