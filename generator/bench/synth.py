"""Synthetic archives of any size, made from the real corpus.

The first papers are the real ones; past the corpus size, each new paper mixes the sentences of
two real abstracts and the words of two real titles, so the vocabulary (and so the search index
and the tag rules' work) stays realistic. Days follow the real days' sizes scaled to about 50
papers a weekday, the rate the archive is expected to grow at.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.archive.model import Day, Listing
from generator.content.sources import read_source
from generator.content.store import save_day
from generator.text import is_arxiv_id

ROOT = Path(__file__).resolve().parents[2]
SHARED_CORPUS = ROOT.parent / "shared" / "data" / "hf-daily-papers"
FIXTURE_CORPUS = ROOT / "tests" / "fixtures" / "corpus.jsonl.gz"
START = dt.date(2021, 1, 4)
DAY_SCALE = 3.5  # the real days hold about 14 papers; the archive expects about 50
_SENTENCES = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Corpus:
    papers: tuple[Listing, ...]
    day_sizes: tuple[int, ...]


def load_corpus(directory: Path = SHARED_CORPUS) -> Corpus:
    """The real days of Hugging Face API responses, or the test fixture's copy when absent."""
    if directory.is_dir():
        days = [read_source(path) for path in sorted(directory.glob("*.json"))]
        papers = tuple(listing for day in days for listing in day.papers)
        return Corpus(papers, tuple(len(day.papers) for day in days))
    with gzip.open(FIXTURE_CORPUS, "rt", encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream]
    sizes: dict[str, int] = {}
    for row in rows:
        sizes[row["date"]] = sizes.get(row["date"], 0) + 1
    papers = tuple(
        Listing(
            id=row["id"],
            title=row["title"],
            authors=tuple(row["authors"]),
            abstract=row["abstract"],
            ai_keywords=tuple(row["ai_keywords"]),
            arxiv=is_arxiv_id(row["id"]),
        )
        for row in rows
    )
    return Corpus(papers, tuple(sizes.values()))


def synthesize(corpus: Corpus, count: int, seed: int = 20250812) -> Iterator[Day]:
    """`count` papers on consecutive weekdays from START, sized like the real days."""
    rng = random.Random(seed)
    date = START
    made = 0
    day_index = 0
    while made < count:
        if date.weekday() < 5:
            real = corpus.day_sizes[day_index % len(corpus.day_sizes)]
            size = min(max(1, round(real * DAY_SCALE)), count - made)
            day_index += 1
            papers = tuple(_paper(corpus, rng, made + i, date, i) for i in range(size))
            made += size
            yield Day(date=date, papers=papers, source="synthetic")
        date += dt.timedelta(days=1)


def _paper(corpus: Corpus, rng: random.Random, number: int, date: dt.date, seq: int) -> Listing:
    base = corpus.papers[number % len(corpus.papers)]
    other = corpus.papers[rng.randrange(len(corpus.papers))]
    paper_id = f"{date:%y%m}.{date.day:02d}{seq:03d}"
    if number < len(corpus.papers):
        return Listing(
            id=paper_id,
            title=base.title,
            authors=base.authors,
            abstract=base.abstract,
            ai_keywords=base.ai_keywords,
            upvotes=rng.randrange(60),
            arxiv=True,
        )
    return Listing(
        id=paper_id,
        title=_mix_titles(base.title, other.title, rng),
        authors=tuple(
            rng.sample(base.authors + other.authors, k=min(6, len(base.authors + other.authors)))
        ),
        abstract=_mix_abstracts(base.abstract, other.abstract, rng),
        ai_keywords=tuple(
            rng.sample(
                base.ai_keywords + other.ai_keywords,
                k=min(8, len(base.ai_keywords + other.ai_keywords)),
            )
        ),
        upvotes=rng.randrange(60),
        arxiv=True,
    )


def _mix_titles(first: str, second: str, rng: random.Random) -> str:
    """A title of its own: the second half of one real title, then words from the middle of
    another. It never starts as a real title does, so the first words of a real title (the
    search benchmark's queries) name that paper alone."""
    words, more = first.split(), second.split()
    cut, start = len(words) // 2, rng.randrange(max(1, len(more) // 2))
    return " ".join(words[cut:] + more[start : start + max(2, len(more) - len(more) // 2)])


def _mix_abstracts(first: str, second: str, rng: random.Random) -> str:
    sentences = _SENTENCES.split(first)
    extra = _SENTENCES.split(second)
    keep = sentences[: max(1, len(sentences) // 2)]
    keep += rng.sample(extra, k=min(len(extra), max(1, len(sentences) - len(keep))))
    return " ".join(keep)


def write_archive(content: Path, count: int, corpus: Corpus | None = None) -> int:
    """A content folder of `count` synthetic papers with the real taxonomy; the number of days."""
    if content.exists():
        shutil.rmtree(content)
    content.mkdir(parents=True)
    shutil.copy(ROOT / "content" / "tags.yml", content / "tags.yml")
    days = 0
    for day in synthesize(corpus or load_corpus(), count):
        save_day(content, day)
        days += 1
    return days
