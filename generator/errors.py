"""The error hierarchy. The CLI prints these and exits non-zero; tracebacks only on request."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.text import printable


@dataclass(frozen=True)
class Problem:
    """One problem in one input file, reported as `file:line: message`."""

    path: str
    line: int | None
    message: str

    def __lt__(self, other: Problem) -> bool:
        """File by file, a whole-file problem (no line) first: None and a line number compare."""
        return (self.path, self.line or 0, self.message) < (
            other.path,
            other.line or 0,
            other.message,
        )

    def __str__(self) -> str:
        """One line however the file name or message was made: a newline in either must not
        start a line of its own (in a CI log that could be a workflow command)."""
        where = printable(self.path) if self.line is None else f"{printable(self.path)}:{self.line}"
        return f"{where}: {printable(_shortened(self.message))}"

    def as_github_annotation(self) -> str:
        """The problem as a GitHub Actions command, shown on the pull request's diff. Every value
        is escaped as the runner expects: a file name or message from a pull request holding a
        newline must not start a command of its own."""
        where = f"file={_property(self.path)}"
        if self.line is not None:
            where += f",line={self.line}"
        return f"::error {where}::{_data(_shortened(self.message))}"


MESSAGE_LIMIT = 1000  # characters of a message shown: a 5 MB tag name is not echoed whole


def _shortened(message: str) -> str:
    if len(message) <= MESSAGE_LIMIT:
        return message
    return f"{message[:MESSAGE_LIMIT]}... ({len(message) - MESSAGE_LIMIT:,} more characters)"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class ArchiveError(Exception):
    """Base of every error this package reports to a person."""


class ProblemsError(ArchiveError):
    """Input with one or more problems; all of them are reported together."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class SourceError(ProblemsError):
    """A listing to import (page text or API JSON) that cannot be read."""

    @classmethod
    def at(cls, path: Path | str, message: str, line: int | None = None) -> SourceError:
        return cls([Problem(str(path), line, message)])


class ContentError(ProblemsError):
    """The stored archive (`content/`) does not validate."""


class OutputError(ArchiveError):
    """Rendering or writing the site failed, e.g. two pages claim the same path."""


class FetchError(ArchiveError):
    """The remote source is broken: the scheduled job must fail loudly."""
