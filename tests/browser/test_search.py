"""Search in a real browser: Pagefind over the built site, through the archive's own UI."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, Route

from generator.bench.browser import serve
from generator.content.store import load_days
from generator.site.search import shard_of
from tests.conftest import PHONE, shoot, watched

pytestmark = pytest.mark.browser


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    with watched(browser, aborts_fail=True) as page:
        yield page


def results(page: Page, selector: str = ".pa-search-page .pa-result") -> list[str]:
    return [title.inner_text() for title in page.locator(f"{selector} .pa-result__title").all()]


def test_typing_in_the_header_finds_the_paper(browser: Browser, fixture_url: str) -> None:
    title = "ProRL: Prolonged Reinforcement Learning Expands Reasoning Boundaries in Large Language Models"
    with watched(browser) as page:  # leaving the page may cut the list's filling short
        find_and_open(page, fixture_url, "ProRL prolonged reinforcement", title, "2505.24864")


def test_the_search_page_finds_and_filters_by_tag(page: Page, fixture_url: str) -> None:
    page.goto(f"{fixture_url}search/?q=reinforcement")
    page.locator(".pa-search-page .pa-result").first.wait_for()
    unfiltered = int(page.inner_text(".pa-search-status").split()[0])
    page.select_option("#pa-tag", "Robotics and embodied AI")
    page.wait_for_function(
        f"!document.querySelector('.pa-search-status').textContent.startsWith('{unfiltered} ')"
    )
    filtered = int(page.inner_text(".pa-search-status").split()[0])
    assert 0 < filtered < unfiltered
    assert "tag=Robotics+and+embodied+AI" in page.url
    for meta in page.locator(".pa-search-page .pa-result__meta").all():
        assert "Robotics and embodied AI" in meta.inner_text()


def test_a_tag_page_links_to_search_filtered_by_that_tag(page: Page, fixture_url: str) -> None:
    page.goto(f"{fixture_url}tags/robotics/")
    page.click("text=Search within this tag")
    page.locator(".pa-search-page .pa-result").first.wait_for()
    assert page.input_value("#pa-tag") == "Robotics and embodied AI"


@pytest.mark.parametrize("tag", ["Efficient inference", "Robotics and embodied AI"])
def test_a_tag_without_words_lists_its_papers_newest_first(
    page: Page, fixture_url: str, tag: str
) -> None:
    """No words, so no best match (Pagefind's order was arbitrary): newest first."""
    page.goto(f"{fixture_url}search/?tag={quote(tag)}")
    page.locator(".pa-search-page .pa-result").first.wait_for()
    more = page.locator(".pa-search-more button")
    while more.is_visible():  # every result, not the first page's
        shown = page.locator(".pa-search-page .pa-result").count()
        more.click()
        page.wait_for_function(
            f"document.querySelectorAll('.pa-search-page .pa-result').length > {shown}"
        )
    dates = [d.inner_text() for d in page.locator(".pa-search-page .pa-result__meta time").all()]
    assert len(set(dates)) > 1 and dates == sorted(dates, reverse=True)
    # The order select says so (it read "Best match"), and reads "Best match" once words are typed.
    shown_order = "document.querySelector('#pa-sort').selectedOptions[0].textContent"
    assert page.evaluate(shown_order) == "Newest first"
    page.fill("#pa-q", "model")
    page.wait_for_function(f"{shown_order} === 'Best match'")


def test_sorting_by_date_orders_the_results(page: Page, fixture_url: str) -> None:
    page.goto(f"{fixture_url}search/?q=model&sort=oldest")
    page.locator(".pa-search-page .pa-result").first.wait_for()
    dates = [d.inner_text() for d in page.locator(".pa-search-page .pa-result__meta time").all()]
    assert dates == sorted(dates) and len(dates) > 1


def test_an_author_past_the_pages_first_names_is_found(page: Page, fixture_url: str) -> None:
    """A paper page names 30 of its 300 authors (the 250th is this one); its search document
    holds them all."""
    page.goto(f"{fixture_url}search/?q={quote('Quartermaine')}")
    page.locator(".pa-search-page .pa-result").first.wait_for()
    # The one paper that matches; Pagefind's close matches (shorter prefixes) follow it.
    assert results(page)[0] == "<script>alert('title')</script>"


@pytest.mark.parametrize("query", ["Santillán", "santillan", "Martin Santillan Cooper"])
def test_a_name_is_found_with_or_without_its_accents(
    page: Page, fixture_url: str, query: str
) -> None:
    """Many readers type "Martin" for "Martín" (Pagefind matches letters as written)."""
    page.goto(f"{fixture_url}search/?q={quote(query)}")
    page.locator(".pa-search-page .pa-result").first.wait_for()
    # Pagefind found it without the accents; the page called it a close match ("santillan" is
    # not in "santillán") until it folded the words it compares.
    assert re.fullmatch(r"\d+ papers? found\.", page.inner_text(".pa-search-status"))
    assert results(page)[0] == "Granite Guardian", results(page)[:3]
    page.fill("#pa-search-input", query)
    first = page.locator(".pa-search__dropdown .pa-result").first
    first.wait_for()
    assert first.locator(".pa-result__title").inner_text() == "Granite Guardian"
    assert not page.locator(".pa-search__none").count()


@pytest.mark.parametrize("query", ["qwxjvbnk", "supercalifragilistic"])
def test_a_query_with_no_match_says_so_and_offers_no_unrelated_papers(
    page: Page, fixture_url: str, query: str
) -> None:
    """Pagefind falls back to shorter prefixes ("sup" for "supercalifragilistic"): a reader
    was offered unrelated papers as "Closest matches"."""
    page.goto(f"{fixture_url}search/?q={quote(query)}")
    page.wait_for_function("document.querySelector('.pa-search-status').textContent.length > 0")
    assert page.inner_text(".pa-search-status") == "No papers match this search."
    assert results(page) == []
    page.fill("#pa-search-input", query)
    none = page.locator(".pa-search__none")
    none.wait_for()
    assert none.inner_text() == f"No papers match “{query}”."
    page.wait_for_timeout(1000)  # every quarter searched
    assert page.locator(".pa-search__dropdown .pa-result").count() == 0


def test_a_mistyped_word_offers_the_papers_of_the_word_meant(page: Page, fixture_url: str) -> None:
    """Pagefind's fallback to a prefix ("diffusi") finds the word meant when the slip is near
    the end; the page offers those, and only those ("difusion" falls back to "di": nothing)."""
    page.goto(f"{fixture_url}search/?q=diffusin")
    page.locator(".pa-search-page .pa-result").first.wait_for()
    assert page.inner_text(".pa-search-status") == "No papers match this search. Closest matches:"
    for result in page.locator(".pa-search-page .pa-result").all():
        shown = result.inner_text().lower()  # its title, tags or abstract: where Pagefind found it
        assert "diffusion" in shown, shown[:200]


def test_a_quoted_phrase_finds_its_matches(page: Page, fixture_url: str) -> None:
    """Pagefind marks the phrase's words without their quotes: its results are matches, not
    "closest matches"."""
    phrase = quote('"reinforcement learning"')
    page.goto(f"{fixture_url}search/?q={phrase}")
    page.locator(".pa-search-page .pa-result").first.wait_for()
    assert re.fullmatch(r"\d+ papers found\.", page.inner_text(".pa-search-status"))
    marks = page.locator(".pa-search-page .pa-result").first.locator("mark").all_inner_texts()
    assert marks and {mark.lower().strip(",.") for mark in marks} <= {"reinforcement", "learning"}


PRORL = (
    "ProRL: Prolonged Reinforcement Learning Expands Reasoning Boundaries in Large Language Models"
)
ARXIV_QUERIES = (
    "2505.24864",
    "2505.24864v2",
    "arXiv:2505.24864",
    "arxiv.org/abs/2505.24864",
    "https://arxiv.org/pdf/2505.24864",
    "https://huggingface.co/papers/2505.24864",
)


def test_an_arxiv_id_or_its_link_leads_to_the_paper(browser: Browser, fixture_url: str) -> None:
    """No index holds arXiv ids: the search page and the header box find the paper's page."""
    with watched(browser) as page:  # leaving the page may cut the fill's requests short
        for query in ARXIV_QUERIES:
            page.goto(f"{fixture_url}search/?q={quote(query)}")
            page.locator(".pa-search-page .pa-result").first.wait_for()
            assert page.inner_text(".pa-search-status") == "1 paper found.", query
            assert results(page) == [PRORL], query
            meta = page.inner_text(".pa-search-page .pa-result__meta")
            assert meta.startswith("2025-06-02 · 35 upvotes · Reasoning"), meta
            # The abstract from its start: no word of the query is in it to mark.
            snippet = page.locator(".pa-search-page .pa-result__excerpt")
            assert snippet.inner_text().startswith("Recent advances in reasoning-centric"), query
            assert snippet.locator("mark").count() == 0, query
        page.click(".pa-search-page .pa-result__title")
        page.wait_for_url("**/papers/2505.24864/")
        find_and_open(page, fixture_url, "arxiv.org/abs/2505.24864v1", PRORL, "2505.24864")


def test_an_old_style_arxiv_id_asks_for_its_page_by_the_name_the_archive_gives_it(
    browser: Browser, fixture_url: str, fixture_site: Path
) -> None:
    """Old-style ids are written as arXiv writes them ("hep-th/9901001", "math.GT/0309136") and
    their pages are named with '~' for '/' (urls.paper_name). The fixture has no such paper, so
    the page the archive would build for one is answered with a real paper page's bytes."""
    page_bytes = (fixture_site / "papers" / "2505.24864" / "index.html").read_bytes()
    context = browser.new_context()
    page = context.new_page()
    asked: list[str] = []

    def answer(route: Route) -> None:
        asked.append(route.request.url)
        route.fulfill(body=page_bytes, content_type="text/html")

    page.route("**/papers/*~*/", answer)
    for query, name in (
        ("HEP-TH/9901001v2", "hep-th~9901001"),
        ("math.gt/0309136", "math.GT~0309136"),
    ):
        page.goto(f"{fixture_url}search/?q={quote(query)}")
        page.locator(".pa-search-page .pa-result").first.wait_for()
        assert results(page) == [PRORL], query
        assert asked[-1] == f"{fixture_url}papers/{name}/", asked
    context.close()


def test_an_arxiv_id_the_archive_lacks_is_searched_as_text(
    browser: Browser, fixture_url: str
) -> None:
    # Not watched: asking for the missing paper's page is answered 404, as it should be.
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{fixture_url}search/?q=2505.99999")
    page.wait_for_function("document.querySelector('.pa-search-status').textContent.length > 0")
    assert page.inner_text(".pa-search-status").startswith("No papers match this search.")
    assert PRORL not in results(page)
    context.close()


def test_search_results_show_hostile_text_literally(browser: Browser, fixture_site: Path) -> None:
    with serve(fixture_site) as url:
        context = browser.new_context()
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: dialogs.append(d.message))
        page.goto(f"{url}search/?q=alert")
        page.locator(".pa-search-page .pa-result").first.wait_for()
        titles = results(page)
        assert "<script>alert('title')</script>" in titles
        excerpts = " ".join(e.inner_text() for e in page.locator(".pa-result__excerpt").all())
        assert "<img src=x onerror=alert('abstract')>" in excerpts
        assert page.locator(".pa-search-page script, .pa-search-page img").count() == 0
        assert dialogs == []
        context.close()


