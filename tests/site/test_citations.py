"""BibTeX entries, the sitemap and the stats page, in units and in the built fixture site."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from generator.archive.model import Listing, Paper
from generator.site import bibtex as bibtex_module
from generator.site.bibtex import bibtex, citation_key, script_writes_bibtex
from tests.conftest import ROOT
from tests.sitecheck import html_pages, site_base, soup

BASE = site_base(ROOT / "mkdocs.yml")
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def make(paper_id: str, title: str, authors: tuple[str, ...], arxiv: bool = True) -> Paper:
    listing = Listing(id=paper_id, title=title, authors=authors, arxiv=arxiv)
    return Paper.of(listing, (dt.date(2025, 6, 2),))


def test_text_the_encoder_would_keep_skips_it_with_the_same_result() -> None:
    """`latex` returns plain ASCII text as it is, without pylatexenc: on every real title and
    author name, and on each printable ASCII character, that must be what pylatexenc returns."""
    with gzip.open(ROOT / "tests" / "fixtures" / "corpus.jsonl.gz", "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    texts = [row["title"] for row in rows] + [name for row in rows for name in row["authors"]]
    texts += [chr(code) for code in range(32, 127)] + ["a_b & c", "50% {x}", "~^\\"]
    skipped = [text for text in texts if bibtex_module._KEPT.issuperset(text)]
    assert len(skipped) > len(texts) // 2
    assert [bibtex_module.latex(t) for t in texts] == [bibtex_module._encode(t) for t in texts]


def balanced(text: str) -> bool:
    depth = 0
    for match in re.finditer(r"\\.|[{}]", text):
        token = match.group()
        depth += {"{": 1, "}": -1}.get(token, 0)
        if depth < 0:
            return False
    return depth == 0


def test_bibtex_of_an_arxiv_paper() -> None:
    paper = make("2505.24864", "ProRL: Prolonged RL", ("Mingjie Liu", "Yi Dong"))
    entry = bibtex(paper, "https://example.org/papers/2505.24864/")
    assert entry.startswith("@misc{liu2025prorl,\n")
    assert "  author        = {Mingjie Liu and Yi Dong},\n" in entry
    assert "  eprint        = {2505.24864},\n" in entry
    assert "  archivePrefix = {arXiv},\n" in entry
    assert "url           = {https://arxiv.org/abs/2505.24864}" in entry
    assert entry.endswith("\n}")


def test_bibtex_escapes_braces_specials_and_accents() -> None:
    title = "Sets {A} & 50% of $x_1$: Zoë's naïve \\cite{x} #1"
    paper = make("2412.00001", title, ("Zoë Ångström", "Tom and Jerry"))
    entry = bibtex(paper, "https://example.org/")
    (title_line,) = [line for line in entry.splitlines() if line.lstrip().startswith("title")]
    assert "{\\{}A{\\}}" in title_line
    assert "{\\&} 50{\\%} of {\\$}x{\\_}1{\\$}" in title_line
    assert '{\\"e}' in title_line and '{\\"\\i}' in title_line and "{\\#}1" in title_line
    assert "{\\textbackslash}cite{\\{}x{\\}}" in title_line
    assert balanced(entry)
    # An author whose name holds " and " is kept whole, not split in two.
    assert '= {Zo{\\"e} {\\r{A}}ngstr{\\"o}m and {Tom and Jerry}}' in entry


def test_bibtex_of_a_paper_without_arxiv_id_cites_its_page() -> None:
    paper = make("a-title-only-paper", "A title only paper", (), arxiv=False)
    entry = bibtex(paper, "https://example.org/papers/a-title-only-paper/")
    assert "eprint" not in entry and "archivePrefix" not in entry
    assert "url   = {https://example.org/papers/a-title-only-paper/}" in entry
    assert citation_key(paper) == "anon2025title"


def test_paper_pages_show_a_copyable_bibtex_entry(fixture_site: Path) -> None:
    page = soup(fixture_site / "papers" / "2505.24864" / "index.html")
    code = page.select_one(".pa-cite .copy pre code")
    # A plain entry is left to paper.js (tests/browser checks what it writes); others stay.
    assert code is not None and code.get_text() == ""
    hostile = soup(fixture_site / "papers" / "2506.90001" / "index.html")
    block = hostile.select_one(".pa-cite code")
    assert block is not None and block.find_all(True) == []  # text only, no elements
    assert balanced(block.get_text())


def _locs(path: Path) -> list[str]:
    return [str(loc) for loc in etree.parse(str(path)).xpath("//s:loc/text()", namespaces=NS)]


def test_the_sitemap_lists_every_page(fixture_site: Path) -> None:
    parts = _locs(fixture_site / "sitemap.xml")
    listed: set[str] = set()
    for part in parts:
        path = fixture_site / urlsplit(part).path.removeprefix(BASE)
        listed |= {urlsplit(loc).path.removeprefix(BASE) for loc in _locs(path)}
    pages = {
        page.relative_to(fixture_site).as_posix().removesuffix("index.html")
        for page in html_pages(fixture_site)
    }
    assert listed == pages - {"404.html"}
    assert any(part.endswith("sitemaps/papers-2025.xml") for part in parts)


def test_the_stats_page_charts_every_month(fixture_site: Path) -> None:
    page = soup(fixture_site / "stats" / "index.html")
    chart = page.select_one("svg.pa-chart")
    assert chart is not None and chart.get("role") == "group"
    months = soup(fixture_site / "archive" / "index.html").select("a[href*='months/']")
    linked = chart.select("a rect.pa-chart__bar")
    assert len(linked) == len(months)
    # Months without papers between the first and the last are empty bars, with no link.
    tooltips = [title.get_text() for title in chart.select("rect title")]
    assert tooltips[0].startswith("December 2024: ") and tooltips[-1].startswith("August 2025: ")
    assert len(tooltips) == 9
    empty = [rect for rect in chart.select("rect.pa-chart__bar") if rect not in linked]
    assert [rect.title.get_text() for rect in empty] == [  # type: ignore[union-attr]
        f"{month} 2025: 0 papers" for month in ("February", "March", "April", "May", "July")
    ]
    assert all(float(rect["height"]) == 0 for rect in empty)  # type: ignore[arg-type]
    assert any(text.startswith("June 2025: ") for text in tooltips)
    assert len(page.select(".pa-stats-list")) == 2
    busiest = page.select(".pa-stats-list")[1].select("li")
    counts = [int(li.select_one(".pa-count").get_text().split()[0]) for li in busiest]  # type: ignore[union-attr]
    assert counts == sorted(counts, reverse=True)


def test_the_script_writes_only_entries_of_plain_words_with_an_arxiv_id() -> None:
    plain = make("2505.24864", "ProRL: Prolonged RL (v2)", ("Mingjie Liu", "Yi Dong"))
    assert script_writes_bibtex(plain)
    assert script_writes_bibtex(make("2505.24864", "A Title", ()))
    for paper in (
        make("2505.24864", "ProRL", ("Mingjie Liu",), arxiv=False),
        make("2505.24864", "Café RL", ("Mingjie Liu",)),  # encoded as LaTeX
        make("2505.24864", "50% of RL", ("Mingjie Liu",)),
        make("2505.24864", "ProRL", ("Smith and Sons",)),  # braced
        make("2505.24864", "ProRL  twice", ("Mingjie Liu",)),  # two spaces
        make("2505.24864", "ProRL", ("Jean-Luc O'Neil",)),  # keys agree with slugify's
        make("2505.24864", "{ProRL}", ("Mingjie Liu",)),
    ):
        left = script_writes_bibtex(paper)
        assert not left or bibtex_module._script_key(paper) == citation_key(paper), paper.listing
    assert not script_writes_bibtex(make("2505.24864", "Café RL", ("Mingjie Liu",)))
    assert not script_writes_bibtex(make("2505.24864", "ProRL", ("Smith and Sons",)))
