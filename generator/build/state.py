"""What the last build knew, so the next one redoes only what changed.

Kept next to the generated pages (`<pages>/.state/`), never committed: parsed day files (by
content hash, checked by modification time and size first), automatic tags (per day file, for
one version of the vocabulary), each page's fingerprint (a hash of everything its text depends
on) and rendered paper fragments still shown on pages that change often. A missing or unreadable
state only makes the next build a full one.

Parsed days are kept in one file a month, so a new day rewrites only its month's file; loading
runs with the garbage collector paused (it would otherwise walk the growing object graph again
and again while a 50,000-paper state is rebuilt, doubling the time).
"""

from __future__ import annotations

import gc
import pickle
from collections.abc import Iterator, Set
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.archive.model import Day, PackedListings
from generator.archive.taxonomy import Taxonomy
from generator.site.papers import PaperPage
from generator.write import write_atomically

STATE_DIR = ".state"  # under the generated pages folder
_VERSION = 14  # 14: day files held to the field bounds (a remembered day is read again)
_FILE = "state.pickle"
_RELATED = "related.pickle"
_DAYS = "days-{month}.pickle"
# The pages a build is about to write, saved before it writes them: a build stopped half way
# (kill -9, Ctrl-C) leaves pages whose text no saved fingerprint describes, and the next build
# must redo them even if the content went back to what the fingerprints say.
_PENDING = "pending.pickle"
_UNREADABLE = (
    OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, KeyError,
)  # fmt: skip