def shards_of(content: Path) -> list[str]:
    return sorted({shard_of(day.date) for day in load_days(content)})


def test_the_dropdown_puts_title_matches_first_newest_first(page: Page, fixture_url: str) -> None:
    """Titles holding the query's words come first, across the whole archive, newer first;
    other matches (abstracts) from the newest quarters fill the list."""
    page.goto(fixture_url)
    page.click("#pa-search-input")
    page.keyboard.type("autoregressive", delay=20)
    page.locator(".pa-search__dropdown .pa-result").nth(5).wait_for()
    assert page.inner_text(".pa-search__caption") == "Best matches"
    items = page.locator(".pa-search__dropdown .pa-result").all()
    in_title = [
        "autoregressive" in i.locator(".pa-result__title").inner_text().lower() for i in items
    ]
    assert in_title[0] and in_title == sorted(in_title, reverse=True)
    dates = [i.locator("time").inner_text() for i, t in zip(items, in_title, strict=True) if t]
    assert dates == sorted(dates, reverse=True)


def test_typing_the_oldest_papers_title_shows_it_first(
    browser: Browser, fixture_content: Path, fixture_url: str
) -> None:
    oldest = load_days(fixture_content)[0].papers[0]
    query = " ".join(oldest.title.split()[:4])
    with watched(browser) as page:  # leaving the page may cut the fill's requests short
        find_and_open(page, fixture_url, query, oldest.title, oldest.id)


