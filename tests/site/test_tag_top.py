"""A tag's most upvoted papers (site.tag_top): ranking, ties, papers without upvote data, the
page and its link from the tag page, hostile text, and upvotes read from a stored day."""

from __future__ import annotations

import datetime as dt
import pickle

from lxml import html as lxml_html

from generator.archive.derive import build_archive
from generator.archive.model import Archive, Day, Listing, PackedListings, Paper
from generator.archive.tagging import KeywordTagger
from generator.build.state import BuildState
from generator.site.families import page_jobs, render_site
from generator.site.options import SiteOptions
from generator.site.renderer import Site
from generator.site.tag_ranking import rank_days

HOSTILE = "<script>alert('x')</script> & \"q\""


def listing(n: int, upvotes: int | None, title: str = "") -> Listing:
    return Listing(
        id=f"2501.{n:05d}", title=title or f"Paper {n}", abstract="Text.", upvotes=upvotes,
        ai_keywords=("Agents",), arxiv=True,
    )  # fmt: skip


def archive_of(days: list[Day]) -> Archive:
    listings = [paper for day in days for paper in day.papers]
    return build_archive(days, KeywordTagger(listings, minimum=1))


def titles(page: str) -> list[str]:
    rows = lxml_html.fromstring(page).xpath("//ol[contains(@class, 'pa-rows')]/li/a[1]")
    return [row.text_content() for row in rows]


DAYS = [
    # Ties (5 upvotes) go to the paper listed first: the older day, then the day's order.
    Day(dt.date(2025, 1, 6), (listing(1, 5), listing(2, None), listing(3, 0))),
    Day(dt.date(2025, 1, 7), (listing(5, 9), listing(4, 5), listing(6, 5))),
]


def ranked_ids(days: list[Day], size: int) -> tuple[list[str], int]:
    """The agents tag's ranked papers (every listing has its keyword) and how many it ranks."""
    ranking = rank_days(archive_of(days), days, size)
    return [entry[3] for entry in ranking.tops["agents"]], ranking.counts["agents"]


def test_most_upvoted_first_ties_in_listing_order_and_no_upvotes_left_out() -> None:
    ranked, count = ranked_ids(DAYS, 10)
    assert count == 5  # of 6: no upvote data (2501.00002) is not ranked as zero
    assert ranked == [
        "2501.00005", "2501.00001", "2501.00004", "2501.00006", "2501.00003",
    ]  # fmt: skip
    assert ranked_ids(DAYS, 2) == (["2501.00005", "2501.00001"], 5)


def test_a_paper_listed_twice_is_placed_where_it_was_first_listed() -> None:
    days = [
        Day(dt.date(2025, 1, 6), (listing(1, 3), listing(2, 3))),
        Day(dt.date(2025, 1, 7), (listing(2, 3), listing(1, 3))),
    ]
    assert ranked_ids(days, 10) == (["2501.00001", "2501.00002"], 2)


def test_the_tag_top_page_ranks_counts_the_unranked_and_is_linked() -> None:
    pages = render_site(archive_of(DAYS), SiteOptions())
    page = pages["tags/agents/top.md"]
    assert titles(page) == ["Paper 5", "Paper 1", "Paper 4", "Paper 6", "Paper 3"]
    assert "pa-rows--ranked" in page
    assert "1 paper of this tag came without upvote data" in page
    assert " · 9 upvotes<" in page and " · 0 upvotes<" in page
    assert 'href="../../../tags/agents/">Latest papers of this tag' in page
    assert 'href="../../tags/agents/top/">Most upvoted</a>' in pages["tags/agents/index.md"]


def test_a_tag_without_upvote_data_says_so_instead_of_ranking() -> None:
    days = [Day(dt.date(2025, 1, 6), (listing(1, None), listing(2, None)))]
    page = render_site(archive_of(days), SiteOptions())["tags/agents/top.md"]
    assert "No upvote data for this tag" in page and titles(page) == []
    assert "pa-rows" not in page


def test_hostile_titles_stay_text_on_the_tag_top_page() -> None:
    days = [Day(dt.date(2025, 1, 6), (listing(1, 2, HOSTILE),))]
    page = render_site(archive_of(days), SiteOptions())["tags/agents/top.md"]
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_upvotes_are_read_from_a_stored_day_without_unpacking_it() -> None:
    packed = pickle.loads(pickle.dumps(PackedListings.of(DAYS[0].papers)))
    assert packed.upvotes == (5, None, 0)
    papers = [Paper(f"2501.0000{n}", (DAYS[0].date,), (), (packed, n - 1)) for n in (1, 2, 3)]
    assert [paper.upvotes for paper in papers] == [5, None, 0]
    assert packed._listings is None  # still packed
    assert papers[0].listing.title == "Paper 1"


def tag_top_fingerprint(days: list[Day]) -> bytes:
    site = Site(archive_of(days), SiteOptions())
    [job] = [job for job in page_jobs(site) if job.path == "tags/agents/top.md"]
    return job.fingerprint(b"")


def test_a_new_day_renders_a_tag_top_page_only_when_it_changes_the_top() -> None:
    """The page's key is what it shows: a new paper below the top leaves it alone (a daily
    build would otherwise render every tag's top page again), one that enters it does not."""
    full = Day(dt.date(2025, 1, 6), tuple(listing(n, 100 + n) for n in range(1, 61)))
    before = tag_top_fingerprint([full])
    low = Day(dt.date(2025, 1, 7), (listing(70, 3), listing(71, None)))
    high = Day(dt.date(2025, 1, 7), (listing(70, 500),))
    assert tag_top_fingerprint([full, low]) != before  # one more paper without upvote data
    assert tag_top_fingerprint([full, Day(low.date, low.papers[:1])]) == before
    assert tag_top_fingerprint([full, high]) != before


def test_the_rows_of_a_tags_top_papers_are_kept_for_the_next_build() -> None:
    # Only the newest paper is on the home page or the tag's latest papers: the most upvoted
    # (2501.00005, on the older day) is kept because the tag's top page shows it, and only
    # its row there (its card or feed entry would weigh on every build's state).
    days = [Day(dt.date(2025, 1, 6), (listing(5, 9),)), Day(dt.date(2025, 1, 7), (listing(1, 1),))]
    site = Site(archive_of(days), SiteOptions(home_days=0, tag_page_size=1))
    for job in page_jobs(site):
        site.render(job)
    state = BuildState()
    state.keep_fragments(site.fragments, site.hot_versions(), site.hot_fragments)
    version = site.versions["2501.00005"]
    rendered = {kind for (found, kind) in site.fragments if found == version}
    assert {"row ../../../", "feed entry"} <= rendered
    assert {kind for (found, kind) in state.fragments if found == version} == {"row ../../../"}
