"""The archive's data model: what a day file holds, and what the site is rendered from."""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

# The days an archive may hold: arXiv began in 1991, and a date far ahead is a typo (one at the
# calendar's end, 9999-12-31, has no week to be shown in and broke the build).
FIRST_DATE, LAST_DATE = dt.date(1990, 1, 1), dt.date(2199, 12, 31)


def date_problem(date: dt.date) -> str | None:
    """Why a day's date cannot be in the archive, if it cannot."""
    if FIRST_DATE <= date <= LAST_DATE:
        return None
    return f"{date} is not a day of the archive: days run from {FIRST_DATE} to {LAST_DATE}"


@dataclass(frozen=True)
class TagFix:
    """A person's correction of a paper's tags, kept in its day file.

    `exact` replaces the automatic tags outright; otherwise `add` and `remove` adjust them.
    """

    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    exact: tuple[str, ...] | None = None

    def apply(self, automatic: frozenset[str]) -> frozenset[str]:
        """The tags after this fix, given the automatic ones."""
        if self.exact is not None:
            return frozenset(self.exact)
        return (automatic | frozenset(self.add)) - frozenset(self.remove)

    def then(self, later: TagFix) -> TagFix:
        """One fix doing what this one does and then `later` (a paper listed on two days may
        carry a fix in each: the later day's applies last, so it is never silently beaten)."""
        if later.exact is not None:
            return later
        add, remove = set(later.add), set(later.remove)
        if self.exact is not None:
            return TagFix(exact=tuple(sorted((set(self.exact) | add) - remove)))
        return TagFix(
            add=tuple(sorted((set(self.add) - remove) | add)),
            remove=tuple(sorted((set(self.remove) - add) | remove)),
        )

    def minimal(self, automatic: frozenset[str]) -> TagFix | None:
        """The same fix without what changes nothing; None when nothing is left."""
        if self.exact is not None:
            return None if frozenset(self.exact) == automatic else self
        add = tuple(slug for slug in self.add if slug not in automatic and slug not in self.remove)
        remove = tuple(slug for slug in self.remove if slug in automatic)
        return TagFix(add, remove) if add or remove else None


def merge_fixes(old: TagFix | None, new: TagFix | None) -> TagFix | None:
    """One paper's fixes from two of its days as one (`new` from the later day)."""
    if new is None:
        return old
    return new if old is None else old.then(new)


@dataclass(frozen=True)
class Listing:
    """One paper as a source listed it on one day: what the source said, plus a tag fix."""

    id: str
    title: str
    authors: tuple[str, ...] = ()
    abstract: str = ""
    published: str | None = None
    submitted: str | None = None
    upvotes: int | None = None
    github: str | None = None
    project_page: str | None = None
    ai_summary: str | None = None
    ai_keywords: tuple[str, ...] = ()
    arxiv: bool = False
    tag_fix: TagFix | None = None
    # What the Hub adds (stored, not shown yet): its comment count, the code's GitHub stars,
    # the organisation that submitted the paper, and when it was withdrawn.
    comments: int | None = None
    github_stars: int | None = None
    organization: str | None = None
    withdrawn: str | None = None


@dataclass(frozen=True)
class Day:
    """One day's listing, as stored in `content/days/YYYY/YYYY-MM-DD.yml`."""

    date: dt.date
    # A tuple, or PackedListings (a day read back from a build's state), which unpickles its
    # listings only when one is used.
    papers: Sequence[Listing] = ()
    source: str | None = None
    # The hash of the file this was read from ("" when unknown): pages showing only papers
    # from unchanged files need not be rendered again.
    revision: str = field(default="", compare=False)
    # The line of each paper's entry in its file (empty when made in memory): "Fix tags" links
    # open the file at the paper's own lines.
    paper_lines: tuple[int, ...] = field(default=(), compare=False)

    @property
    def paper_ids(self) -> tuple[str, ...]:
        if isinstance(self.papers, PackedListings):
            return self.papers.ids
        return tuple(listing.id for listing in self.papers)

    @property
    def tag_fixes(self) -> dict[int, TagFix]:
        """The tag fixes of the day's papers, by position."""
        if isinstance(self.papers, PackedListings):
            return dict(self.papers.fixes)
        return {i: p.tag_fix for i, p in enumerate(self.papers) if p.tag_fix is not None}


