"""What every command's options share: a command runs with the parsed arguments and returns
its exit status; each sits in the parser through `command`, its options beside its handler."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TypeAlias

from generator.errors import ArchiveError

Command = Callable[[argparse.Namespace], int]
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def command(commands: Commands, name: str, run: Command, about: str) -> argparse.ArgumentParser:
    """A subcommand `name` that runs `run`."""
    parser = commands.add_parser(name, help=about)
    parser.set_defaults(run=run)
    return parser


def content_option(parser: argparse.ArgumentParser) -> None:
    """The archive a command works on; every command that reads or writes one takes it."""
    parser.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        metavar="DIR",
        help="the archive's folder, holding days/ and tags.yml (default: content)",
    )


def content_with_days(content: Path) -> Path:
    """`content`, which must hold a days/ folder: a base to compare with that holds none (a
    mistyped path, an empty folder) would hold the change to nothing and pass it."""
    if not (existing_content(content) / "days").is_dir():
        raise ArchiveError(f"no days/ folder in {content}: nothing to compare with")
    return content


def existing_content(content: Path) -> Path:
    """`content`, which must be a folder: a mistyped --content must not read as an empty
    archive ("no problems", "0 papers")."""
    if not content.is_dir():
        raise ArchiveError(f"no content folder {content}")
    return content
