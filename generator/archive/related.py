"""Related papers: for each paper, the few most similar by content, computed at build time.

Each paper is a TF-IDF vector of its title (counted twice) and abstract, cut to its
`TERMS` most distinctive terms: that keeps the all-pairs comparison of 50,000 papers to a few
seconds (the few terms that matter most decide relatedness anyway). Similarity is the cosine of
two vectors; ties go the same way in every build. A paper's related papers are those listed
no later than itself: the work it follows, and a list that later days never change (a new day
would otherwise rewrite the pages of hundreds of older papers).

The IDF weights come from a fixed reference table (see archive.vectors), not from the archive:
then a paper's vector never changes as the archive grows, and a new day only compares its own
papers with the rest (an older paper's list changes only when a day before it is added, and
only where a paper of that day beats one on the list): the result is exactly that of comparing
everything again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, partial
from pathlib import Path

import numpy as np

from generator.archive import vectors as vectors_module
from generator.archive.derive import collect, in_date_order
from generator.archive.model import Day, Listing, text_key
from generator.archive.vectors import (
    IDF_TABLE,
    TERMS,
    Postings,
    Terms,
    Top,
    Triples,
    Weights,
    tiebreak,
    vectors,
)
from generator.parallel import parallel_map

RELATED = 5  # related papers shown a paper
MIN_SCORE = 0.08  # below this cosine, a paper is not shown as related
_CHUNK = 1024  # papers compared with all at once (a task for one core)


@dataclass
class RelatedState:
    """What the last build computed: vectors by day file and text, and every paper's list."""

    day_vectors: dict[str, tuple[Terms, Weights]] = field(default_factory=dict)
    text_vectors: dict[bytes, tuple[Terms, Weights]] = field(default_factory=dict)
    ids: list[str] = field(default_factory=list)
    terms: Terms = field(default_factory=lambda: np.zeros((0, TERMS), np.int64))
    weights: Weights = field(default_factory=lambda: np.zeros((0, TERMS)))
    top: Top = field(default_factory=lambda: np.zeros((0, RELATED), np.int64))
    keys: Weights = field(default_factory=lambda: np.zeros((0, RELATED)))
    changed: bool = field(default=False, compare=False)  # by the last related_papers()
    algorithm: bytes = b""  # what computed all this: see algorithm()


@cache
def algorithm() -> bytes:
    """Changes whenever this module, the vectors' or the reference table changes."""
    modules = (Path(__file__), Path(vectors_module.__file__))
    sources = (*(module.read_bytes() for module in modules), IDF_TABLE.read_bytes())
    return hashlib.blake2b(b"".join(sources), digest_size=16).digest()


def fresh_state(found: object) -> RelatedState:
    """The state a build can use: `found` if made by this algorithm, else an empty one."""
    if isinstance(found, RelatedState) and found.algorithm == algorithm():
        return found
    return RelatedState(algorithm=algorithm())


@dataclass(frozen=True)
class RelatedLists:
    """Every paper's related papers: row i of `top` lists rows of `ids` (-1: none)."""

    ids: list[str]
    top: Top

    @cached_property
    def _rows(self) -> dict[str, int]:
        return {paper_id: row for row, paper_id in enumerate(self.ids)}

    def of(self, paper_id: str) -> tuple[str, ...]:
        row = self._rows.get(paper_id)
        if row is None:
            return ()
        return tuple(self.ids[other] for other in self.top[row].tolist() if other >= 0)

    def keys(self, versions: dict[str, bytes]) -> dict[str, bytes]:
        """Each paper's version followed by its related papers' (what its page shows)."""
        if not self.ids:
            return {}
        width = len(next(iter(versions.values())))
        table = np.array([versions[i] for i in self.ids] + [b"\0" * width], dtype=f"S{width}")
        joined = np.concatenate([table[:-1, None], table[self.top]], axis=1).tobytes()
        step = width * (RELATED + 1)
        return {i: joined[n * step : (n + 1) * step] for n, i in enumerate(self.ids)}


