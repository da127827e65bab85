"""Short, stable hashes: of values (for fingerprints) and of file bytes (a day's revision)."""

from __future__ import annotations

import hashlib
import pickle


def digest(value: object) -> bytes:
    """A short, stable hash of any picklable value."""
    return hashlib.blake2b(pickle.dumps(value, protocol=5), digest_size=16).digest()


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
