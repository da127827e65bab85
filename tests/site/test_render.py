"""Rendering is pure and deterministic, and never lets untrusted text become markup."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from generator.archive.derive import build_archive, load_archive
from generator.archive.model import Day, Listing
from generator.archive.tagging import KeywordTagger
from generator.site.days import gap
from generator.site.families import render_site
from generator.site.markup import rich
from generator.site.options import SiteOptions
from generator.site.pages import split_front_matter


def test_two_renders_are_identical(fixture_content: Path) -> None:
    first = render_site(load_archive(fixture_content), SiteOptions())
    second = render_site(load_archive(fixture_content), SiteOptions())
    assert first == second


def test_every_kind_of_page_is_rendered(fixture_content: Path) -> None:
    archive = load_archive(fixture_content)
    pages = render_site(archive, SiteOptions())
    assert "index.md" in pages and "archive.md" in pages and "tags/index.md" in pages
    assert "days/2025-06-02.md" in pages and "months/2025-06.md" in pages
    assert all(f"papers/{paper_id}.md" in pages for paper_id in archive.papers)
    assert all(f"tags/{slug}/index.md" in pages for slug in archive.tags)


def listing(n: int) -> Listing:
    return Listing(id=f"2501.0000{n}", title=f"Paper {n}", abstract="Text.")


def test_previous_and_next_skip_empty_days() -> None:
    days = [
        Day(dt.date(2025, 1, 1), (listing(1),)),
        Day(dt.date(2025, 1, 2), ()),
        Day(dt.date(2025, 1, 3), (listing(2),)),
    ]
    archive = build_archive(days, KeywordTagger([]))
    pages = render_site(archive, SiteOptions())
    assert "days/2025-01-02.md" not in pages
    first, last = pages["days/2025-01-01.md"], pages["days/2025-01-03.md"]
    assert 'rel="next" href="../../days/2025-01-03/"' in first and 'rel="prev"' not in first
    assert 'rel="prev" href="../../days/2025-01-01/"' in last and 'rel="next"' not in last


def test_a_day_page_names_a_gap_in_the_archive_next_to_it() -> None:
    """A weekend (Friday to Monday) or a long weekend is no gap; a week without listings is,
    on both days around it, and the previous/next links still cross it."""
    days = [
        Day(dt.date(2025, 6, 26), (listing(1),)),  # Thursday
        Day(dt.date(2025, 6, 30), (listing(2),)),  # the next Monday: four days, no gap
        Day(dt.date(2025, 7, 8), (listing(3),)),  # a week later
    ]
    pages = render_site(build_archive(days, KeywordTagger([])), SiteOptions())
    said = "The archive has no listings from 1 July 2025 to 7 July 2025."
    assert "pa-gap" not in pages["days/2025-06-26.md"]
    assert said in pages["days/2025-06-30.md"] and said in pages["days/2025-07-08.md"]
    assert pages["days/2025-06-30.md"].count("pa-gap") == 1
    assert 'rel="next" href="../../days/2025-07-08/"' in pages["days/2025-06-30.md"]
    thursday = dt.date(2025, 6, 26)
    assert gap(thursday, thursday + dt.timedelta(days=4)) is None  # to Monday: no gap
    assert gap(thursday, thursday + dt.timedelta(days=5)) == "27 June 2025 to 30 June 2025"


def test_the_archive_page_names_months_without_listings() -> None:
    """Each run of missing months in a listed year is one line, and so are the whole years
    between two listed years, without a heading (days in 1990 and 2199 alone listed 2,518
    months under 210 headings)."""
    days = [
        Day(dt.date(2022, 11, 4), (listing(1),)),
        Day(dt.date(2025, 2, 3), (listing(2),)),
        Day(dt.date(2025, 3, 3), (listing(3),)),
        Day(dt.date(2025, 7, 1), (listing(4),)),
    ]
    page = render_site(build_archive(days, KeywordTagger([])), SiteOptions())["archive.md"]
    missing = re.findall(r'class="pa-months__none">([^<]*)<', page)
    assert missing == [
        "April to June 2025: no listings in the archive",
        "January 2025: no listings in the archive",
        "2023 to 2024: no listings in the archive",
        "December 2022: no listings in the archive",
    ]
    assert re.findall(r"<h2 [^>]*>(\d+)</h2>", page) == ["2025", "2022"]
    assert page.index("July 2025") < page.index("March 2025") < page.index("February 2025")


def test_untrusted_text_is_escaped_in_the_page_and_its_title() -> None:
    hostile = Listing(id="x", title="<script>alert(1)</script> 'quote'", abstract="<b>bold</b>")
    archive = build_archive([Day(dt.date(2025, 1, 1), (hostile,))], KeywordTagger([]))
    page = render_site(archive, SiteOptions())["papers/x.md"]
    assert "<script>" not in page and "<b>" not in page
    assert 'title: "&lt;script&gt;alert(1)&lt;/script&gt; &#39;quote&#39;"' in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_line_separators_in_a_title_stay_on_its_front_matter_line() -> None:
    # U+2028, U+2029 and U+0085 end a line for YAML and str.splitlines, not for JSON: a day file
    # holding one in a title split the front matter and failed the build with a traceback.
    title = "Line\u2028separator\u2029paragraph\u0085next \x7f\x80\x9f \ufffe end"
    archive = build_archive(
        [Day(dt.date(2025, 1, 1), (Listing(id="x", title=title, abstract="A."),))],
        KeywordTagger([]),
    )
    page = render_site(archive, SiteOptions())["papers/x.md"]
    parts = split_front_matter(page)
    assert parts is not None
    shown = parts[0]["title"]  # as the page shows it (DEL dropped as it is escaped)
    assert shown.startswith("Line\u2028separator\u2029paragraph\u0085next") and "\x80" in shown
    front = page.split("\n---\n")[0].removeprefix("---\n")
    assert yaml.safe_load(front)["title"] == shown  # as MkDocs reads it


def test_math_becomes_mathml_and_prices_stay_text() -> None:
    assert "<math" in rich("in $O(n^2)$ time") and "<msup>" in rich("in $O(n^2)$ time")
    assert str(rich("costs $5 and $10")) == "costs $5 and $10"
    assert "href" not in rich(r"$\href{javascript:alert(1)}{x}$")


def test_tex_text_commands_show_their_text_and_stay_text() -> None:
    """A reader saw \\href{...} and \\textbf{...} as typed on paper pages (24 real abstracts)."""
    shown = rich(r"We reach \textbf{43.2} (\emph{free}); code at \url{https://x.org/a}.")
    assert str(shown) == "We reach 43.2 (free); code at https://x.org/a."
    linked = rich(r"See \href{javascript:alert(1)}{<b>our page</b>} and $\textbf{x}^2$.")
    assert str(linked).startswith("See &lt;b&gt;our page&lt;/b&gt; (javascript:alert(1)) and <math")
    assert "href" not in linked and "<b>" not in linked
    assert str(rich(r"a \foo{x} b")) == r"a \foo{x} b"  # other commands as written
    assert str(rich(r"\textbf{a \emph{b} c}")) == "a b c"  # nested, the innermost first
    # A hostile abstract nesting 11,000 deep (100,000 characters) took a pass per level.
    deep = "\\textbf{" * 11_000 + "x" + "}" * 11_000
    assert str(rich(deep)).endswith("\\textbf{" * 3 + "x" + "}" * 10_997)


def test_a_long_day_continues_on_further_pages() -> None:
    papers = tuple(
        Listing(id=f"2501.{n:05d}", title=f"Paper {n}", abstract="Text.") for n in range(250)
    )
    archive = build_archive([Day(dt.date(2025, 1, 2), papers)], KeywordTagger([]))
    pages = render_site(archive, SiteOptions(day_page_size=100))
    parts = [
        pages["days/2025-01-02.md"],
        pages["days/2025-01-02/page-2.md"],
        pages["days/2025-01-02/page-3.md"],
    ]
    assert "days/2025-01-02/page-4.md" not in pages
    assert [part.count('class="pa-card"') for part in parts] == [100, 100, 50]
    assert "250 papers; 1 to 100 on this page." in parts[0]
    assert "250 papers; 201 to 250 on this page." in parts[2]
    # Every part links to every other part; each paper is on exactly one.
    assert 'href="../../days/2025-01-02/page-3/"' in parts[0]
    assert 'href="../../../days/2025-01-02/"' in parts[1]
    assert sum(part.count('href="../../../papers/2501.00120/"') for part in parts[1:]) == 1
    assert '<strong aria-current="page">2</strong>' in parts[1]


def test_a_paper_without_an_arxiv_id_links_to_a_search_for_its_title() -> None:
    """A copied listing gives no id: the reader still gets a way out to the paper."""
    title = 'ArchGym: "Gym" & <Co>'
    day = Day(dt.date(2025, 8, 12), (Listing(id="archgym", title=title),))
    page = render_site(build_archive([day], KeywordTagger([])), SiteOptions())["papers/archgym.md"]
    search = "https://arxiv.org/search/?query=ArchGym%3A%20%22Gym%22%20%26%20%3CCo%3E&amp;searchtype=title"
    assert f'<a href="{search}">Search arXiv for the title</a>' in page
    arxiv = Day(dt.date(2025, 8, 12), (Listing(id="2505.00001", title="T", arxiv=True),))
    assert (
        "Search arXiv"
        not in render_site(build_archive([arxiv], KeywordTagger([])), SiteOptions())[
            "papers/2505.00001.md"
        ]
    )


def tag_pages(count: int, size: int) -> dict[str, str]:
    """The pages of one tag on `count` papers, one a day, `size` a page."""
    days = [
        Day(
            dt.date(2025, 1, 1) + dt.timedelta(days=n),
            (Listing(id=f"2501.{n:05d}", title=f"P{n}", abstract="T.", ai_keywords=("Kw",)),),
        )
        for n in range(count)
    ]
    listings = [paper for day in days for paper in day.papers]
    archive = build_archive(days, KeywordTagger(listings))
    pages = render_site(archive, SiteOptions(tag_page_size=size))
    return {name: text for name, text in pages.items() if name.startswith("tags/kw/")}


def paper_links(page: str) -> list[str]:
    return re.findall(r'href="[./]*papers/(2501\.\d{5})/"', page)


def older_link(page: str) -> str | None:
    found = re.search(r'rel="next" href="[./]*tags/kw/(page-\d+)/"', page)
    return found[1] if found else None


def test_a_tags_older_page_holds_no_paper_its_latest_page_showed() -> None:
    """The latest page showed the newest 100 and "Older" led to the numbered page (counted
    from the oldest) holding the 101st, which began with papers just seen: now the latest page
    shows whole numbered pages, the one before the newest too while the newest is short."""
    # 28 papers, 10 a page: pages 1-2 full, page 3 holds 8 (shown alone on the latest page).
    pages = tag_pages(28, 10)
    latest = paper_links(pages["tags/kw/index.md"])
    assert len(latest) == 8 and older_link(pages["tags/kw/index.md"]) == "page-2"
    page_two = paper_links(pages["tags/kw/page-2.md"])
    assert not set(latest) & set(page_two) and len(page_two) == 10
    # Page 2's "Newer" is the latest papers, once (it also had "Latest papers" beside it).
    assert pages["tags/kw/page-2.md"].count('href="../../../tags/kw/"') == 2  # top and bottom
    assert (
        "10 papers listed from 2025-01-11 to 2025-01-20, newest first."
        in pages["tags/kw/page-2.md"]
    )
    # 11 papers: the latest page shows both pages, and no pager leads anywhere (it showed two
    # empty ones).
    assert "Pages of this tag" not in tag_pages(11, 10)["tags/kw/index.md"]
    # 23 papers: page 3 holds 3, under half a page, so the latest page shows pages 2 and 3.
    pages = tag_pages(23, 10)
    latest = paper_links(pages["tags/kw/index.md"])
    assert len(latest) == 13 and older_link(pages["tags/kw/index.md"]) == "page-1"
    shown = latest + paper_links(pages["tags/kw/page-1.md"])
    assert sorted(shown) == [f"2501.{n:05d}" for n in range(23)]
