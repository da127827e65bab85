"""YAML in and out, with line numbers for problems.

Files load with libyaml's fast loader; only when a problem has to be reported is the file composed
again into nodes to find the line of the value at fault. A key given twice in one mapping is a
problem (YAML would keep the last silently: a second `tags:` would replace a person's fix), as is
a merge key `<<` (a key after it silently replaces the merged one), a control character, a link
or anything but a regular file (a link to /dev/zero never ends).
"""

from __future__ import annotations

import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The fast safe loader, refusing a key given twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        _refuse_duplicate_keys(node)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


# libyaml builds a document recursively in C: about 50,000 levels of nesting ("[[[..." or
# "- - - ...") crash the process (a segmentation fault, no message), where real files nest 4
# deep. Its parser is not recursive, so a file that could nest deeper than MAX_DEPTH (it holds
# that many characters that open a level) is first walked event by event, stopping at the
# first level too deep: linear, and never a different parse of any file it lets through.
MAX_DEPTH = 1_000
_OPENERS = ("[", "{", "- ", "? ")


def _too_deep(text: str) -> int | None:
    """The line where `text` nests deeper than MAX_DEPTH, if it does."""
    if sum(text.count(opener) for opener in _OPENERS) <= MAX_DEPTH:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return mark.line + 1 if mark is not None else 1
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # loading it reports the error, with its line
    return None


