"""Readers of the listing formats the archive imports: copied page text, Hugging Face API JSON."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.archive.model import Day
from generator.content.sources.hf_json import read_hf_json
from generator.content.sources.listing_text import read_listing_text
from generator.errors import SourceError


def read_source(path: Path, date: dt.date | None = None) -> Day:
    """Read one day's listing, choosing the reader by the file's content."""
    try:
        head = path.read_bytes()[:64].lstrip()
    except OSError as error:
        raise SourceError.at(path, f"cannot read: {error.strerror}") from None
    if path.suffix.lower() == ".json" or head[:1] in (b"[", b"{"):
        return read_hf_json(path, date)
    return read_listing_text(path, date)