def related_papers(days: Sequence[Day], state: RelatedState) -> RelatedLists:
    """Each paper's related papers, most similar first; `state` is used and updated.

    Only the days are needed, not the archive: tags play no part, so this can run while the
    build is still tagging.
    """
    ordered = in_date_order(days)
    listed = collect(ordered)
    ids = sorted(listed.first)
    terms, weights = _archive_vectors(ordered, listed.combined, ids, state)
    previous = _previous_rows(state, ids, terms, weights)
    first_days = [listed.dates[paper_id][0].toordinal() for paper_id in ids]
    order = _Order(tiebreak(ids), np.array(first_days, dtype=np.int64))
    if previous is None:
        top, keys = _top_lists(_all_pairs(terms, weights, order), len(ids))
    else:
        new = _new_pairs(terms, weights, order, previous)
        top, keys = _updated_lists(new, state, previous, len(ids))
    state.changed = state.changed or previous is None or not np.array_equal(top, state.top)
    state.ids, state.terms, state.weights, state.top, state.keys = ids, terms, weights, top, keys
    return RelatedLists(ids, top)


def _archive_vectors(
    days: tuple[Day, ...], combined: dict[str, Listing], ids: list[str], state: RelatedState
) -> tuple[Terms, Weights]:
    """Every paper's vector, in the order of `ids`: from the state where its text is known.
    A paper listed on several days (in `combined`) has the vector of its combined text."""
    state.changed = False
    new_days = [day for day in days if not day.revision or day.revision not in state.day_vectors]
    computed = iter(parallel_map(_day_vectors, new_days, minimum=64, label="related: vectors"))
    blocks: list[tuple[Terms, Weights]] = []
    where: dict[str, tuple[int, int]] = {}
    day_vectors: dict[str, tuple[Terms, Weights]] = {}
    for day in days:
        known = state.day_vectors.get(day.revision) if day.revision else None
        block = known if known is not None else next(computed)
        if day.revision:
            day_vectors[day.revision] = block
        for index, paper_id in enumerate(day.paper_ids):
            where.setdefault(paper_id, (len(blocks), index))
        blocks.append(block)
    text_vectors: dict[bytes, tuple[Terms, Weights]] = {}
    for paper_id, listing in combined.items():
        key = text_key(listing)
        block = state.text_vectors.get(key) or vectors([listing])
        text_vectors[key] = block
        where[paper_id] = (len(blocks), 0)
        blocks.append(block)
    state.changed = day_vectors.keys() != state.day_vectors.keys() or (
        text_vectors.keys() != state.text_vectors.keys()
    )
    state.day_vectors, state.text_vectors = day_vectors, text_vectors
    if not blocks:
        return state.terms[:0], state.weights[:0]
    offsets = np.cumsum([0] + [len(block[0]) for block in blocks]).tolist()
    rows = np.array([offsets[where[i][0]] + where[i][1] for i in ids], dtype=np.int64)
    every_terms = np.concatenate([block[0] for block in blocks])
    every_weights = np.concatenate([block[1] for block in blocks])
    return every_terms[rows], every_weights[rows]


def _day_vectors(day: Day) -> tuple[Terms, Weights]:
    return vectors(day.papers)


def _previous_rows(
    state: RelatedState, ids: list[str], terms: Terms, weights: Weights
) -> Top | None:
    """Where the last build's papers are now, if none left and none changed its text."""
    if not state.ids:
        return None
    index = {paper_id: row for row, paper_id in enumerate(ids)}
    if any(paper_id not in index for paper_id in state.ids):
        return None
    rows = np.array([index[paper_id] for paper_id in state.ids], dtype=np.int64)
    same = np.array_equal(terms[rows], state.terms) and np.array_equal(weights[rows], state.weights)
    return rows if same else None


@dataclass(frozen=True)
class _Order:
    """What ranks candidates besides their score: a tie-break per paper, and first days."""

    marks: Weights
    days: Top  # each paper's first day listed, as an ordinal


def _candidates(pairs: Triples, here: Top, order: _Order) -> Triples:
    """The pairs worth ranking: strong enough, not a paper with itself, and the related paper
    listed no later than the paper (so a new day never changes an older paper's page); `here`
    maps the indexed papers to rows. Each is keyed by its score plus the related paper's
    tie-break."""
    paper, other, scores = pairs
    other = here[other]
    keep = (scores >= MIN_SCORE) & (paper != other) & (order.days[other] <= order.days[paper])
    paper, other = paper[keep], other[keep]
    return paper, other, scores[keep] + order.marks[other]


