"""Top papers (weeks, months, the top-week feed), upvotes on lists, day order, the home page
and the citation_* tags: in units, and in the built fixture site."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import feedparser
from lxml import html as lxml_html

from generator.archive.derive import build_archive
from generator.archive.model import Day, Listing
from generator.archive.tagging import KeywordTagger
from generator.site.families import render_site
from generator.site.index import SiteIndex, has_upvotes, ranked
from generator.site.options import SiteOptions

HOSTILE = "<script>alert('x')</script> & \"q\""


def listing(n: int, upvotes: int | None, title: str = "", authors: tuple[str, ...] = ()) -> Listing:
    return Listing(
        id=f"2501.{n:05d}", title=title or f"Paper {n}", abstract="Text.", upvotes=upvotes,
        authors=authors, arxiv=True,
    )  # fmt: skip


def build(days: list[Day]) -> dict[str, str]:
    return render_site(build_archive(days, KeywordTagger([])), SiteOptions())


def titles(page: str) -> list[str]:
    """The titles of a page's paper rows, in order."""
    rows = lxml_html.fromstring(page).xpath("//ol[contains(@class, 'pa-rows')]/li/a[1]")
    return [row.text_content() for row in rows]


def test_ranking_puts_most_upvoted_first_and_keeps_listing_order_for_ties() -> None:
    day = Day(dt.date(2025, 1, 6), (listing(1, 3), listing(2, 9), listing(3, 3), listing(4, None)))
    archive = build_archive([day], KeywordTagger([]))
    order = ranked(archive.papers_of(day))
    assert [p.id for p in order] == ["2501.00002", "2501.00001", "2501.00003", "2501.00004"]
    # A paper listed twice in a period is ranked once, where it was first listed.
    twice = archive.papers_of(day) + archive.papers_of(day)
    assert [p.id for p in ranked(twice)] == [p.id for p in order]


def test_iso_weeks_cross_the_year_boundary() -> None:
    # 2024-12-30 (Monday) and 2025-01-03 are both in ISO week 1 of 2025; 2024-12-27 is in 2024-W52.
    days = [
        Day(dt.date(2024, 12, 27), (listing(1, 5),)),
        Day(dt.date(2024, 12, 30), (listing(2, 1),)),
        Day(dt.date(2025, 1, 3), (listing(3, 7),)),
    ]
    index = SiteIndex(build_archive(days, KeywordTagger([])))
    assert [w.label for w in index.weeks] == ["2024-W52", "2025-W01"]
    pages = build(days)
    week = pages["top/weeks/2025-W01.md"]
    assert titles(week) == ["Paper 3", "Paper 2"]
    assert "Week 1 of 2025 (30 December 2024 to 5 January 2025)" in week
    assert 'rel="prev" href="../../../top/weeks/2024-W52/"' in week
    assert len(titles(pages["top/months/2024-12.md"])) == 2


def test_a_week_of_few_papers_lists_them_all_without_counting_them_twice() -> None:
    """A week of 30 papers said "The 30 most upvoted of the 30 papers"."""
    few = build([Day(dt.date(2025, 1, 6), (listing(1, 3), listing(2, 9)))])["top/weeks/2025-W02.md"]
    assert "All 2 papers, most upvoted first, listed on 1 day" in few
    assert "most upvoted of the" not in few


def test_days_and_weeks_without_upvotes_say_so_and_keep_listing_order() -> None:
    days = [Day(dt.date(2025, 1, 6), (listing(1, None), listing(2, None), listing(3, None)))]
    pages = build(days)
    assert not has_upvotes(build_archive(days, KeywordTagger([])).papers_of(days[0]))
    week, day = pages["top/weeks/2025-W02.md"], pages["days/2025-01-06.md"]
    assert "No upvote data for this week" in week and "pa-rows--ranked" not in week
    assert titles(week) == ["Paper 1", "Paper 2", "Paper 3"]
    assert "In listing order: this day was copied from the page" in day
    assert not re.search(r"\d upvotes?\b", day)  # no "0 upvotes" on the cards