def find_and_open(page: Page, url: str, query: str, title: str, paper_id: str) -> None:
    page.goto(url)
    page.keyboard.press("/")
    page.keyboard.type(query, delay=20)
    first = page.locator(".pa-search__dropdown .pa-result").first
    first.wait_for()
    assert first.locator(".pa-result__title").inner_text() == title
    first.locator(".pa-result__title").click()
    page.wait_for_url(f"**/papers/{paper_id}/")


def test_one_bundle_a_quarter_merged_on_the_search_page(
    page: Page, fixture_site: Path, fixture_content: Path, fixture_url: str
) -> None:
    shards = shards_of(fixture_content)
    assert sorted(p.name for p in (fixture_site / "search-index").iterdir()) == shards
    assert len({shard.split("-")[0] for shard in shards}) > 1
    page.goto(f"{fixture_url}search/?q=model&sort=oldest")
    page.locator(".pa-search-page .pa-result").first.wait_for()
    while page.locator(".pa-search-more button").is_visible():
        page.click(".pa-search-more button")
        page.wait_for_timeout(200)
    dates = [d.inner_text() for d in page.locator(".pa-search-page .pa-result__meta time").all()]
    assert dates == sorted(dates)
    assert dates[0].startswith("2024") and dates[-1].startswith("2025")
    page.goto(f"{fixture_url}search/?q=model")
    page.locator(".pa-search-page .pa-result").first.wait_for()
    merged = int(page.inner_text(".pa-search-status").split()[0])
    assert merged == len(dates)


