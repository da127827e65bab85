"""Papers as TF-IDF vectors: a paper's title (counted twice) and abstract, cut to its `TERMS`
most distinctive terms, weighted by a fixed reference table of word frequencies
(`data/idf.tsv.gz`, made by `make_idf_table` from the corpus of real papers), so that a paper's
vector never changes as the archive grows. `Postings` scores the cosine of many pairs at once.
"""

from __future__ import annotations

import gzip
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from generator.archive.model import Listing

TERMS = 16  # terms kept a paper
MAX_SHARE = 0.05  # terms in more than this share of the reference papers say little
IDF_TABLE = Path(__file__).parent / "data" / "idf.tsv.gz"
_WORD = re.compile(r"[a-z][a-z0-9]+(?:-[a-z0-9]+)*")

Terms = npt.NDArray[np.int64]
Weights = npt.NDArray[np.float64]

Top = npt.NDArray[np.int64]
Triples = tuple[Top, Top, Weights]  # (paper, related paper, ranking key) of candidate pairs

# Common English words (scikit-learn's list, shortened); plus the words of every ML abstract.
STOP_WORDS = frozenset(
    """a about above across after again against all almost alone along already also although
    always am among an and another any anyhow anyone anything anywhere are around as at be became
    because become becomes been before being below beside besides between beyond both but by can
    cannot could did do does doing done down due during each either else elsewhere enough etc
    even ever every everything except few for former from further had has have having he her here
    hers herself him himself his how however i if in into is it its itself just last least less
    many may me meanwhile might more moreover most mostly much must my myself namely neither never
    nevertheless next no nobody none nor not nothing now nowhere of off often on once one only
    onto or other others otherwise our ours ourselves out over own per perhaps please rather
    same seem seemed seems several she should since so some somehow something sometimes somewhere
    still such than that the their theirs them themselves then thence there thereby therefore
    these they this those though through throughout thus to together too toward towards under
    until up upon us very via was we well were what whatever when whence whenever where whereas
    whether which while who whoever whole whom whose why will with within without would yet you
    your yours yourself yourselves
    paper propose proposed proposes approach approaches method methods model models results
    show shows demonstrate demonstrates novel new existing based using use used task tasks
    performance state-of-the-art work framework achieve achieves significantly significant
    furthermore additionally code available""".split()  # noqa: SIM905 - a word list reads best as text
)


def words(text: str) -> list[str]:
    return [word for word in _WORD.findall(text.lower()) if word not in STOP_WORDS]


def paper_words(listing: Listing) -> list[str]:
    """A paper's words: the title's count twice, it says most about the paper."""
    title = words(listing.title)
    return title + title + words(listing.abstract)


def term_id(word: str) -> int:
    """A stable number for a word: the same in every process and every build."""
    return zlib.crc32(word.encode())


@dataclass(frozen=True)
class Idf:
    """Document frequencies of the reference corpus."""

    papers: int
    frequency: dict[str, int]

    def weight(self, word: str) -> float:
        """Smoothed IDF; 0 for a word too common to tell papers apart."""
        found = self.frequency.get(word, 0)
        if found > MAX_SHARE * self.papers:
            return 0.0
        return math.log((1 + self.papers) / (1 + found)) + 1


@cache
def _word_weights() -> tuple[dict[str, float], float]:
    """The reference weights of known words, and the weight of a word the table lacks."""
    idf = reference_idf()
    return {word: idf.weight(word) for word in idf.frequency}, idf.weight("")


@cache
def reference_idf(path: Path = IDF_TABLE) -> Idf:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        papers = int(next(lines).split("\t")[1])
        frequency = {word: int(count) for word, count in (line.split("\t") for line in lines)}
    return Idf(papers, frequency)