def _refuse_duplicate_keys(node: yaml.MappingNode) -> None:
    first: dict[tuple[str, str], int] = {}
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:merge":
            # `<<` lets a later key silently replace a merged one: write the keys out.
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "a merge key '<<' is not allowed here: write the keys out",
                key_node.start_mark,
            )
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        key = (key_node.tag, key_node.value)
        if key in first:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key '{key_node.value}' (first at line {first[key]})",
                key_node.start_mark,
            )
        first[key] = key_node.start_mark.line + 1


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    """A date or time as YAML reads it; one that looks like a date but is none ("2026-02-30",
    "2026-13-01") is a problem with its line, where YAML raised a bare ValueError."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as error:
        raise yaml.constructor.ConstructorError(
            None, None, f"'{node.value}' is not a real date ({error})", node.start_mark
        ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
FAST_LOADER = _Loader
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[misc,valid-type]
    """Mappings in block style (a key a line); lists of plain values on one line each."""


def _represent_mapping(dumper: yaml.SafeDumper, data: dict[object, object]) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=False)


def _represent_list(dumper: yaml.SafeDumper, data: list[object]) -> yaml.Node:
    flat = not any(isinstance(item, dict | list) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flat)


_Dumper.add_representer(dict, _represent_mapping)
_Dumper.add_representer(list, _represent_list)

KeyPath = Sequence[str | int]


@dataclass
class YamlFile:
    """A loaded YAML file that can tell the line of any value in it."""

    path: Path
    shown: str
    text: str
    data: object
    _root: yaml.Node | None = field(default=None, repr=False)

    def line(self, keys: KeyPath) -> int:
        """The 1-based line of the value at `keys` (of the nearest parent that exists)."""
        if self._root is None:
            self._root = yaml.compose(self.text, Loader=_Loader)
        node, line = self._root, 1
        for key in keys:
            found = _child(node, key)
            if found is None:
                break
            line, node = found
        return line

    def problem(self, keys: KeyPath, message: str) -> Problem:
        return Problem(self.shown, self.line(keys), message)


def _child(node: yaml.Node | None, key: str | int) -> tuple[int, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode) and isinstance(key, str):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return key_node.start_mark.line + 1, value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        child = node.value[key]
        return child.start_mark.line + 1, child
    return None


# The indentation of a day file's keys: a paper's under its "- id:", a fix's under "tags:".
_INDENT = {"add": 4, "remove": 4, "tags": 2, "title": 2, "authors": 2, "abstract": 2}
_KEY = re.compile(r"^( *)([A-Za-z_]+):(?: |$)")


def _comment_in_list(line: str) -> bool:
    """A comment ('#' after a space, outside quotes) after a '[' that no ']' closed: one pass
    (a regex took minutes on 800,000 '['). "'C# team'" is no comment."""
    opened, quote, before = False, "", " "
    for char in line:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "[]":
            opened = char == "["
        elif char == "#" and opened and before in " \t[,":
            return True
        before = char
    return False


def syntax_hint(text: str, line: int | None, problem: str | None = None) -> str:
    """What a person most likely got wrong, for the parser's terse message (which often names
    the line after the mistake): a tab in the indentation (when the parser tripped on a tab:
    a block of text may hold them), a key indented as no day file indents it, or a '#' (a
    comment in YAML) inside a list."""
    lines = text.splitlines()[: line or None]
    # libyaml's words for a tab ("tab character", or "cannot start any token" among others)
    tab = any(words in (problem or "") for words in ("tab", "cannot start any token"))
    for number, found in enumerate(lines if tab else (), start=1):
        if "\t" in found[: len(found) - len(found.lstrip())]:
            return f" (line {number} is indented with a tab: YAML indents with spaces)"
    day_file = any(found.startswith("papers:") for found in lines)  # tags.yml nests deeper
    for number, found in enumerate(lines if day_file else (), start=1):
        key = _KEY.match(found)
        if key and key[2] in _INDENT and len(key[1]) != _INDENT[key[2]]:
            spaces = _INDENT[key[2]]
            return f" (line {number}: '{key[2]}:' goes {spaces} spaces in, not {len(key[1])})"
    if line is not None and any(_comment_in_list(found) for found in lines[-3:]):
        return " ('#' starts a comment in YAML: a list of tags holds none)"
    return ""


def load_yaml(path: Path, shown: str) -> YamlFile:
    """Load a YAML file; a syntax error, a duplicate key or a control character becomes a
    Problem naming its line. Raises UnicodeDecodeError for a file that is not UTF-8."""
    _refuse_special(path, shown)
    text = path.read_text(encoding="utf-8")
    try:
        if (line := _too_deep(text)) is not None:
            raise YamlSyntaxError(
                Problem(shown, line, f"YAML nested too deeply (over {MAX_DEPTH})")
            )
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        message = f"YAML syntax: {error.problem}{syntax_hint(text, line, error.problem)}"
        raise YamlSyntaxError(Problem(shown, line, message)) from None
    except yaml.reader.ReaderError as error:  # a control character: no mark, a position
        line = text.count("\n", 0, error.position) + 1
        found = f"U+{error.character:04X}" if isinstance(error.character, int) else "a character"
        message = f"{found} is a control character, not allowed in YAML"
        raise YamlSyntaxError(Problem(shown, line, message)) from None
    except RecursionError:
        raise YamlSyntaxError(Problem(shown, None, "YAML nested too deeply")) from None
    return YamlFile(path, shown, text, data)


# A day file of 50 real papers is about 100 KB; one of 40,000 papers (92 MB) took 24 s and 1 GB
# to check. Past this, a file is refused before it is read, so memory stays bounded.
MAX_FILE_BYTES = 100_000_000


def _refuse_special(path: Path, shown: str) -> None:
    """Only regular files are read: a link may point outside content/ (or at /dev/zero)."""
    if path.is_symlink():
        raise YamlSyntaxError(Problem(shown, None, "a symbolic link: content/ holds files only"))
    problem = file_problem(path, "a content file")
    if problem:
        raise YamlSyntaxError(Problem(shown, None, problem))


def file_problem(path: Path, kind: str) -> str | None:
    """Why `path` is not read (None when it is): only a regular file of bounded size, as a pipe
    would be read for ever, and a device (/dev/zero) or a huge file whole into memory."""
    found = path.stat()
    if not stat.S_ISREG(found.st_mode):
        return "not a regular file"
    if found.st_size > MAX_FILE_BYTES:
        return f"{found.st_size:,} bytes: {kind} is at most {MAX_FILE_BYTES:,}"
    return None


class YamlSyntaxError(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def dump_yaml(data: object) -> str:
    """YAML for people and diffs: keys in the given order, one line per long string."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=1 << 30,
    )