def test_results_show_an_abstract_snippet_with_the_terms_marked(
    page: Page, fixture_url: str
) -> None:
    page.goto(f"{fixture_url}search/?q={quote('shaped attention')}")
    page.locator(".pa-search-page .pa-result").first.wait_for()
    item = page.locator(".pa-search-page .pa-result").filter(has_text="AccLLM").first
    snippet = item.locator(".pa-result__excerpt").inner_text()
    # The copied listing's raw `{\Lambda}-shaped` reads as Λ-shaped; the snippet is from the
    # abstract, not the title or the authors line.
    assert "Λ-shaped attention" in snippet and "\\" not in snippet and "{" not in snippet
    assert "Authors not listed" not in snippet
    marked = [m.inner_text().lower() for m in item.locator(".pa-result__excerpt mark").all()]
    assert "attention," in marked or "attention" in marked
    assert "λ-shaped" in marked


def test_the_header_box_shows_upvotes_and_a_marked_snippet(page: Page, fixture_url: str) -> None:
    page.goto(fixture_url)
    page.keyboard.press("/")
    page.keyboard.type("ProRL prolonged reinforcement", delay=20)
    first = page.locator(".pa-search__dropdown .pa-result").first
    first.locator(".pa-result__excerpt mark").first.wait_for()
    assert first.locator(".pa-result__title").inner_text().startswith("ProRL: Prolonged")
    assert "35 upvotes" in first.locator(".pa-result__meta").inner_text()
    marks = [m.inner_text().lower() for m in first.locator(".pa-result__excerpt mark").all()]
    assert marks, "no term marked"
    terms = ("prorl", "prolonged", "reinforcement")
    assert all(any(term in mark for term in terms) for mark in marks), marks


