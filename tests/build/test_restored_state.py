"""The daily publish restores the last run's pages folder (build state included) from a cache:
whatever it restores, a build from it must give the site a build from nothing gives."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build.search_index import KEPT
from generator.build.state import STATE_DIR
from generator.content.importer import import_listings
from generator.mkdocs.plugin import build_site
from generator.site.search import BUNDLES, DOCUMENTS
from tests.conftest import HOSTILE, ROOT, make_fixture_content

pytestmark = pytest.mark.slow

# Pagefind writes these in a different order on every run over the same pages (upstream:
# github.com/Pagefind/pagefind/issues/638); every other file must be byte-identical.
UNSTABLE = (".pf_filter", ".pf_meta", "pagefind-entry.json")


def site_files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and not path.name.endswith(UNSTABLE)
    }


def build(content: Path, pages: Path, out: Path) -> dict[str, bytes]:
    build_site(ROOT / "mkdocs.yml", content, out, pages, strict=True)
    return site_files(out)


@pytest.fixture(scope="module")
def today(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_fixture_content(tmp_path_factory.mktemp("today") / "content")


@pytest.fixture(scope="module")
def yesterday_pages(today: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pages folder that the run before today's left: the archive without its newest day."""
    work = tmp_path_factory.mktemp("yesterday")
    content = Path(shutil.copytree(today, work / "content"))
    max((content / "days").rglob("*.yml")).unlink()
    build(content, work / "pages", work / "site")
    return work / "pages"


@pytest.fixture(scope="module")
def from_nothing(today: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    work = tmp_path_factory.mktemp("from-nothing")
    return build(today, work / "pages", work / "site")


def stamps(pages: Path) -> dict[str, int]:
    return {
        path.relative_to(pages).as_posix(): path.stat().st_mtime_ns
        for path in (pages / "papers").iterdir()
    }


def state_files(pages: Path) -> list[Path]:
    return sorted(path for path in (pages / STATE_DIR).rglob("*") if path.is_file())


def truncate(pages: Path) -> None:
    for path in state_files(pages):
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def garble(pages: Path) -> None:
    for path in state_files(pages):
        data = bytearray(path.read_bytes())
        for index in range(0, len(data), 97):  # still the right length, wrong bytes
            data[index] ^= 0x5A
        path.write_bytes(bytes(data))


def garble_search_bundles(pages: Path) -> None:
    """The kept search bundles damaged, their fingerprints intact."""
    for path in (pages / STATE_DIR / KEPT).rglob("*.pf_*"):
        path.write_bytes(path.read_bytes()[::-1])


def lose_search_bundle_files(pages: Path) -> None:
    """A file gone from every kept search bundle (a cache restored in part), fingerprints
    intact: the fingerprints list the files and their sizes and times, not only the inputs."""
    for bundle in (pages / STATE_DIR / KEPT).iterdir():
        next(bundle.rglob("*.pf_fragment")).unlink()


def lose_files(pages: Path) -> None:
    """Some of the state, a generated page, a search document and a page's folder gone."""
    for path in state_files(pages)[::2]:
        path.unlink()
    next((pages / "papers").iterdir()).unlink()
    next((pages / DOCUMENTS).rglob("*.html")).unlink()
    shutil.rmtree(pages / "tags")


def other_content(pages: Path) -> None:
    """The state of another archive (the hostile day alone) in place of this one's."""
    other = make_fixture_content_of([HOSTILE], pages.parent / "other")
    shutil.rmtree(pages)
    build(other, pages, pages.parent / "other-site")


def make_fixture_content_of(sources: list[Path], content: Path) -> Path:
    content.mkdir(parents=True)
    shutil.copy(ROOT / "content" / "tags.yml", content / "tags.yml")
    import_listings(content, sources, None)
    return content


def keep(pages: Path) -> None:
    """The cache restored as the last run saved it."""


@pytest.mark.parametrize(
    "damage",
    [
        keep,
        truncate,
        garble,
        garble_search_bundles,
        lose_search_bundle_files,
        lose_files,
        other_content,
    ],
)
def test_a_build_from_a_restored_state_equals_a_build_from_nothing(
    damage: Callable[[Path], None],
    today: Path,
    yesterday_pages: Path,
    from_nothing: dict[str, bytes],
    tmp_path: Path,
) -> None:
    pages = Path(shutil.copytree(yesterday_pages, tmp_path / "pages"))
    damage(pages)
    before = stamps(pages)
    started = time.time()
    built = build(today, pages, tmp_path / "site")
    if damage is keep:  # the state was used: yesterday's pages were not written again, and
        # the quarters without the new day kept their search bundles (copied with their times)
        assert len(before.items() & stamps(pages).items()) > len(before) // 2
        entries = (tmp_path / "site" / BUNDLES).glob("*/pagefind-entry.json")
        assert sum(entry.stat().st_mtime < started for entry in entries) >= 2
        # and were linked into the site, not copied (the same files as the kept ones)
        kept = pages / STATE_DIR / KEPT
        linked = [
            path.samefile(kept / path.relative_to(tmp_path / "site" / BUNDLES))
            for path in (tmp_path / "site" / BUNDLES).rglob("*.pf_fragment")
        ]
        assert linked and all(linked)
    assert built.keys() == from_nothing.keys()
    assert [path for path in built if built[path] != from_nothing[path]] == []
