"""Reading a listing file's text, as every reader does."""

from __future__ import annotations

from pathlib import Path

from generator.errors import SourceError


def read_text(path: Path) -> str:
    """The file's UTF-8 text; a leading byte-order mark (Windows editors) is no part of it."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError.at(path, f"not UTF-8 text ({error.reason})") from None
