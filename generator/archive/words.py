"""Word evidence for the learned check: how much a paper's words sound like each tag's labelled
papers, from a ridge regression per tag over the TF-IDF of its title (counted twice) and abstract.

The rules see the phrases someone wrote down; the labelled papers hold far more of each topic's
vocabulary ("agentic", "trajectories", "GUI" for agents). The scores are not decisions: they
become a few features of each candidate ("words 0.3+"), weighed by the TagModel with the rules'
evidence, so a tag still needs the rules to name it first, and `tags --explain` shows the score.

Ridge regression is solved in its dual form (a system the size of the number of labelled papers,
one solve for every tag at once), so training takes a fraction of a second and has no randomness.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from generator.archive.model import Listing

RIDGE = 1.0  # the regularisation, chosen by cross-validation (tags --cross-validate)
MIN_PAPERS = 2  # a word or word pair in fewer labelled papers says nothing
BINS = (0.1, 0.2, 0.3, 0.45, 0.6)  # a candidate gets "words B+" for each B its score reaches

_WORD = re.compile(r"[a-z0-9][a-z0-9-]*")
_STOP = frozenset((
    "a", "an", "the", "of", "and", "or", "in", "on", "for", "to", "with", "by", "from", "as",
    "at", "is", "are", "be", "we", "our", "this", "that", "these", "via", "its", "it", "their",
    "can", "which", "using", "based", "into", "than", "more", "new", "show", "shows",
))  # fmt: skip


def terms(listing: Listing) -> Counter[str]:
    """The paper's words and adjacent word pairs (title twice: it names the subject)."""
    words = _WORD.findall(f"{listing.title} {listing.title} {listing.abstract}".lower())
    single = [w for w in words if w not in _STOP and len(w) > 1]
    pairs = [f"{a} {b}" for a, b in pairwise(words) if a not in _STOP and b not in _STOP]
    return Counter(single + pairs)


def by_slug(slugs: Sequence[str], row: np.ndarray) -> dict[str, float]:
    return dict(zip(slugs, row.tolist(), strict=True))


def bins(score: float) -> tuple[str, ...]:
    return tuple(f"words {edge}+" for edge in BINS if score >= edge)


@dataclass(frozen=True, eq=False)
class WordModel:
    """Per tag, a weight for every known term: a paper's score is its TF-IDF row times them."""

    vocabulary: dict[str, int]
    idf: np.ndarray  # per term
    weights: np.ndarray  # terms x tags
    means: np.ndarray  # per tag: the share of labelled papers that have it
    slugs: tuple[str, ...]

    def scores(self, listing: Listing) -> dict[str, float]:
        columns, values = _row(terms(listing), self.vocabulary, self.idf)
        found = values @ self.weights[columns] if len(columns) else np.zeros(len(self.slugs))
        return by_slug(self.slugs, found + self.means)

    def strongest(self, listing: Listing, slug: str, count: int = 5) -> list[str]:
        """The paper's terms that raise its score for `slug` most, strongest first: the text
        behind a word score, for `tags --explain`."""
        counts = terms(listing)
        columns, values = _row(counts, self.vocabulary, self.idf)
        if not len(columns):
            return []
        names = {self.vocabulary[t]: t for t in counts if t in self.vocabulary}  # the paper's own
        parts = values * self.weights[columns, self.slugs.index(slug)]
        order = sorted(range(len(columns)), key=lambda i: (-parts[i], int(columns[i])))
        return [names[int(columns[i])] for i in order[:count] if parts[i] > 0]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WordModel):
            return NotImplemented
        arrays = ((self.idf, other.idf), (self.weights, other.weights), (self.means, other.means))
        same = (self.vocabulary, self.slugs) == (other.vocabulary, other.slugs)
        return same and all(np.array_equal(mine, theirs) for mine, theirs in arrays)

    __hash__ = None  # type: ignore[assignment]  # mutable arrays inside

    def save(self, path: Path) -> None:
        names = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        with path.open("wb") as out:
            np.savez(
                out, terms=np.array(names), idf=self.idf, weights=self.weights,
                means=self.means, slugs=np.array(self.slugs),
            )  # fmt: skip

    @classmethod
    def load(cls, path: Path) -> WordModel:
        with np.load(path, allow_pickle=False) as data:
            names = [str(name) for name in data["terms"]]
            slugs = tuple(str(slug) for slug in data["slugs"])
            vocabulary = {name: i for i, name in enumerate(names)}
            return cls(vocabulary, data["idf"], data["weights"], data["means"], slugs)


def _row(
    counts: Counter[str], vocabulary: dict[str, int], idf: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The known terms' columns and their L2-normalised TF-IDF values."""
    known = sorted((vocabulary[t], n) for t, n in counts.items() if t in vocabulary)
    columns = np.array([column for column, _ in known], dtype=np.int64)
    values = np.array([1.0 + math.log(n) for _, n in known]) * idf[columns]
    norm = float(np.linalg.norm(values))
    return columns, (values / norm if norm else values)


class LabelledWords:
    """The labelled papers as TF-IDF rows, and ridge fits over any subset of them."""

    def __init__(self, papers: Sequence[Listing]) -> None:
        self.ids = [paper.id for paper in papers]
        self.row = {paper_id: i for i, paper_id in enumerate(self.ids)}
        counted = [terms(paper) for paper in papers]
        seen = Counter(term for counts in counted for term in counts)
        names = sorted(term for term, n in seen.items() if n >= MIN_PAPERS)
        self.vocabulary = {name: i for i, name in enumerate(names)}
        total = len(papers)
        self.idf = np.array([math.log((1 + total) / (1 + seen[name])) + 1.0 for name in names])
        self.x = np.zeros((total, len(names)), dtype=np.float32)
        for i, counts in enumerate(counted):
            columns, values = _row(counts, self.vocabulary, self.idf)
            self.x[i, columns] = values
        self.gram = (self.x @ self.x.T).astype(np.float64)

    def fit(self, train: Sequence[str], wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Dual ridge over the `train` papers: their coefficients and the tags' means.
        `wanted` is 0/1, one row per id in `train`, one column per tag."""
        rows = np.array([self.row[paper_id] for paper_id in train], dtype=np.int64)
        means = wanted.mean(axis=0) if len(rows) else np.zeros(wanted.shape[1])
        system = self.gram[np.ix_(rows, rows)] + RIDGE * np.eye(len(rows))
        return np.linalg.solve(system, wanted - means), means

    def scores(
        self, train: Sequence[str], wanted: np.ndarray, score: Sequence[str]
    ) -> dict[str, np.ndarray]:
        """The scores of the `score` papers from a fit on the `train` papers."""
        coefficients, means = self.fit(train, wanted)
        rows = np.array([self.row[paper_id] for paper_id in train], dtype=np.int64)
        return {
            paper_id: self.gram[self.row[paper_id], rows] @ coefficients + means
            for paper_id in score
        }

    def model(self, train: Sequence[str], wanted: np.ndarray, slugs: Sequence[str]) -> WordModel:
        """The deployable model: the dual coefficients turned into weights per term."""
        coefficients, means = self.fit(train, wanted)
        rows = np.array([self.row[paper_id] for paper_id in train], dtype=np.int64)
        weights = (self.x[rows].T.astype(np.float64) @ coefficients).astype(np.float32)
        return WordModel(self.vocabulary, self.idf, weights, means, tuple(slugs))
