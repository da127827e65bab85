"""What the last build knew, so the next one redoes only what changed.

Kept next to the generated pages (`<pages>/.state/`), never committed: parsed day files (by
modification time and size), automatic tags (by paper text, for one version of the vocabulary)
and each page's fingerprint (a hash of everything its text depends on). A missing or unreadable
state only makes the next build a full one.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.model import Day, Listing
from generator.write import write_atomically

_VERSION = 3
_FILE = "state.pickle"


def digest(value: object) -> bytes:
    """A short, stable hash of any picklable value."""
    return hashlib.blake2b(pickle.dumps(value, protocol=5), digest_size=16).digest()


def listing_text_key(listing: Listing) -> bytes:
    """What a paper's automatic tags depend on."""
    text = "\x1f".join((listing.title, listing.abstract, *listing.ai_keywords))
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


@dataclass
class BuildState:
    folder: Path | None = None
    days: dict[str, tuple[int, int, Day]] = field(default_factory=dict)
    vocabulary: bytes = b""
    tags: dict[bytes, frozenset[str]] = field(default_factory=dict)
    pages: dict[str, bytes] = field(default_factory=dict)
    taxonomy: object = None  # the last checked vocabulary (a generator.taxonomy.Taxonomy)
    renderer: bytes = b""  # the rendering code the fragments were made with
    fragments: dict[tuple[bytes, str], str] = field(default_factory=dict)
    dirty: bool = False

    @classmethod
    def load(cls, folder: Path) -> BuildState:
        try:
            data: dict[str, Any] = pickle.loads((folder / _FILE).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return cls(folder)
        if not isinstance(data, dict) or data.get("version") != _VERSION:
            return cls(folder)
        return cls(
            folder, data["days"], data["vocabulary"], data["tags"], data["pages"],
            data["taxonomy"], data["renderer"], data["fragments"],
        )  # fmt: skip

    def cached_day(self, key: str, mtime: int, size: int) -> Day | None:
        found = self.days.get(key)
        return found[2] if found and found[:2] == (mtime, size) else None

    def remember_day(self, key: str, mtime: int, size: int, day: Day) -> None:
        self.days[key] = (mtime, size, day)
        self.dirty = True

    def forget_days_except(self, keys: set[str]) -> None:
        for key in set(self.days) - keys:
            del self.days[key]
            self.dirty = True

    def use_vocabulary(self, vocabulary: bytes) -> None:
        """Cached tags are only valid for the vocabulary they were computed with."""
        if vocabulary != self.vocabulary:
            self.vocabulary, self.tags, self.dirty = vocabulary, {}, True

    def remember_taxonomy(self, taxonomy: object) -> None:
        self.taxonomy, self.dirty = taxonomy, True

    def remember_tags(self, key: bytes, tags: frozenset[str]) -> None:
        self.tags[key] = tags
        self.dirty = True

    def fragments_for(self, renderer: bytes, versions: set[bytes]) -> dict[tuple[bytes, str], str]:
        """Rendered fragments still valid: same rendering code, papers still at that version."""
        if renderer != self.renderer:
            self.renderer, self.fragments, self.dirty = renderer, {}, True
        stale = [key for key in self.fragments if key[0] not in versions]
        for key in stale:
            del self.fragments[key]
        self.dirty = self.dirty or bool(stale)
        return self.fragments

    def remember_fragments(self, fragments: dict[tuple[bytes, str], str]) -> None:
        if fragments:
            self.fragments.update(fragments)
            self.dirty = True

    def set_pages(self, fingerprints: dict[str, bytes]) -> None:
        if fingerprints != self.pages:
            self.pages, self.dirty = fingerprints, True

    def save(self) -> None:
        """Write the state if anything changed: a build that changed nothing writes nothing."""
        if self.folder is None or not self.dirty:
            return
        data = {
            "version": _VERSION,
            "days": self.days,
            "vocabulary": self.vocabulary,
            "tags": self.tags,
            "pages": self.pages,
            "taxonomy": self.taxonomy,
            "renderer": self.renderer,
            "fragments": self.fragments,
        }
        write_atomically(self.folder / _FILE, pickle.dumps(data, protocol=5))
        self.dirty = False