def test_a_paper_page_leads_to_its_neighbours_on_its_day_saying_which() -> None:
    """The links read "Previous paper" and "Next paper": the day they stay on went unsaid."""
    pages = build([Day(dt.date(2025, 1, 6), (listing(1, 1), listing(2, 5), listing(3, 3)))])
    middle = pages["papers/2501.00003.md"]  # 3 upvotes: after 2 (5), before 1 (1)
    assert 'aria-label="Papers of Monday, 6 January 2025"' in middle
    assert '<a rel="prev" href="../2501.00002/">← Previous that day</a>' in middle
    assert '<a rel="next" href="../2501.00001/">Next that day →</a>' in middle


def test_day_pages_list_the_most_upvoted_first_with_singular_and_plural() -> None:
    days = [Day(dt.date(2025, 1, 6), (listing(1, 1), listing(2, 0), listing(3, 12)))]
    page = build(days)["days/2025-01-06.md"]
    cards = re.findall(r'<h2><a href="[^"]+"><bdi>([^<]+)', page)
    assert cards == ["Paper 3", "Paper 1", "Paper 2"]
    assert "Most upvoted first." in page
    assert " 1 upvote<" in page and " 12 upvotes<" in page and " 0 upvotes<" in page


def test_upvotes_show_on_tag_top_and_home_lists() -> None:
    days = [Day(dt.date(2025, 1, 6), (listing(1, 1, "Attention for agents"), listing(2, 4)))]
    tagger = KeywordTagger([])
    pages = render_site(build_archive(days, tagger), SiteOptions())
    for path in ("index.md", "top/weeks/2025-W02.md", "top/months/2025-01.md"):
        assert " 1 upvote<" in pages[path] and " 4 upvotes<" in pages[path], path


def test_hostile_text_in_the_new_places_stays_text() -> None:
    evil = listing(1, 2, HOSTILE, authors=(HOSTILE, "Ann O'Neil"))
    pages = build([Day(dt.date(2025, 1, 6), (evil,))])
    for path in ("index.md", "top/weeks/2025-W02.md", "top/months/2025-01.md"):
        assert "<script>" not in pages[path], path
        assert "&lt;script&gt;" in pages[path], path
    paper = pages["papers/2501.00001.md"]
    head = paper.split("\n---\n")[0]
    assert "<script>" not in head.replace("\\u003c", "<").split("citation_title")[1][:80]
    # The authors line holds the names as text (paper.js links them: tests/browser).
    assert (
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;q&#34;, Ann O&#39;Neil" in paper
    )


def test_the_top_week_feed_lists_each_weeks_most_upvoted(tmp_path: Path) -> None:
    days = [
        Day(dt.date(2025, 1, 6), tuple(listing(n, n) for n in range(1, 13))),
        Day(dt.date(2025, 1, 13), (listing(20, 1), listing(21, 50))),
    ]
    feed = feedparser.parse(build(days)["feeds/top-week.xml"])
    assert not feed.bozo
    names = [entry.title for entry in feed.entries]
    # The newest week first; ten papers a week at most.
    assert names == ["Paper 21", "Paper 20"] + [f"Paper {n}" for n in range(12, 2, -1)]


def test_the_top_week_feed_holds_the_latest_four_weeks() -> None:
    mondays = [dt.date(2025, 1, 6) + dt.timedelta(weeks=n) for n in range(6)]
    days = [Day(monday, (listing(n, 5),)) for n, monday in enumerate(mondays, start=1)]
    feed = feedparser.parse(build(days)["feeds/top-week.xml"])
    assert [entry.title for entry in feed.entries] == ["Paper 6", "Paper 5", "Paper 4", "Paper 3"]