@contextmanager
def paused_gc() -> Iterator[None]:
    """Build many long-lived objects without the collector rescanning them (see above).

    On leaving, what was made moves straight to the oldest generation (through the permanent
    one) instead of being scanned as new: one scan of a 50,000-paper archive costs 0.4 s.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


@dataclass
class BuildState:
    folder: Path | None = None
    # Parsed day files by path under content/: (mtime, size, day); a day's revision is the
    # hash of its file's bytes.
    days: dict[str, tuple[int, int, Day]] = field(default_factory=dict)
    vocabulary: bytes = b""
    # Automatic tags by day revision (one set per paper of the day, in the day's order) and,
    # for a paper whose listings were combined from several days, by its text.
    day_tags: dict[str, tuple[frozenset[str], ...]] = field(default_factory=dict)
    tags: dict[bytes, frozenset[str]] = field(default_factory=dict)
    pages: dict[str, bytes] = field(default_factory=dict)
    papers: dict[str, PaperPage] = field(default_factory=dict)
    paper_base: bytes = b""  # what every paper page depends on: templates, options, tags
    taxonomy: Taxonomy | None = None  # the last checked vocabulary
    renderer: bytes = b""  # the rendering code the fragments were made with
    fragments: dict[tuple[bytes, str], str] = field(default_factory=dict)
    # What page families carry to the next build (Site.carry), made with the same `renderer`.
    carried: dict[str, object] = field(default_factory=dict)
    # The modification times of the folders of paper pages when the last build ended: a folder
    # still at its time has had no file added or removed since, so none can be missing.
    folder_times: dict[str, int] = field(default_factory=dict)
    # Page groups (site.pages.PageGroup) by folder: fingerprint, folder time and pages.
    groups: dict[str, tuple[bytes, int, tuple[str, ...]]] = field(default_factory=dict)
    dirty: bool = False
    dirty_months: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, folder: Path) -> BuildState:
        with paused_gc():
            try:
                data: dict[str, Any] = pickle.loads((folder / _FILE).read_bytes())
                if not isinstance(data, dict) or data.get("version") != _VERSION:
                    return cls(folder)
                days: dict[str, tuple[int, int, Day]] = {}
                for month in data["months"]:
                    days.update(pickle.loads((folder / _DAYS.format(month=month)).read_bytes()))
                state = cls(
                    folder, days, data["vocabulary"], data["day_tags"], data["tags"],
                    data["pages"], data["papers"], data["paper_base"], data["taxonomy"],
                    data["renderer"], data["fragments"], data["carried"], data["folder_times"],
                    data["groups"],
                )  # fmt: skip
            except _UNREADABLE:
                return cls(folder)
            state.forget_unconfirmed()
            return state

    def forget_unconfirmed(self) -> None:
        """Forget the fingerprints of the pages an interrupted build may have half-written."""
        assert self.folder is not None
        try:
            pages, papers = pickle.loads((self.folder / _PENDING).read_bytes())
        except FileNotFoundError:
            return
        except _UNREADABLE:  # unreadable: trust no page at all
            pages, papers = set(self.pages), set(self.papers)
        for path in pages:
            self.pages.pop(path, None)
        for paper_id in papers:
            self.papers.pop(paper_id, None)
        self.dirty = True

    def begin_writing(self, pages: set[str], papers: set[str]) -> None:
        """Record the pages about to be written, until `save` confirms them (see _PENDING)."""
        if self.folder is not None and (pages or papers):
            write_atomically(self.folder / _PENDING, pickle.dumps((pages, papers), protocol=5))

    def cached_day(self, key: str, mtime: int, size: int) -> Day | None:
        found = self.days.get(key)
        return found[2] if found and found[:2] == (mtime, size) else None

    def cached_revision(self, key: str, revision: str) -> Day | None:
        found = self.days.get(key)
        return found[2] if found and found[2].revision == revision else None

    def remember_day(self, key: str, mtime: int, size: int, day: Day) -> None:
        self.days[key] = (mtime, size, replace(day, papers=PackedListings.of(day.papers)))
        self._changed_day(key)

    def forget_days_except(self, keys: set[str]) -> None:
        for key in set(self.days) - keys:
            del self.days[key]
            self._changed_day(key)

    def _changed_day(self, key: str) -> None:
        self.dirty_months.add(_month_of(key))
        self.dirty = True

    def use_vocabulary(self, vocabulary: bytes) -> None:
        """Cached tags are only valid for the vocabulary they were computed with."""
        if vocabulary != self.vocabulary:
            self.vocabulary, self.day_tags, self.tags, self.dirty = vocabulary, {}, {}, True

    def remember_taxonomy(self, taxonomy: Taxonomy) -> None:
        self.taxonomy, self.dirty = taxonomy, True

    def remember_day_tags(self, revision: str, tags: tuple[frozenset[str], ...]) -> None:
        self.day_tags[revision] = tags
        self.dirty = True

    def forget_tags_except(self, revisions: set[str], texts: set[bytes]) -> None:
        """Drop the tags of day files and texts no longer in the archive."""
        stale_days = set(self.day_tags) - revisions
        stale_texts = set(self.tags) - texts
        for revision in stale_days:
            del self.day_tags[revision]
        for text in stale_texts:
            del self.tags[text]
        self.dirty = self.dirty or bool(stale_days or stale_texts)

    def remember_tags(self, key: bytes, tags: frozenset[str]) -> None:
        self.tags[key] = tags
        self.dirty = True

    def fragments_for(self, renderer: bytes) -> dict[tuple[bytes, str], str]:
        """Rendered fragments still valid: made by the same rendering code, options and tags."""
        if renderer != self.renderer:
            self.renderer, self.fragments, self.carried, self.dirty = renderer, {}, {}, True
        return self.fragments

    def carried_for(self, renderer: bytes) -> dict[str, object]:
        """What page families carried from the last build, if made by the same rendering code,
        options and tags (each family checks the rest)."""
        return self.carried if renderer == self.renderer else {}

    def keep_carried(self, carried: dict[str, object]) -> None:
        if carried != self.carried:
            self.carried, self.dirty = carried, True

    def keep_fragments(
        self,
        fragments: dict[tuple[bytes, str], str],
        keep: set[bytes],
        also: Set[tuple[bytes, str]] = frozenset(),
    ) -> None:
        """Keep the fragments of papers at the versions in `keep` (those shown on pages that
        the next day is likely to change), and those in `also`: old papers' fragments would
        only weigh on every load, and re-rendering the few an unlikely change needs is cheap."""
        kept = {key: html for key, html in fragments.items() if key[0] in keep or key in also}
        if kept != self.fragments:
            self.fragments, self.dirty = kept, True

    def set_groups(self, groups: dict[str, tuple[bytes, int, tuple[str, ...]]]) -> None:
        if groups != self.groups:
            self.groups, self.dirty = groups, True

    def set_folder_times(self, times: dict[str, int]) -> None:
        if times != self.folder_times:
            self.folder_times, self.dirty = times, True

    def set_pages(
        self, fingerprints: dict[str, bytes], papers: dict[str, PaperPage], paper_base: bytes
    ) -> None:
        if (fingerprints, papers, paper_base) != (self.pages, self.papers, self.paper_base):
            self.pages, self.papers, self.paper_base = fingerprints, papers, paper_base
            self.dirty = True

    def save(self) -> None:
        """Write the state if anything changed: a build that changed nothing writes nothing."""
        if self.folder is None:
            return
        if self.dirty:
            self._write()
        (self.folder / _PENDING).unlink(missing_ok=True)  # every page written is described

    def _write(self) -> None:
        assert self.folder is not None
        by_month: dict[str, dict[str, tuple[int, int, Day]]] = {}
        for key, value in self.days.items():
            by_month.setdefault(_month_of(key), {})[key] = value
        for month in sorted(self.dirty_months):
            path = self.folder / _DAYS.format(month=month)
            if month in by_month:
                write_atomically(path, pickle.dumps(by_month[month], protocol=5))
            else:
                path.unlink(missing_ok=True)
        data = {
            "version": _VERSION,
            "months": sorted(by_month),
            "vocabulary": self.vocabulary,
            "day_tags": self.day_tags,
            "tags": self.tags,
            "pages": self.pages,
            "papers": self.papers,
            "paper_base": self.paper_base,
            "taxonomy": self.taxonomy,
            "renderer": self.renderer,
            "fragments": self.fragments,
            "carried": self.carried,
            "folder_times": self.folder_times,
            "groups": self.groups,
        }
        for stale in self.folder.glob(_DAYS.format(month="*")):
            if stale.name[len("days-") : -len(".pickle")] not in by_month:
                stale.unlink()
        # Each part is checked against what it stands for (days by modification time and size,
        # pages by fingerprint), so a build stopped half way only costs the next one time.
        write_atomically(self.folder / _FILE, pickle.dumps(data, protocol=5))
        self.dirty, self.dirty_months = False, set()


# Related papers' vectors and lists (an archive.related.RelatedState) live in a file of their
# own, read and written by the process that computes them while the build goes on (see
# build.generate); the state checks itself, so it need not name the same build as the rest.


def load_related(folder: Path) -> object:
    """What the last build saved of the related papers; None if nothing readable."""
    try:
        with paused_gc():
            found: object = pickle.loads((folder / _RELATED).read_bytes())
            return found
    except _UNREADABLE:
        return None


def save_related(folder: Path, related: object) -> None:
    write_atomically(folder / _RELATED, pickle.dumps(related, protocol=5))


def _month_of(key: str) -> str:
    """The month of a day file's key (`days/2025/2025-06-02.yml`: 2025-06)."""
    name = key.rsplit("/", 1)[-1]
    return name[:7] if len(name) >= 7 and name[:4].isdigit() else "other"
