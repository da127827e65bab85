"""A hash of the code that makes the pages: every file of a package (templates included) and
every module of the generator those files import, found from their import lines, transitively.
No hand-kept list: a new module or template counts as soon as it exists."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from generator.hashes import digest

GENERATOR = Path(__file__).resolve().parents[1]
SITE = GENERATOR / "site"
_IMPORT = re.compile(
    r"^\s*from (generator(?:\.\w+)*) import (?:\(([^)]*)\)|([\w ,]+)$)", re.MULTILINE
)


@cache
def render_version() -> bytes:
    """Changes whenever the rendering code or a template changes."""
    return code_version(SITE)


def code_version(package: Path, root: Path = GENERATOR) -> bytes:
    """A hash of every file of `package` and the modules under `root` it imports."""
    files = {path for path in package.rglob("*") if _is_source(path)}
    todo = [path for path in files if path.suffix == ".py"]
    while todo:
        for found in _imported(todo.pop(), root):
            if found not in files:
                files.add(found)
                todo.append(found)
    ordered = sorted(files)
    return digest([(path.relative_to(root).as_posix(), path.read_bytes()) for path in ordered])


def _is_source(path: Path) -> bool:
    return path.is_file() and "__pycache__" not in path.parts


def _imported(module: Path, root: Path) -> list[Path]:
    """The generator's own modules that `module` imports (`from generator.x import y` lines)."""
    found = []
    for package, listed, names in _IMPORT.findall(module.read_text(encoding="utf-8")):
        base = root.joinpath(*package.split(".")[1:])
        candidates = [base.with_suffix(".py"), base / "__init__.py"]
        named = (listed or names).split(",")
        candidates += [base / f"{name.split()[0]}.py" for name in named if name.strip()]
        found += [path for path in candidates if path.is_file()]
    return found