@dataclass(frozen=True, eq=False)
class Paper:
    """A paper as the site shows it: its newest listing, every day it was listed, its tags.

    `source` is its listing when it was combined from several days, else where its one
    listing is (a day's papers and a position): the listing is only read when shown.
    """

    id: str
    days: tuple[dt.date, ...]
    tags: tuple[str, ...]
    source: Listing | tuple[Sequence[Listing], int]

    @classmethod
    def of(cls, listing: Listing, days: tuple[dt.date, ...], tags: tuple[str, ...] = ()) -> Paper:
        return cls(listing.id, days, tags, listing)

    @property
    def listing(self) -> Listing:
        source = self.source
        return source if isinstance(source, Listing) else source[0][source[1]]

    @property
    def upvotes(self) -> int | None:
        """The listing's upvotes, read without unpacking a stored day's listings (ranking a
        tag's papers would otherwise unpickle most of the archive)."""
        source = self.source
        if isinstance(source, Listing):
            return source.upvotes
        listings, at = source
        if isinstance(listings, PackedListings):
            return listings.upvotes[at]
        return listings[at].upvotes

    @property
    def first_day(self) -> dt.date:
        return self.days[0]

    @property
    def last_day(self) -> dt.date:
        return self.days[-1]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Paper):
            return NotImplemented
        mine = (self.id, self.days, self.tags, self.listing)
        return mine == (other.id, other.days, other.tags, other.listing)

    def __hash__(self) -> int:
        return hash((self.id, self.days, self.tags))


@dataclass(frozen=True)
class Tag:
    """A tag of the vocabulary. Tags compare by slug."""

    slug: str
    name: str
    description: str = ""
    family: str = "Other"


@dataclass(frozen=True)
class Archive:
    """Everything the site is rendered from: days (oldest first), papers by id, the vocabulary."""

    days: tuple[Day, ...]
    papers: dict[str, Paper] = field(hash=False)
    tags: dict[str, Tag] = field(hash=False)
    # What assigned the tags (a Tagger's fingerprint): with a day file's revision, it settles
    # the tags of the papers listed only there. Empty when unknown.
    tagging: bytes = b""

    def papers_of(self, day: Day) -> list[Paper]:
        """The papers of a day, in the day's order."""
        return [self.papers[paper_id] for paper_id in day.paper_ids]


def unique_listings(listings: Iterable[Listing]) -> tuple[Listing, ...]:
    """Listings with each paper once: a source listing a paper twice keeps its first listing."""
    seen: dict[str, Listing] = {}
    for listing in listings:
        seen.setdefault(listing.id, listing)
    return tuple(seen.values())


def text_key(listing: Listing) -> bytes:
    """A hash of the text a paper's automatic tags and related papers depend on."""
    text = "\x1f".join((listing.title, listing.abstract, *listing.ai_keywords))
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


class PackedListings(Sequence[Listing]):
    """A day's listings kept pickled until first used, with their ids, tag fixes and upvotes
    at hand.

    A build that keeps parsed days between runs stores them this way: a new day needs only the
    ids of the days before it, and loading 50,000 listings would cost more than the rest of the
    build."""

    __slots__ = ("_blob", "_listings", "fixes", "ids", "upvotes")

    def __init__(
        self,
        ids: tuple[str, ...],
        fixes: tuple[tuple[int, TagFix], ...],
        blob: bytes,
        upvotes: tuple[int | None, ...],
    ) -> None:
        self.ids, self.fixes, self._blob, self.upvotes = ids, fixes, blob, upvotes
        self._listings: tuple[Listing, ...] | None = None

    @classmethod
    def of(cls, listings: Sequence[Listing]) -> PackedListings:
        if isinstance(listings, PackedListings):
            return listings
        stored = tuple(listings)
        fixes = tuple((i, p.tag_fix) for i, p in enumerate(stored) if p.tag_fix is not None)
        ids, upvotes = tuple(p.id for p in stored), tuple(p.upvotes for p in stored)
        found = cls(ids, fixes, pickle.dumps(stored, protocol=5), upvotes)
        found._listings = stored
        return found

    def _all(self) -> tuple[Listing, ...]:
        if self._listings is None:
            self._listings = pickle.loads(self._blob)
        return self._listings

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Listing: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Listing, ...]: ...
    def __getitem__(self, index: int | slice) -> Listing | tuple[Listing, ...]:
        return self._all()[index]

    def __iter__(self) -> Iterator[Listing]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(self._all())

    def __reduce__(self) -> tuple[type[PackedListings], tuple[object, ...]]:
        return (PackedListings, (self.ids, self.fixes, self._blob, self.upvotes))
