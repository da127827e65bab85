"""`bench search`: time to the first results and bytes downloaded, in headless Chromium.

Each query runs on a cold page (a new browser context: empty cache) of the built site served on
127.0.0.1: open the home page, focus the search box, type the query like a person (60 ms a key)
and wait for the first result. The time is from the last keystroke to the first result on
screen, measured inside the page; the bytes are everything the server sent from opening the
page to that first result (file bodies, uncompressed, web workers' requests included). The
reference is Material's own search (lunr) on a plain MkDocs site.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from generator.archive.derive import load_archive
from generator.archive.model import Archive
from generator.bench.browser import launch, serve
from generator.bench.build import write_reference
from generator.bench.synth import ROOT, load_corpus, write_archive
from generator.site import urls
from generator.site.titles import title_words

QUERIES = (
    "diffusion video generation",
    "reinforcement learning reasoning",
    "quantization",
    "gaussian splatting",
    "mixture of experts",
)
TITLE_QUERIES = 8  # titles spread over the archive, the oldest and the newest included
TITLE_WORDS = 4
KEY_DELAY_MS = 60
# Marks the last keystroke and the first result (or, given `expected`, the moment the first
# result is the expected paper), in the page's own clock.
# The promise is kept on the page, not returned: Playwright would wait for it to settle.
_INSTRUMENT = """
([input, result, expected]) => {
  const found = () => {
    const first = document.querySelector(result);
    if (!first || !expected) return Boolean(first);
    const link = first.querySelector("a");
    return Boolean(link && new URL(link.href).pathname.endsWith(expected));
  };
  window.__firstResult = new Promise((resolve) => {
    const box = document.querySelector(input);
    box.addEventListener("keydown", () => { window.__lastKey = performance.now(); });
    new MutationObserver((_, observer) => {
      if (found() && window.__lastKey) {
        observer.disconnect();
        resolve(performance.now() - window.__lastKey);
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
  window.__ready = true;
}
"""


@dataclass(frozen=True)
class Query:
    text: str
    expected: str = ""  # the URL path the first result must end with ("" for any result)


@dataclass(frozen=True)
class QueryResult:
    query: str
    seconds: float
    kilobytes: float
    expected: str = ""


@dataclass(frozen=True)
class SearchResult:
    name: str
    papers: int
    queries: tuple[QueryResult, ...]

    @property
    def median_seconds(self) -> float:
        return statistics.median(q.seconds for q in self.queries)

    @property
    def worst_seconds(self) -> float:
        return max(q.seconds for q in self.queries)

    @property
    def median_kilobytes(self) -> float:
        return statistics.median(q.kilobytes for q in self.queries)

    @property
    def worst_kilobytes(self) -> float:
        return max(q.kilobytes for q in self.queries)


def _measure(
    page: Page, url: str, served: list[int], open_box: str, box: str, result: str, query: Query
) -> QueryResult:
    served[0] = 0  # counted by the server: the page's and its web workers' requests alike
    page.goto(url, wait_until="load")
    page.click(open_box)
    page.evaluate(_INSTRUMENT, [box, result, query.expected])
    page.wait_for_function("window.__ready === true")
    page.keyboard.type(query.text, delay=KEY_DELAY_MS)
    seconds = float(page.evaluate("window.__firstResult")) / 1000
    return QueryResult(query.text, seconds, served[0] / 1024, query.expected)


def title_queries(archive: Archive, count: int = TITLE_QUERIES) -> list[Query]:
    """The first words of real titles spread over the archive by first day, the oldest and the
    newest included: as few words as name the title alone (at least TITLE_WORDS), and each
    expects its paper first. A title no prefix tells apart (a duplicate) is passed over."""
    papers = sorted(archive.papers.values(), key=lambda p: (p.first_day, p.id))
    starts = [tuple(title_words(p.listing.title)) for p in papers]
    picks = sorted({round(i * (len(papers) - 1) / max(1, count - 1)) for i in range(count)})
    queries = []
    for at in picks:
        words = starts[at]
        for size in range(TITLE_WORDS, len(words) + 1):
            clash = sum(1 for other in starts if other[:size] == words[:size])
            if clash == 1:
                text = " ".join(papers[at].listing.title.split()[:size])
                queries.append(Query(text, urls.url_of(urls.paper_page(papers[at].id))))
                break
    return queries


def measure_site(
    site: Path, name: str, papers: int, material: bool, queries: list[Query]
) -> SearchResult:
    """Every query on a cold page of `site`, through our search box or Material's."""
    if material:
        # On a desktop-sized page Material's search box is in the header: click into it.
        selectors = (".md-search__input", ".md-search__input", ".md-search-result__item")
    else:
        selectors = ("#pa-search-input", "#pa-search-input", ".pa-search__dropdown .pa-result")
    results = []
    served = [0]
    with serve(site, served) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for query in queries:
                context = browser.new_context()  # type: ignore[attr-defined]
                page = context.new_page()
                page.set_default_timeout(180_000)
                results.append(_measure(page, url, served, *selectors, query))
                context.close()
        finally:
            browser.close()  # type: ignore[attr-defined]
    return SearchResult(name, papers, tuple(results))


def _built_site(papers: int, work: Path, content: Path | None = None) -> tuple[Path, Path]:
    """The site (built once) and its content: a synthetic archive, or `content` as given."""
    folder = work / (content.name if content else f"{papers}")
    site = folder / "site"
    if content is None:
        content = folder / "content"
        if not (site / "search-index").is_dir():
            write_archive(content, papers, load_corpus())
    if not (site / "search-index").is_dir():
        command = [
            sys.executable,
            "-m",
            "generator",
            "site",
            "--content",
            str(content),
            "--out",
            str(site),
        ]
        subprocess.run(
            command, cwd=ROOT, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        )
    return site, content


def _material_site(papers: int, work: Path) -> Path:
    folder = work / f"material-{papers}"
    site = folder / "site"
    if not (site / "search" / "search_index.json").is_file():
        content = work / f"material-{papers}" / "content"
        write_archive(content, papers, load_corpus())
        write_reference(content, folder / "ref")
        config = folder / "ref" / "mkdocs.yml"
        config.write_text(config.read_text().replace("plugins: []", "plugins:\n  - search"))
        shutil.rmtree(site, ignore_errors=True)
        command = [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(config),
            "-d",
            str(site),
        ]
        subprocess.run(command, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return site


def bench_search(
    papers: int, work: Path, reference_papers: int, content: Path | None = None
) -> list[SearchResult]:
    """Topic queries (time to the first result) and title queries (time until the first
    result is the paper whose title was typed), on a synthetic archive or `content`."""
    site, content = _built_site(papers, work, content)
    archive = load_archive(content)
    count, titles = len(archive.papers), title_queries(archive)
    topics = [Query(text) for text in QUERIES]
    results = [
        measure_site(site, "this archive, topic queries", count, False, topics),
        measure_site(site, "this archive, title queries", count, False, titles),
    ]
    if reference_papers <= 0:
        return results
    material = _material_site(reference_papers, work)
    name = "Material's search (lunr), topic queries"
    return [*results, measure_site(material, name, reference_papers, True, topics)]


def report_search(results: list[SearchResult]) -> str:
    lines = [
        "| search | papers | first results after last keystroke (median / worst)"
        " | downloaded (median / worst) |",
        "|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {r.papers:,} | {r.median_seconds:.2f} s / {r.worst_seconds:.2f} s | "
            f"{r.median_kilobytes / 1024:.2f} MB / {r.worst_kilobytes / 1024:.2f} MB |"
        )
    for r in results:
        lines.append("")
        lines.append(
            f"{r.name}: "
            + "; ".join(f"{q.query!r} {q.seconds:.2f} s {q.kilobytes:.0f} KB" for q in r.queries)
        )
    return "\n".join(lines)
