"""The site's size as GitHub Pages counts it (the tar the publish uploads), and the guard that
stops a publish over the limit before anything is uploaded."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.build.site_size import (
    LIMIT_BYTES,
    SIZE_LIMIT_VARIABLE,
    WARN_BYTES,
    check_site_size,
    measure_site,
    size_limit,
)
from generator.errors import ArchiveError
from generator.mkdocs.plugin import build_site
from tests.conftest import ROOT


def make_tree(site: Path) -> None:
    """Files of awkward sizes and names of 99 to 140 characters (tar's name field holds 100)."""
    for index, size in enumerate((0, 1, 511, 512, 513, 5000, 20_000)):
        path = site / "papers" / f"p{index}" / "index.html"
        path.parent.mkdir(parents=True)
        path.write_bytes(b"x" * size)
    for length in (99, 100, 101, 140):
        name = "n" * (length - len(f"{site.name}/tags/"))
        (site / "tags").mkdir(exist_ok=True)
        (site / "tags" / name).write_bytes(b"y" * 700)
    (site / "index.html").write_bytes(b"z" * 3000)


def test_the_measured_tar_is_the_tar_that_tar_writes(tmp_path: Path) -> None:
    site = tmp_path / "site"
    make_tree(site)
    tar = subprocess.run(
        ["tar", "-cf", "-", site.name], cwd=tmp_path, capture_output=True, check=True
    ).stdout
    size = measure_site(site)
    assert size.tar_bytes == len(tar)
    assert size.files == 12 and size.bytes == sum(
        p.stat().st_size for p in site.rglob("*") if p.is_file()
    )
    assert [name for name, _ in size.folders] == ["papers", "tags", "index.html"]


def test_the_guard_is_quiet_then_warns_then_fails_naming_the_largest_folders(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    make_tree(site)
    size = measure_site(site)
    assert check_site_size(size, warn_bytes=size.tar_bytes, limit_bytes=size.tar_bytes) is None
    warning = check_site_size(size, warn_bytes=size.tar_bytes - 1, limit_bytes=size.tar_bytes)
    assert warning is not None and "largest: papers" in warning
    with pytest.raises(ArchiveError, match=r"over the .* largest: papers .*, tags"):
        check_site_size(size, warn_bytes=1, limit_bytes=size.tar_bytes - 1)


def run_size(site: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator", "size", str(site), "--github"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def grow(site: Path, folder: str, size: int) -> None:
    """A sparse file: as large as GitHub Pages counts it, while taking no disk space."""
    (site / folder).mkdir(parents=True, exist_ok=True)
    with (site / folder / "big.bin").open("wb") as file:
        file.truncate(size)


def test_the_size_command_warns_near_and_fails_over_the_limit(tmp_path: Path) -> None:
    site = tmp_path / "site"
    make_tree(site)
    quiet = run_size(site)
    assert quiet.returncode == 0 and "largest: papers" in quiet.stdout

    grow(site, "search-index", WARN_BYTES)
    near = run_size(site)
    assert near.returncode == 0 and near.stdout.startswith("::warning::")
    assert "largest: search-index 800.0 MB" in near.stdout

    grow(site, "days", LIMIT_BYTES - WARN_BYTES)
    over = run_size(site)
    assert over.returncode == 1 and "over the 1,000.0 MB" in over.stderr
    assert "largest: search-index 800.0 MB, days 200.0 MB, papers" in over.stderr


class _DefaultsLoader(yaml.SafeLoader):
    """mkdocs.yml as a safe loader reads it, `!ENV [NAME, default]` taken as its default."""


_DefaultsLoader.add_constructor(
    "!ENV",
    lambda loader, node: loader.construct_sequence(node)[-1],  # type: ignore[arg-type]
)


@pytest.mark.slow
def test_a_build_over_the_limit_fails_before_anything_is_published(
    fixture_content: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), _DefaultsLoader)
    config["docs_dir"] = str(ROOT / "docs")
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["plugins"] = [{"archive": {"size_limit_bytes": 1_000_000}}]
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    with pytest.raises(ArchiveError, match="mkdocs build failed"):
        build_site(config_file, fixture_content, tmp_path / "site", tmp_path / "pages", True)
    # MkDocs logs the plugin's error, then aborts.
    assert re.search(
        r"archive: the site's tar is .* over the 1.0 MB .*; largest: .*search-index .*papers",
        caplog.text,
    )


# A paper page's bytes around the paper itself (the head, with the title three times and the
# description once; the shared chrome's two scripts; not the paper's citation_* tags, which grow
# with its authors and belong to the paper), and the whole page: at 50,000 papers each KB of a
# paper page is 50 MB of the site. The fixture's pages measure 1.9 KB and 7.9 KB (99th
# percentile); the limit for a page is 10 KB, whatever its authors (site.authors).
CHROME_BUDGET = 2_048
PAGE_BUDGET = 8_192
PAGE_LIMIT = 10_240
# A hostile abstract of 20,000 characters, ten times what arXiv accepts (1,920).
OVERLONG = "2506.90005"


def test_paper_pages_stay_within_their_byte_budget(fixture_site: Path) -> None:
    sizes = {}
    for page in sorted((fixture_site / "papers").glob("*/index.html")):
        html = page.read_bytes()
        start = html.index(b'<article class="pa-paper"')
        end = html.index(b"</article>", start) + len(b"</article>")
        citation = sum(len(tag) for tag in re.findall(rb'<meta name="citation_[^>]*>\n?', html))
        assert len(html) - (end - start) - citation <= CHROME_BUDGET, page
        sizes[page.parent.name] = len(html)
    # All but the few papers with very long abstracts or long author lists.
    assert len(sizes) > 150 and sorted(sizes.values())[len(sizes) * 99 // 100] <= PAGE_BUDGET
    over = {paper_id: size for paper_id, size in sizes.items() if size > PAGE_LIMIT}
    assert over.keys() == {OVERLONG}, over
    # The 300 authors of the hostile paper: thirty on the page, the rest in a file.
    assert sizes["2506.90001"] <= PAGE_LIMIT


def test_the_size_limit_is_the_configured_one_unless_the_bench_lifts_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(SIZE_LIMIT_VARIABLE, raising=False)
    assert size_limit(1_000) == 1_000
    monkeypatch.setenv(SIZE_LIMIT_VARIABLE, "5000")
    assert size_limit(1_000) == 5_000