def make_idf_table(texts: Iterable[Listing], path: Path) -> None:
    """Write the reference table: each word's number of papers (words in two or more)."""
    frequency: Counter[str] = Counter()
    papers = 0
    for listing in texts:
        papers += 1
        frequency.update(set(paper_words(listing)))
    rows = sorted((word, count) for word, count in frequency.items() if count >= 2)
    text = f"papers\t{papers}\n" + "".join(f"{word}\t{count}\n" for word, count in rows)
    path.write_bytes(gzip.compress(text.encode(), mtime=0))


def vector(listing: Listing) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """The paper's TERMS most distinctive terms (sorted by term id) and their unit weights."""
    known, unseen = _word_weights()
    log = math.log
    weighted = [
        ((1 + log(n)) * known.get(word, unseen), word)
        for word, n in Counter(paper_words(listing)).items()
    ]
    kept = sorted((w for w in weighted if w[0] > 0), key=lambda w: (-w[0], w[1]))[:TERMS]
    norm = math.sqrt(sum(weight * weight for weight, _ in kept)) or 1.0
    pairs = sorted((term_id(word), weight / norm) for weight, word in kept)
    return tuple(t for t, _ in pairs), tuple(w for _, w in pairs)


def vectors(listings: Sequence[Listing]) -> tuple[Terms, Weights]:
    """Vectors of many papers as two arrays (a row a paper, padded with term -1, weight 0)."""
    terms = np.full((len(listings), TERMS), -1, dtype=np.int64)
    weights = np.zeros((len(listings), TERMS), dtype=np.float64)
    for row, listing in enumerate(listings):
        found, values = vector(listing)
        terms[row, : len(found)] = found
        weights[row, : len(values)] = values
    return terms, weights


def tiebreak(ids: Sequence[str]) -> Weights:
    """A tiny, stable amount per paper, so equal scores rank the same way in every build."""
    return np.array([zlib.crc32(i.encode()) for i in ids], dtype=np.float64) * (1e-9 / 2**32)


class Postings:
    """Which papers hold each term, with their weights: the inverted index scores come from."""

    def __init__(self, terms: Terms, weights: Weights) -> None:
        self.papers = len(terms)
        rows, flat, values = _entries(terms, weights)
        order = np.argsort(flat, kind="stable")
        self.rows, self.weights = rows[order], values[order]
        self.terms, self.starts, self.counts = np.unique(
            flat[order], return_index=True, return_counts=True
        )

    def pairs(self, rows: Top, terms: Terms, weights: Weights) -> Triples:
        """The cosine of every pair of a given vector (its paper in `rows`) and a paper here
        that share a term: (given paper, paper here, score).

        A pair's products are summed in the order of its shared terms' ids, whichever of the
        two is given and whichever is indexed here: a pair scores the same bits in every build.
        """
        query, flat, weight = _entries(terms, weights)
        at = np.minimum(np.searchsorted(self.terms, flat), max(len(self.terms) - 1, 0))
        known = self.terms[at] == flat if len(self.terms) else np.zeros(len(flat), bool)
        at, query, weight = at[known], rows[query[known]], weight[known]
        sizes = self.counts[at]
        ends = np.cumsum(sizes)
        offsets = np.arange(int(ends[-1]) if len(ends) else 0)
        offsets += np.repeat(self.starts[at] - (ends - sizes), sizes)
        keys = np.repeat(query, sizes) * self.papers + self.rows[offsets]
        products = np.repeat(weight, sizes) * self.weights[offsets]
        order = np.argsort(keys, kind="stable")  # stable: each pair's terms stay in order
        keys, products = keys[order], products[order]
        first = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else keys
        sums = np.add.reduceat(products, first) if len(keys) else products
        given, here = np.divmod(keys[first], max(self.papers, 1))
        return given, here, sums


def _entries(terms: Terms, weights: Weights) -> tuple[Top, Terms, Weights]:
    """The (row, term, weight) of every term held, row by row, each row's terms ascending."""
    rows, columns = np.nonzero(terms >= 0)
    return rows, terms[rows, columns], weights[rows, columns]