def test_escape_on_a_result_closes_the_dropdown_back_to_the_box(
    page: Page, fixture_url: str
) -> None:
    page.goto(fixture_url)
    page.keyboard.press("/")
    page.keyboard.type("ProRL", delay=20)
    dropdown = page.locator(".pa-search__dropdown")
    dropdown.locator(".pa-result").first.wait_for()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.pa-search__dropdown') !== null")
    page.keyboard.press("Escape")
    assert dropdown.is_hidden()
    assert page.evaluate("document.activeElement.id") == "pa-search-input"
    assert page.get_attribute("#pa-search-input", "aria-expanded") == "false"
    assert page.input_value("#pa-search-input") == "ProRL"  # the query is kept, to change it
    # The search still running when Escape came must not open the list again with its results
    # (it did, now and then: the other quarters' matches come after the title matches).
    page.wait_for_timeout(1500)
    assert dropdown.is_hidden()
    assert page.get_attribute("#pa-search-input", "aria-expanded") == "false"


def test_the_title_indexs_word_files_arrive_while_typing(page: Page, fixture_url: str) -> None:
    """A word's files are fetched once its first two characters settle them: after the last
    keystroke only the matching papers' rows are left to fetch (main's script fetched four
    word files then, one per quarter)."""
    query = "ProRL prolonged reinforcement"
    page.goto(fixture_url)
    page.keyboard.press("/")
    page.keyboard.type(query[:-1], delay=20)  # quicker than the lookup's pause: no lookup yet
    late: list[str] = []
    page.on("request", lambda request: late.append(request.url))
    page.keyboard.type(query[-1])
    page.locator(".pa-search__dropdown .pa-result").first.wait_for()
    names = [url.rsplit("/", 1)[-1] for url in late if "/title-index/" in url]
    assert [name for name in names if not name.startswith("papers-")] == []


def test_back_from_a_result_brings_back_every_result_shown_and_the_place(
    browser: Browser, fixture_url: str
) -> None:
    """A reader clicked "More results" twice, opened the 25th result and pressed Back: the page
    showed the first 10 again, scrolled to the top. (Leaving a page may cut its requests short:
    not the search tests' page, which fails on that.)"""
    with watched(browser) as page:
        came_back_to_every_result(page, fixture_url)


def came_back_to_every_result(page: Page, fixture_url: str) -> None:
    page.goto(f"{fixture_url}search/?q=model")
    rows = page.locator(".pa-search-page .pa-result")
    rows.first.wait_for()
    for shown in (10, 20):
        page.click(".pa-search-more button")
        page.wait_for_function(
            f"document.querySelectorAll('.pa-search-page .pa-result').length > {shown}"
        )
    count = rows.count()
    assert count > 20
    target = rows.nth(count - 2).locator(".pa-result__title")
    title = target.inner_text()
    target.scroll_into_view_if_needed()
    place = page.evaluate("scrollY")
    assert place > 500
    target.click()
    page.wait_for_url("**/papers/**")
    page.go_back()
    page.wait_for_function(
        f"document.querySelectorAll('.pa-search-page .pa-result').length === {count}"
    )
    page.wait_for_function(f"Math.abs(scrollY - {place}) < 5")
    assert results(page)[count - 2] == title


def test_the_arrow_keys_move_between_the_box_and_its_results(page: Page, fixture_url: str) -> None:
    page.goto(fixture_url)
    page.keyboard.press("/")
    page.keyboard.type("ProRL", delay=20)
    page.locator(".pa-search__dropdown .pa-result").first.wait_for()
    focused = "document.activeElement.textContent.trim().slice(0, 40)"
    page.keyboard.press("ArrowDown")
    first = page.evaluate(focused)
    assert first.startswith("ProRL"), first
    page.keyboard.press("ArrowDown")
    assert page.evaluate(focused) != first
    page.keyboard.press("ArrowUp")
    assert page.evaluate(focused) == first
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "pa-search-input"


def test_a_long_query_that_matches_nothing_wraps_inside_the_phone_dropdown(
    browser: Browser, fixture_url: str
) -> None:
    """One long word ran past the dropdown's edge on a phone ("No papers match “…”")."""
    with watched(browser, PHONE, phone=True) as page:
        page.goto(fixture_url)
        page.click("#pa-search-input")
        page.keyboard.type("supercalifragilisticexpialidocious" * 3, delay=5)
        none = page.locator(".pa-search__dropdown .pa-search__none")
        none.wait_for()
        sizes = none.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert sizes[0] <= sizes[1], sizes
        shoot(page, "phone-search-long-query")
