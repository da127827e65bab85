"""Related papers: never the paper itself, deterministic, the same incrementally, sensible."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pytest

from generator.archive.derive import build_archive
from generator.archive.model import Archive, Day, Listing
from generator.archive.related import RELATED, RelatedLists, fresh_state, related_papers
from generator.archive.tagging import KeywordTagger
from generator.archive.vectors import IDF_TABLE, make_idf_table, vector
from tests.conftest import FIXTURES
from tests.sitecheck import soup


@pytest.fixture(scope="module")
def default_archive() -> Archive:
    """The default archive as it was first imported (every real paper of May and June 2025 and
    the copied Aug 12 page: 44 days, 866 papers), from the fixed corpus, not the live `content/`.
    """
    days: dict[str, list[Listing]] = defaultdict(list)
    with gzip.open(FIXTURES / "corpus.jsonl.gz", "rt", encoding="utf-8") as lines:
        for row in map(json.loads, lines):
            if "2025-05-01" <= row["date"] <= "2025-06-30" or row["date"] == "2025-08-12":
                listing = Listing(
                    id=row["id"],
                    title=row["title"],
                    authors=tuple(row["authors"]),
                    abstract=row["abstract"],
                    ai_keywords=tuple(row["ai_keywords"]),
                )
                days[row["date"]].append(listing)
    listed = [Day(dt.date.fromisoformat(date), tuple(papers)) for date, papers in days.items()]
    return build_archive(listed, KeywordTagger([]))


def lists(related: RelatedLists) -> dict[str, tuple[str, ...]]:
    return {paper_id: related.of(paper_id) for paper_id in related.ids}


def test_never_the_paper_itself_and_at_most_five(default_archive: Archive) -> None:
    found = lists(related_papers(default_archive.days, fresh_state(None)))
    assert found.keys() == default_archive.papers.keys()
    for paper_id, others in found.items():
        assert paper_id not in others
        assert len(others) == len(set(others)) <= RELATED
    # Only papers listed no later count: the first days of a two-month archive have few.
    assert sum(1 for others in found.values() if others) > 0.6 * len(found)
    first_day = {i: p.first_day for i, p in default_archive.papers.items()}
    for paper_id, others in found.items():
        assert all(first_day[other] <= first_day[paper_id] for other in others)


def test_deterministic(default_archive: Archive) -> None:
    one = lists(related_papers(default_archive.days, fresh_state(None)))
    two = lists(related_papers(default_archive.days, fresh_state(None)))
    assert one == two


def test_a_new_day_updates_the_lists_exactly(default_archive: Archive) -> None:
    """Lists updated with a new day equal lists computed from scratch, older papers included."""
    full = lists(related_papers(default_archive.days, fresh_state(None)))
    newest = default_archive.days[-2]  # a real API day (the last is the copied page)
    gone = set(newest.paper_ids)
    before = replace(
        default_archive,
        days=tuple(day for day in default_archive.days if day is not newest),
        papers={k: v for k, v in default_archive.papers.items() if k not in gone},
    )
    state = fresh_state(None)
    related_papers(before.days, state)
    assert not any(
        gone & set(others) for others in lists(related_papers(before.days, state)).values()
    )
    updated = lists(related_papers(default_archive.days, state))
    assert state.changed
    assert updated == full
    # Papers of later days (the Aug 12 page) list papers of the added day.
    assert any(gone & set(full[paper_id]) for paper_id in before.papers)


def test_nothing_new_changes_nothing(default_archive: Archive) -> None:
    state = fresh_state(None)
    first = lists(related_papers(default_archive.days, state))
    assert lists(related_papers(default_archive.days, state)) == first
    assert not state.changed


def titles(archive: Archive, ids: tuple[str, ...]) -> str:
    return " ".join(archive.papers[i].listing.title.lower() for i in ids)


@pytest.mark.parametrize(
    ("paper_id", "topic"),
    [
        ("2505.23061", "diffusion"),  # DINGO: constrained inference for diffusion LLMs
        ("2506.01939", "reinforcement"),  # high-entropy minority tokens in RL for reasoning
    ],
)
def test_related_papers_share_the_topic(
    default_archive: Archive, paper_id: str, topic: str
) -> None:
    related = related_papers(default_archive.days, fresh_state(None))
    others = related.of(paper_id)
    assert topic in default_archive.papers[paper_id].listing.title.lower() + " " + (
        default_archive.papers[paper_id].listing.abstract.lower()
    )
    found = [topic in f"{archive_text(default_archive, other)}" for other in others]
    assert found[0] and sum(found) >= min(2, len(found))


def archive_text(archive: Archive, paper_id: str) -> str:
    listing = archive.papers[paper_id].listing
    return f"{listing.title} {listing.abstract}".lower()


def test_vectors_are_unit_length_and_sorted() -> None:
    listing = Listing(
        id="x", title="Speculative decoding for speculative drafts", abstract="A draft model."
    )
    terms, weights = vector(listing)
    assert list(terms) == sorted(terms)
    assert abs(sum(w * w for w in weights) - 1) < 1e-9


def test_the_reference_table_is_made_from_the_fixture_corpus(tmp_path: Path) -> None:
    with gzip.open(FIXTURES / "corpus.jsonl.gz", "rt") as lines:
        rows = [json.loads(line) for line in lines]
    listings = (Listing(id=r["id"], title=r["title"], abstract=r["abstract"]) for r in rows)
    made = tmp_path / "idf.tsv.gz"
    make_idf_table(listings, made)
    assert made.read_bytes() == IDF_TABLE.read_bytes()


def test_paper_pages_list_related_papers(fixture_site: Path) -> None:
    pages = sorted((fixture_site / "papers").glob("*/index.html"))
    sections = {page.parent.name: soup(page).select_one(".pa-related") for page in pages}
    listed = {name: section for name, section in sections.items() if section is not None}
    assert len(listed) > len(pages) / 2
    for name, section in listed.items():
        links = [str(a["href"]) for a in section.select("a")]
        assert 0 < len(links) <= RELATED
        assert all(href.startswith("../") for href in links)
        assert f"../{name}/" not in links
    # Related titles stay out of the search index: ignored in each paper's search document
    # (the site's pages carry no Pagefind attributes; Pagefind indexes the documents only).
    documents = sorted(fixture_site.with_name("pages").glob(".search/*/papers/*/index.html"))
    assert len(documents) == len(pages)
    for document in documents:
        section = soup(document).select_one(".pa-related")
        assert section is None or section.get("data-pagefind-ignore") is not None
    assert "data-pagefind" not in pages[0].read_text(encoding="utf-8")
