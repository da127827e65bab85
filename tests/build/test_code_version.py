"""The render version comes from the code that makes the pages, with no hand-kept list."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build.code_version import GENERATOR, code_version


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("code") / "generator"
    shutil.copytree(GENERATOR, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _rendering_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "site").rglob("*") if p.is_file())


def test_editing_any_template_or_rendering_module_changes_the_version(package_copy: Path) -> None:
    site = package_copy / "site"
    before = code_version(site, package_copy)
    files = _rendering_files(package_copy)
    assert any(p.suffix == ".j2" for p in files) and any(p.name == "bibtex.py" for p in files)
    for path in files:
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        try:
            assert code_version(site, package_copy) != before, path.relative_to(package_copy)
        finally:
            path.write_bytes(original)
    assert code_version(site, package_copy) == before


def _changes_when_edited(root: Path, module: str) -> bool:
    """Whether appending a comment to `module` (under the package copy) changes the version."""
    before = code_version(root / "site", root)
    path = root / module
    original = path.read_bytes()
    path.write_bytes(original + b"\n# edited\n")
    try:
        return code_version(root / "site", root) != before
    finally:
        path.write_bytes(original)


@pytest.mark.parametrize("module", ["text.py", "archive/model.py", "archive/related.py"])
def test_modules_the_rendering_code_imports_count_too(package_copy: Path, module: str) -> None:
    assert _changes_when_edited(package_copy, module)


def test_code_the_pages_do_not_use_leaves_the_version_alone(package_copy: Path) -> None:
    assert not _changes_when_edited(package_copy, "content/fetch.py")


def test_a_new_template_counts_as_soon_as_it_exists(package_copy: Path) -> None:
    site = package_copy / "site"
    before = code_version(site, package_copy)
    new = site / "templates" / "new.md.j2"
    new.write_text("{{ title }}\n")
    try:
        assert code_version(site, package_copy) != before
    finally:
        new.unlink()
