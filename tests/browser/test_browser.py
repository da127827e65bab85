"""The site as a person uses it, in Debian's Chromium: walking links, a phone, dark mode,
accessibility (axe-core), hostile text. Screenshots go to test-output/screenshots/."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route

from generator.archive.model import Paper
from generator.content.store import load_days
from generator.site import authors, urls
from generator.site.bibtex import bibtex, script_writes_bibtex
from tests.conftest import DESKTOP, PHONE, ROOT, shoot, watched

AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.browser


def no_horizontal_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def walk(page: Page, url: str, name: str) -> dict[str, str]:
    """Home, a day, a paper, a tag, another paper, by clicking visible links; their URLs."""
    seen = {}
    page.goto(url)
    seen["home"] = page.url
    shoot(page, f"{name}-home")
    steps = (
        ("day", ".pa-home__day h2 a", r"/days/\d{4}-\d{2}-\d{2}/$"),
        ("paper", ".pa-day-page .pa-card h2 a", r"/papers/[^/]+/$"),
        ("tag", "article.pa-paper .pa-tags a", r"/tags/[^/]+/$"),
    )
    for kind, link, address in steps:
        page.locator(link).first.click()
        page.wait_for_url(re.compile(address))
        seen[kind] = page.url
        shoot(page, f"{name}-{kind}")
    others = page.locator(".pa-tag-page .pa-rows > li > a")
    target = next(
        i for i in range(others.count()) if seen["paper"] != _absolute(page, others.nth(i))
    )
    others.nth(target).click()
    page.wait_for_url(re.compile(r"/papers/[^/]+/$"))
    seen["another paper"] = page.url
    assert seen["another paper"] != seen["paper"]
    return seen


def _absolute(page: Page, link: Any) -> str:
    return str(page.evaluate("(a) => a.href", link.element_handle()))


def test_a_reader_walks_from_home_to_papers_and_tags(browser: Browser, fixture_url: str) -> None:
    with watched(browser, DESKTOP) as page:
        seen = walk(page, fixture_url, "desktop")
        assert page.locator("article.pa-paper h1").inner_text()
        # Material gives the BibTeX entry its copy-to-clipboard button.
        assert page.locator(".pa-cite button[data-md-type=copy]").count() == 1
        assert page.locator(".pa-cite code").inner_text().startswith("@misc{")
    assert len(set(seen.values())) == 5


def test_previous_and_next_day_at_both_ends(browser: Browser, fixture_url: str) -> None:
    with watched(browser, DESKTOP) as page:
        page.goto(fixture_url)
        page.locator(".pa-home__day h2 a").first.click()  # the latest day
        leave_and_return(page, missing="next", away="prev")
        # The first day: from the archive, the oldest month, its first day.
        page.locator("nav.md-tabs a, .md-nav a").filter(has_text="Archive").first.click()
        page.locator(".pa-archive a[href*='months/']").last.click()
        page.locator(".pa-month__days a").first.click()
        leave_and_return(page, missing="prev", away="next")


def leave_and_return(page: Page, missing: str, away: str) -> None:
    """At a day at one end: no `missing` link; `away` leads off and its opposite back."""
    pager = page.locator(".pa-pager").first
    assert pager.locator(f"a[rel={missing}]").count() == 0
    here = page.url
    pager.locator(f"a[rel={away}]").click()
    page.wait_for_url(lambda url: url != here)
    page.locator(".pa-pager").first.locator(f"a[rel={missing}]").click()
    page.wait_for_url(here)


def test_a_phone_reader_uses_the_drawer_and_never_scrolls_sideways(
    browser: Browser, fixture_url: str
) -> None:
    with watched(browser, PHONE, phone=True) as page:
        seen = walk(page, fixture_url, "phone")
        for url in [*seen.values(), fixture_url + "search/", fixture_url + "stats/"]:
            page.goto(url)
            assert no_horizontal_scroll(page), url
        page.goto(fixture_url)
        follow_from_the_drawer(page, "Tags", "phone-drawer")


def follow_from_the_drawer(page: Page, name: str, screenshot: str) -> None:
    """Open the drawer (a phone's navigation) and follow its link to the page `name`."""
    drawer = page.locator("label.md-header__button[for='__drawer']")
    assert drawer.is_visible()
    drawer.click()
    link = page.locator("nav.md-nav--primary a.md-nav__link").filter(has_text=name).first
    link.wait_for(state="visible")
    page.wait_for_timeout(400)  # the drawer slides in
    shoot(page, screenshot)
    link.click()
    page.wait_for_url(re.compile(f"/{name.lower()}/$"))


def test_a_paper_page_has_materials_chrome_from_shared_files(
    browser: Browser, fixture_url: str
) -> None:
    """Paper pages carry only their paper: the header, tabs, icons and footer come from shared
    files, and must look and work as on any other page."""
    with watched(browser, DESKTOP) as page:
        page.goto(fixture_url + "papers/2505.24864/")
        title = page.locator("article.pa-paper h1").inner_text()
        assert page.locator("[data-md-component=header-topic]").inner_text().strip() == title
        assert page.locator(".md-tabs a").all_inner_texts()[:4] == [
            "Home",
            "Top",
            "Archive",
            "Tags",
        ]
        assert page.locator("#pa-search-input").is_visible()
        assert page.locator("footer.md-footer").is_visible()
        # Icons are drawn from the one sprite: every icon shown (logo, palette, search, repo).
        widths = page.evaluate(
            "[...document.querySelectorAll('header svg use')]"
            ".filter(u => u.closest('svg').checkVisibility()).map(u => u.getBBox().width)"
        )
        assert len(widths) >= 4 and all(width > 0 for width in widths), widths
        # The body's palette, set by the shared script (the page's <body> has no attributes),
        # as Material's home page has it in its own <body>.
        body = "['dir', 'data-md-color-scheme', 'data-md-color-primary'].map(n => document.body.getAttribute(n))"
        assert page.evaluate(body) == ["ltr", "default", "indigo"]
        colour = "getComputedStyle(document.querySelector('.md-header')).backgroundColor"
        header = page.evaluate(colour)
        page.goto(fixture_url)
        assert page.evaluate(body) == ["ltr", "default", "indigo"]
        assert page.evaluate(colour) == header
        page.goto(fixture_url + "papers/2505.24864/")
        page.locator("form[data-md-component=palette] label:visible").first.click()
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        shoot(page, "desktop-paper-dark")
        page.locator(".md-tabs a").filter(has_text="Tags").click()
        page.wait_for_url(re.compile(r"/tags/$"))
    with watched(browser, PHONE, phone=True) as page:
        page.goto(fixture_url + "papers/2505.24864/")
        follow_from_the_drawer(page, "Stats", "phone-paper-drawer")


def test_dark_mode_toggles_and_persists(browser: Browser, fixture_url: str) -> None:
    with watched(browser, DESKTOP) as page:
        page.goto(fixture_url)
        scheme = "document.body.getAttribute('data-md-color-scheme')"
        assert page.evaluate(scheme) == "default"
        page.locator("form[data-md-component=palette] label:visible").first.click()
        assert page.evaluate(scheme) == "slate"
        shoot(page, "desktop-home-dark")
        page.locator(".pa-home__day h2 a").first.click()
        page.wait_for_url(re.compile(r"/days/"))
        assert page.evaluate(scheme) == "slate"
        page.reload()
        assert page.evaluate(scheme) == "slate"


PAGES = {
    "home": "",
    "day": "days/2025-06-02/",
    "paper": "papers/2505.24864/",
    "tag": "tags/agents/",
    "search": "search/?q=reinforcement",
    "stats": "stats/",
    "top-week": "top/weeks/2025-W23/",
    "top-month": "top/months/2025-06/",
    "top": "top/",
    "tag-top": "tags/agents/top/",
}


@pytest.mark.parametrize("viewport", ["desktop", "phone", "desktop-dark"])
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(
    browser: Browser, fixture_url: str, name: str, viewport: str
) -> None:
    """In light and dark colours (the scheme a reader's system asks for: a reader found the
    "More results" button at 2.35:1 and the tag chips at 4.17:1 in dark mode only)."""
    size, phone = (PHONE, True) if viewport == "phone" else (DESKTOP, False)
    with watched(browser, size, phone) as page:
        page.emulate_media(color_scheme="dark" if viewport.endswith("dark") else "light")
        page.goto(fixture_url + PAGES[name])
        if name == "search":
            page.locator(".pa-search-page .pa-result").first.wait_for()
            page.locator(".pa-search-more button").wait_for()  # axe skips what is hidden
        shoot(page, f"{viewport}-{name}")
        page.add_script_tag(path=AXE)
        violations = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target).join(' | ')})`)"""
        )
        assert violations == [], "\n".join(violations)


HOSTILE = ["2506.90001", "2506.90002", "2506.90003", "2506.90004", "2506.90005"]


def test_hostile_text_never_runs_and_shows_literally(browser: Browser, fixture_url: str) -> None:
    injected = """() => document.querySelectorAll(
        'article script, article iframe, article img, article svg:not(.pa-chart), '
        + 'article [onerror], article [onload], article b, article strong').length"""
    with watched(browser, DESKTOP) as page:
        for paper_id in HOSTILE:
            page.goto(f"{fixture_url}papers/{paper_id}/")
            page.wait_for_timeout(100)  # time for anything injected to run
            assert page.evaluate(injected) == 0, paper_id
        page.goto(f"{fixture_url}papers/2506.90001/")
        assert page.locator("article.pa-paper h1").inner_text() == "<script>alert('title')</script>"
        # The header's title is written by the shared chrome script, from the page's og:title.
        topic = page.locator("[data-md-component=header-topic]").inner_text()
        assert topic.strip() == "<script>alert('title')</script>"
        elements = "document.querySelectorAll('[data-md-component=header-topic] *').length"
        assert page.evaluate(elements) == 1  # its <span>, and nothing the title brought
        page.goto(f"{fixture_url}papers/2506.90005/")
        abstract = page.locator(".pa-paper__abstract").inner_text()
        assert "<iframe src=javascript:alert('long')></iframe>" in abstract
        assert "{{ 7*7 }}" in abstract and len(abstract) > 15000  # its $\\frac{a}{b}$ is MathML
        assert no_horizontal_scroll(page)
        page.goto(f"{fixture_url}days/2025-06-04/")
        assert page.evaluate(injected.replace("article", ".pa-day-page")) == 0
        shoot(page, "desktop-hostile-day")


def test_each_author_links_to_a_search_for_their_name(
    browser: Browser, fixture_url: str, fixture_content: Path
) -> None:
    """paper.js makes the authors line's names links from the citation_author tags."""
    listed = {
        listing.id: listing.authors
        for day in load_days(fixture_content)
        for listing in day.papers
        if listing.id in ("2505.24864", "2506.90001")
    }
    with watched(browser, DESKTOP) as page:
        for paper_id, names in sorted(listed.items()):
            page.goto(f"{fixture_url}papers/{paper_id}/")
            names = names[: authors.SHOWN]  # the rest come on demand (see below)
            links = page.locator(".pa-paper__authors a:not(.pa-paper__more)")
            assert links.all_inner_texts() == list(names), paper_id
            queries = links.evaluate_all(
                "links => links.map((a) => [a.getAttribute('href').split('?')[0],"
                " new URL(a.href).searchParams.get('q')])"
            )
            assert queries == [["../../search/", f'"{name}"'] for name in names], paper_id
            line = page.locator(".pa-paper__authors").inner_text()
            assert line.removesuffix(" and 270 more") == ", ".join(names)
        assert "Mallory <script>alert('author')</script>" in names
        links.first.click()
        page.wait_for_url(re.compile(r"/search/\?q="))
        assert page.locator("#pa-q").input_value() == f'"{names[0]}"'


def test_an_author_link_finds_that_authors_papers_only(
    browser: Browser, fixture_url: str, fixture_content: Path
) -> None:
    """The name as a phrase: the words alone found nine fixture papers with a "Michael" or a
    "Hind" somewhere, for his one paper."""
    with watched(browser, DESKTOP) as page:
        page.goto(f"{fixture_url}papers/2412.07724/")
        page.locator(".pa-paper__authors a", has_text="Michael Hind").click()
        page.wait_for_url(re.compile(r"/search/\?q="))
        page.locator(".pa-search-page .pa-result").first.wait_for()
        assert page.inner_text(".pa-search-status") == "1 paper found."
        assert page.inner_text(".pa-search-page .pa-result__title") == "Granite Guardian"


def test_and_n_more_brings_the_rest_of_a_long_author_list(
    browser: Browser, fixture_url: str, fixture_content: Path
) -> None:
    """A page names its first authors; its "and N more" fills the line from the authors file,
    every name a link to its search and shown as text, the focus on the first new name; the
    file's names also become citation_author tags of the live page."""
    (names,) = [
        listing.authors
        for day in load_days(fixture_content)
        for listing in day.papers
        if listing.id == "2506.90001"
    ]
    with watched(browser, DESKTOP) as page:
        page.goto(f"{fixture_url}papers/2506.90001/")
        links = page.locator(".pa-paper__authors a:not(.pa-paper__more)")
        assert links.all_inner_texts() == list(names[: authors.SHOWN])
        more = page.locator(".pa-paper__authors a.pa-paper__more")
        assert more.inner_text() == f"and {len(names) - authors.SHOWN} more"
        # The live page's citation_author tags name every author (Zotero's connector reads them).
        cited = "[...document.querySelectorAll('meta[name=citation_author]')].map(m => m.content)"
        page.wait_for_function(f"{cited}.length === {len(names)}")
        assert page.evaluate(cited) == list(names)
        more.click()
        page.wait_for_function("document.querySelectorAll('.pa-paper__authors a').length > 31")
        assert links.all_inner_texts() == list(names)
        assert page.locator(".pa-paper__more").count() == 0
        assert page.locator(".pa-paper__authors img, .pa-paper__authors b").count() == 0
        focused = page.evaluate("document.activeElement.textContent")
        assert focused == names[authors.SHOWN]
        assert no_horizontal_scroll(page)
        shoot(page, "desktop-long-author-list")


LONG = ("2506.90001", "2506.90006")  # 300 authors (hostile names), 45 (plain)
# Names past a long list's first 30 that BibTeX needs written otherwise: every character of
# Latin-1 and Latin Extended-A, ASCII's special characters, " and " inside a name (not "and"
# inside a word), a name in letters LaTeX has no command for.
ODD_NAMES = (
    "".join(map(chr, range(0xA0, 0x180))),
    "Ana María Núñez-Østergård",
    "Smith and Wesson",
    "Robert Andrews",
    'Q. "Quote" #1 $2 %3 &4 <5> \\6 ^7 _8 {9} ~10',
    "王小明",
)
EVERY_NAME = "() => !document.querySelector('.pa-cite code').textContent.includes(' and others}')"


def long_papers(content: Path) -> dict[str, Paper]:
    return {
        listing.id: Paper.of(listing, (day.date,))
        for day in load_days(content)
        for listing in day.papers
        if listing.id in LONG
    }


def every_author_cited(paper: Paper, monkeypatch: pytest.MonkeyPatch) -> str:
    """The entry site/bibtex.py would write if the page named every author."""
    with monkeypatch.context() as patch:
        patch.setattr(authors, "SHOWN", len(paper.listing.authors))
        return bibtex(paper, "unused: arXiv papers cite arXiv")


def test_a_long_lists_bibtex_names_every_author_once_they_come(
    browser: Browser, fixture_url: str, fixture_content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long list's entry names its first 30 authors and "others"; once the file of every name
    has come, "others" gives way to the rest, written as site/bibtex.py writes names."""
    papers = long_papers(fixture_content)
    with watched(browser, DESKTOP) as page:
        for paper_id, paper in papers.items():
            page.goto(f"{fixture_url}papers/{paper_id}/")
            page.wait_for_function(EVERY_NAME, timeout=5000)
            entry = page.locator(".pa-cite code").text_content()
            assert entry == every_author_cited(paper, monkeypatch), paper_id
        # Names that need LaTeX, from a file of names as a reader's browser gets it.
        paper = papers["2506.90006"]
        listing = replace(paper.listing, authors=paper.listing.authors[: authors.SHOWN] + ODD_NAMES)
        text = "".join(f"{name}\n" for name in listing.authors)
        page.route("**/authors/2506.90006.txt", lambda route: route.fulfill(body=text))
        page.goto(f"{fixture_url}papers/2506.90006/")
        page.wait_for_function(EVERY_NAME, timeout=5000)
        entry = page.locator(".pa-cite code").text_content()
        assert entry == every_author_cited(Paper.of(listing, paper.days), monkeypatch)
        shoot(page, "desktop-long-bibtex")


def test_copying_a_long_lists_bibtex_waits_for_every_author(
    browser: Browser, fixture_url: str, fixture_content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A click on Copy before the file of every name has come copies the whole entry, once the
    file is here; never the entry with "others"."""
    held: list[Route] = []
    clipboard = "() => navigator.clipboard.readText()"
    with watched(browser, DESKTOP) as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.route("**/authors/2506.90006.txt", lambda route: held.append(route))
        page.goto(f"{fixture_url}papers/2506.90006/")
        page.evaluate("navigator.clipboard.writeText('nothing copied')")
        assert " and others}," in (page.locator(".pa-cite code").text_content() or "")
        page.click(".pa-cite button[data-md-type=copy]")
        page.wait_for_timeout(300)
        assert page.evaluate(clipboard) == "nothing copied"
        held[0].continue_()
        expected = every_author_cited(long_papers(fixture_content)["2506.90006"], monkeypatch)
        for _ in range(50):
            if page.evaluate(clipboard) != "nothing copied":
                break
            page.wait_for_timeout(100)
        assert page.evaluate(clipboard) == expected


def test_the_fix_snippet_is_folded_and_opens_with_the_papers_slugs(
    browser: Browser, fixture_url: str
) -> None:
    with watched(browser, DESKTOP) as page:
        page.goto(f"{fixture_url}papers/2505.24864/")
        snippet = page.locator("details.pa-fix-snippet")
        code = snippet.locator("pre code")
        assert not code.is_visible()  # folded until asked for
        snippet.locator("summary").click()
        assert code.is_visible()
        assert code.inner_text().startswith("  tags:\n    add: []")
        # Built by paper.js from the page's tag links: the slugs each links to, in order.
        slugs = snippet.locator("p code").all_inner_texts()
        assert slugs[-1] == "- id:"
        hrefs = page.locator("article.pa-paper .pa-tags a").evaluate_all(
            "links => links.map((a) => a.getAttribute('href'))"
        )
        assert slugs[:-1] == [href.split("/")[-2] for href in hrefs] and hrefs
        overview = snippet.locator("p a").nth(1)
        assert overview.inner_text() == "tag overview"
        assert overview.get_attribute("href") == "../../tags/"
        assert snippet.locator("p a").first.get_attribute("href") == page.locator(
            ".pa-paper__links a.pa-fix"
        ).get_attribute("href")
        fix = page.locator(".pa-paper__links a.pa-fix").get_attribute("href") or ""
        assert re.search(r"/blob/main/content/days/2025/2025-06-02\.yml#L\d+$", fix)
        snippet.scroll_into_view_if_needed()
        shoot(page, "desktop-fix-snippet")


def test_the_keyboard_moves_between_days_and_papers_but_not_while_typing(
    browser: Browser, fixture_url: str
) -> None:
    with watched(browser, DESKTOP) as page:
        page.goto(fixture_url + "days/2025-06-03/")
        page.keyboard.press("ArrowRight")
        page.wait_for_url(re.compile(r"/days/2025-06-04/$"))
        page.keyboard.press("k")
        page.wait_for_url(re.compile(r"/days/2025-06-03/$"))
        # On a paper page: the next and previous paper of its day, in the day's listing.
        first = page.locator(".pa-day-page .pa-card h2 a").first
        first.click()
        page.wait_for_url(re.compile(r"/papers/[^/]+/$"))
        here = page.url
        page.keyboard.press("j")
        page.wait_for_url(lambda url: url != here)
        assert "/papers/" in page.url
        page.keyboard.press("ArrowLeft")
        page.wait_for_url(here)
        # Typing in the search box never leaves the page.
        page.click("#pa-search-input")
        page.keyboard.type("jk", delay=20)
        page.keyboard.press("ArrowLeft")
        page.wait_for_timeout(300)
        assert page.url == here
        assert page.input_value("#pa-search-input") == "jk"


def test_the_home_page_fits_two_screens_and_the_layout_uses_the_width(
    browser: Browser, fixture_url: str
) -> None:
    with watched(browser, DESKTOP) as page:
        page.goto(fixture_url)
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height <= 2 * DESKTOP["height"], height
        assert not page.locator(".md-sidebar--primary").is_visible()
        width = page.evaluate("document.querySelector('.md-content').getBoundingClientRect().width")
        assert width > 900, width
        shoot(page, "desktop-home-full")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_chart_labels_render_at_least_11_px(
    browser: Browser, fixture_url: str, viewport: str
) -> None:
    size, phone = (DESKTOP, False) if viewport == "desktop" else (PHONE, True)
    with watched(browser, size, phone) as page:
        page.goto(fixture_url + "stats/")
        heights = [box["height"] for box in chart_labels(page)]
        assert heights and min(heights) >= 11, heights
        assert no_horizontal_scroll(page)


def chart_labels(page: Page) -> list[dict[str, Any]]:
    """The stats chart's labels a reader sees (a phone shows fewer), with their boxes."""
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll('.pa-chart__axis')]
                 .filter((t) => t.checkVisibility())
                 .map((t) => ({text: t.textContent, ...t.getBoundingClientRect().toJSON()}))"""
        )
    )


def test_the_stats_chart_fits_a_phones_width(browser: Browser, fixture_url: str) -> None:
    """The chart scales to its column: every month's bar on screen, no sideways scrolling
    inside its figure, its labels legible and apart from each other."""
    with watched(browser, PHONE, phone=True) as page:
        page.goto(fixture_url + "stats/")
        figure = page.locator(".pa-chart-figure")
        assert figure.evaluate("(f) => f.scrollWidth <= f.clientWidth")
        chart = page.locator("svg.pa-chart").bounding_box()
        assert chart is not None and chart["x"] >= 0
        assert chart["x"] + chart["width"] <= PHONE["width"]
        bars = page.locator("svg.pa-chart rect").all()
        assert len(bars) == 9  # December 2024 to August 2025
        for bar in bars:
            box = bar.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        labels = sorted(chart_labels(page), key=lambda label: label["left"])
        ticks = [label for label in labels if label["top"] > chart["y"] + chart["height"] / 2]
        assert "Jan 2025" in [tick["text"] for tick in ticks]  # the year where it starts
        assert len(ticks) >= 4 and min(label["height"] for label in labels) >= 11
        assert all(a["right"] <= b["left"] for a, b in itertools.pairwise(ticks)), ticks
        assert all(label["left"] >= 0 and label["right"] <= PHONE["width"] for label in labels)
        shoot(page, "phone-stats-chart")


def test_the_phone_header_shows_the_whole_site_name(browser: Browser, fixture_url: str) -> None:
    with watched(browser, PHONE, phone=True) as page:
        page.goto(fixture_url + "top/")
        name = page.locator(".md-header__topic:not([data-md-component]) .md-ellipsis")
        assert name.inner_text() == "Paper archive"
        assert page.evaluate("(e) => e.scrollWidth <= e.clientWidth", name.element_handle())
        shoot(page, "phone-top")


def test_a_top_pages_pager_is_readable_on_a_phone(browser: Browser, fixture_url: str) -> None:
    """Three columns of 390 px left a week's name a word a line: each link gets the width."""
    with watched(browser, PHONE, phone=True) as page:
        page.goto(fixture_url + "top/weeks/2025-W23/")
        pager = page.locator(".pa-pager").first
        width = pager.bounding_box()["width"]  # type: ignore[index]
        links = pager.locator("a").all()
        assert len(links) == 3  # the way back to every list, previous and next
        for link in links:
            box = link.bounding_box()
            assert box is not None and box["width"] >= 0.9 * width, link.inner_text()
        assert no_horizontal_scroll(page)


def test_the_bibtex_paper_js_writes_is_the_entry_the_build_would_write(
    browser: Browser, fixture_url: str, fixture_content: Path
) -> None:
    papers = {
        listing.id: Paper.of(listing, (day.date,))
        for day in load_days(fixture_content)
        for listing in day.papers
    }
    left = [paper for paper in papers.values() if script_writes_bibtex(paper)]
    assert len(left) > 50 and len(left) < len(papers)  # most, not all
    long = [paper for paper in left if authors.hidden_count(paper.listing.authors)]
    assert [paper.id for paper in long] == ["2506.90006"]
    held: list[Route] = []
    with watched(browser, DESKTOP) as page:
        # A long list's entry as the page writes it, until the file of every name comes (see
        # test_a_long_lists_bibtex_names_every_author_once_they_come).
        page.route("**/authors/*.txt", lambda route: held.append(route))
        for paper in left[::5] + long:
            page.goto(f"{fixture_url}papers/{urls.paper_name(paper.id)}/")
            entry = page.locator(".pa-cite .copy pre code").text_content()
            assert entry == bibtex(paper, "unused: arXiv papers cite arXiv"), paper.id
        # Material's copy button is there for an entry written after it started.
        assert page.locator(".pa-cite button[data-md-type=copy]").count() == 1
        held[-1].continue_()
        page.wait_for_function(EVERY_NAME, timeout=5000)


# Where the text of each cell of a month's table of days sits: [left, right] of the text itself
# (its cell may be wider), for the header row and then each day's row.
MONTH_TABLE_TEXT = """() => [...document.querySelectorAll('.pa-month__days tr')].map((row) =>
    [...row.cells].map((cell) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        const box = range.getBoundingClientRect();
        return [box.left, box.right];
    }))"""


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_months_table_of_days_reads_as_two_columns(
    browser: Browser, fixture_url: str, viewport: str
) -> None:
    """A day's name and its number of papers stand apart ("Wednesday, 4 June 2025" then "12",
    not "Wednesday, 4 June 202512"); each header stands over its column's text."""
    size, phone = (DESKTOP, False) if viewport == "desktop" else (PHONE, True)
    with watched(browser, size, phone) as page:
        page.goto(fixture_url + "months/2025-06/")
        (day_head, count_head), *rows = page.evaluate(MONTH_TABLE_TEXT)
        assert len(rows) > 1
        for day, count in rows:
            assert count[0] - day[1] >= 16, (day, count)
            assert abs(day[0] - day_head[0]) < 1  # "Day" starts where the dates start
            assert abs(count[1] - count_head[1]) < 1  # numbers end where "Papers" ends
        assert no_horizontal_scroll(page)
        shoot(page, f"{viewport}-month")


@pytest.mark.parametrize(
    "path", ["", "months/2025-06/", "papers/2505.24864/", "search/?q=agent", "about/"]
)
def test_the_first_tab_offers_to_skip_to_the_content(
    browser: Browser, fixture_url: str, path: str
) -> None:
    """A keyboard's first stop is a "Skip to content" link, shown only then; it leads past the
    header and the tabs (eleven stops) to the page's own content, its heading in sight."""
    with watched(browser, DESKTOP) as page:
        page.goto(fixture_url + path)
        skip = page.locator(".md-skip")
        assert skip.count() == 1
        assert skip.evaluate("(a) => getComputedStyle(a).opacity") == "0"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
        skip.evaluate("(a) => Promise.all(a.getAnimations().map((t) => t.finished))")
        assert skip.evaluate("(a) => getComputedStyle(a).opacity") == "1"
        box = skip.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= DESKTOP["height"]
        shoot(page, f"desktop-skip-link-{path.split('/')[0] or 'home'}")
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('.md-content article')")
        heading = page.locator("article h1").bounding_box()
        header = page.locator("header.md-header").bounding_box()
        assert heading is not None and header is not None
        assert header["y"] + header["height"] <= heading["y"] < DESKTOP["height"]