def _all_pairs(terms: Terms, weights: Weights, order: _Order) -> Triples:
    postings = Postings(terms, weights)
    starts = list(range(0, len(terms), _CHUNK))
    work = partial(_chunk_pairs, postings, terms, weights, order)
    parts = parallel_map(work, starts, minimum=8, label="related: scores")
    return _joined(parts)


def _chunk_pairs(
    postings: Postings, terms: Terms, weights: Weights, order: _Order, start: int
) -> Triples:
    rows = np.arange(start, min(start + _CHUNK, len(terms)))
    pairs = postings.pairs(rows, terms[rows], weights[rows])
    return _top_triples(_candidates(pairs, np.arange(len(terms)), order))


def _new_pairs(terms: Terms, weights: Weights, order: _Order, previous: Top) -> Triples:
    """Every pair of a new paper (a row not in `previous`) with any paper."""
    fresh = np.setdiff1d(np.arange(len(terms)), previous)
    if len(fresh) == 0:
        return _joined([])
    # Every paper against the new ones: one small index of the new papers' terms.
    every = np.arange(len(terms))
    paper, new, scores = Postings(terms[fresh], weights[fresh]).pairs(every, terms, weights)
    to_new = _candidates((paper, new, scores), fresh, order)
    # The same pairs seen from the new paper (new with new are in to_new both ways already).
    from_new = _candidates((fresh[new], paper, scores), every, order)
    is_old = ~np.isin(from_new[1], fresh)
    return _joined([to_new, (from_new[0][is_old], from_new[1][is_old], from_new[2][is_old])])


def _updated_lists(
    new: Triples, state: RelatedState, previous: Top, papers: int
) -> tuple[Top, Weights]:
    """The last build's lists, moved to the papers' new rows, with the `new` pairs merged into
    the rows they concern. Exact: a row's best among (its old best, its new pairs) is its best
    among all its pairs. Only those rows are ranked again: at 50,000 papers, ranking every
    old list costs a tenth of a second a build."""
    top = np.full((papers, RELATED), -1, dtype=np.int64)
    keys = np.full((papers, RELATED), -np.inf)
    held = state.top >= 0
    top[previous] = np.where(held, previous[np.where(held, state.top, 0)], -1)
    keys[previous] = state.keys
    rows = np.unique(new[0])
    if len(rows):
        listed = top[rows] >= 0
        old = (np.repeat(rows, listed.sum(axis=1)), top[rows][listed], keys[rows][listed])
        merged_top, merged_keys = _top_lists(_joined([old, new]), papers)
        top[rows], keys[rows] = merged_top[rows], merged_keys[rows]
    return top, keys


def _joined(parts: Sequence[Triples]) -> Triples:
    if not parts:
        empty = np.zeros(0, np.int64)
        return empty, empty, np.zeros(0)
    return (
        np.concatenate([part[0] for part in parts]),
        np.concatenate([part[1] for part in parts]),
        np.concatenate([part[2] for part in parts]),
    )


def _ranked(triples: Triples) -> tuple[Triples, Top]:
    """The triples sorted by paper, best key first, and each one's rank within its paper."""
    paper, other, keys = triples
    order = np.lexsort((other, -keys, paper))
    paper, other, keys = paper[order], other[order], keys[order]
    rank = np.arange(len(paper)) - np.searchsorted(paper, paper, side="left")
    return (paper, other, keys), rank


def _top_triples(triples: Triples) -> Triples:
    """Only the RELATED best pairs of each paper (to keep a chunk's result small)."""
    (paper, other, keys), rank = _ranked(triples)
    best = rank < RELATED
    return paper[best], other[best], keys[best]


def _top_lists(triples: Triples, papers: int) -> tuple[Top, Weights]:
    (paper, other, keys), rank = _ranked(triples)
    best = rank < RELATED
    top = np.full((papers, RELATED), -1, dtype=np.int64)
    top_keys = np.full((papers, RELATED), -np.inf)
    top[paper[best], rank[best]] = other[best]
    top_keys[paper[best], rank[best]] = keys[best]
    return top, top_keys