def test_the_top_week_feed_leaves_out_weeks_without_upvotes() -> None:
    """A copied listing's week has no ranking: its papers in listing order are no top papers."""
    days = [
        Day(dt.date(2025, 1, 6), (listing(1, 3), listing(2, 8))),
        Day(dt.date(2025, 1, 13), (listing(3, None), listing(4, None))),
    ]
    feed = feedparser.parse(build(days)["feeds/top-week.xml"])
    assert [entry.title for entry in feed.entries] == ["Paper 2", "Paper 1"]


def test_the_home_page_orients() -> None:
    days = [Day(dt.date(2025, 1, 6), tuple(listing(n, n % 7) for n in range(1, 30)))]
    home = build(days)["index.md"]
    assert "Kept for good: 29 papers from 1 day," in home
    assert "29 papers from 1 days" not in home and "Monday, 6 January 2025" in home
    assert len(titles(home)) == 10 + 5  # the day's ten, the week's five
    assert "All 29 papers of the day" in home and "feeds/top-week.xml" in home


def test_the_home_page_shows_the_newest_week_with_upvotes() -> None:
    """A copied listing (no upvotes) in the newest week: the home page's top is last week's."""
    days = [
        Day(dt.date(2025, 1, 6), (listing(1, 3), listing(2, 8))),
        Day(dt.date(2025, 1, 13), (listing(3, None), listing(4, None))),
    ]
    pages = build(days)
    home = pages["index.md"]
    week = home.split('class="pa-home__week"')[1]
    assert titles(week) == ["Paper 2", "Paper 1"]
    assert "Top of <a" in week and "Week 2 of 2025" in week and "No upvote data" not in week
    copied = build(days[1:])["index.md"].split('class="pa-home__week"')[1]
    assert "No upvote data" in copied and "the week</a>" in copied
    assert "4 papers on 2 days." in pages["months/2025-01.md"]
    assert "2 papers on 1 day." in build(days[:1])["months/2025-01.md"]


def citation_tags(page: Path) -> list[tuple[str, str]]:
    tree = lxml_html.parse(str(page))
    return [
        (m.get("name"), m.get("content"))
        for m in tree.xpath("//head/meta[starts-with(@name, 'citation_')]")
    ]


def test_paper_pages_carry_citation_tags(fixture_site: Path) -> None:
    """Every paper page of the built site, the hostile ones included, has the Highwire tags."""
    tags = citation_tags(fixture_site / "papers" / "2505.24864" / "index.html")
    authors = [value for name, value in tags if name == "citation_author"]
    assert authors == [
        "Mingjie Liu", "Shizhe Diao", "Ximing Lu", "Jian Hu", "Xin Dong", "Yejin Choi",
        "Jan Kautz", "Yi Dong",
    ]  # fmt: skip
    found = dict(tags)
    assert found["citation_title"].startswith("ProRL: Prolonged Reinforcement Learning")
    assert found["citation_arxiv_id"] == "2505.24864"
    assert found["citation_pdf_url"] == "https://arxiv.org/pdf/2505.24864"
    assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", found["citation_publication_date"])
    assert found["citation_online_date"] == "2025/06/02"
    hostile = dict(citation_tags(fixture_site / "papers" / "2506.90001" / "index.html"))
    assert hostile["citation_title"] == "<script>alert('title')</script>"
    for page in (fixture_site / "papers").glob("*/index.html"):
        names = {name for name, _ in citation_tags(page)}
        assert {"citation_title", "citation_online_date"} <= names, page
        assert names & {"citation_arxiv_id", "citation_id"}, page


def test_the_home_page_says_what_the_archive_holds_in_the_sites_own_words() -> None:
    """It named Hugging Face Daily Papers whatever a fork keeps: mkdocs.yml's description."""
    days = [Day(dt.date(2025, 1, 6), (listing(1, 1),))]
    archive = build_archive(days, KeywordTagger([]))
    own = SiteOptions(site_description="Our lab <reading> list.")
    home = render_site(archive, own)["index.md"]
    assert "Our lab &lt;reading&gt; list. Kept for good: 1 paper from 1 day" in home
    assert "Hugging Face" not in home
    assert "Kept for good: 1 paper" in render_site(archive, SiteOptions())["index.md"]
