"""Readers of the listing formats the archive imports: copied page text, Hugging Face API JSON."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.archive.model import Day, date_problem
from generator.content.sources.hf_json import read_hf_json
from generator.content.sources.listing_text import read_listing_text
from generator.content.yamlfile import file_problem
from generator.errors import SourceError


def read_source(path: Path, date: dt.date | None = None) -> Day:
    """Read one day's listing, choosing the reader by the file's content."""
    try:
        head = _head(path)
    except OSError as error:
        raise SourceError.at(path, f"cannot read: {error.strerror}") from None
    if path.suffix.lower() == ".json" or head[:1] in (b"[", b"{"):
        day = read_hf_json(path, date)
    else:
        day = read_listing_text(path, date)
    problem = date_problem(day.date)
    if problem:
        raise SourceError.at(path, problem)
    return day


def _head(path: Path) -> bytes:
    """The file's first bytes, once it is one to read (file_problem)."""
    problem = file_problem(path, "a listing")
    if problem:
        raise SourceError.at(path, problem)
    with path.open("rb") as file:
        return file.read(64).removeprefix(b"\xef\xbb\xbf").lstrip()
