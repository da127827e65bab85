"""The generation pipeline: content in, generated Markdown pages out (no MkDocs here)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import urls
from generator.archive import build_archive
from generator.errors import ContentError
from generator.model import Archive
from generator.render import SiteOptions, render_site
from generator.tagging import Tagger
from generator.validate import check_content
from generator.write import WriteReport, write_tree


def load_archive(content: Path) -> Archive:
    """Read and check every file, then derive the archive; nothing is written."""
    return load_archive_and_tagger(content)[0]


def load_archive_and_tagger(content: Path) -> tuple[Archive, Tagger]:
    checked = check_content(content)
    if checked.problems:
        raise ContentError(checked.problems)
    return build_archive(checked.days, checked.tagger), checked.tagger


@dataclass(frozen=True)
class Generated:
    report: WriteReport
    # Paper pages by the year they were first listed: the search index's shards.
    shards: dict[str, tuple[str, ...]]


def generate(content: Path, pages_dir: Path, options: SiteOptions) -> Generated:
    """Render the whole site from `content` into `pages_dir`, writing only what changed."""
    archive = load_archive(content)
    report = write_tree(pages_dir, render_site(archive, options))
    return Generated(report, search_shards(archive))


def search_shards(archive: Archive) -> dict[str, tuple[str, ...]]:
    shards: dict[str, list[str]] = {}
    for paper in archive.papers.values():
        shards.setdefault(str(paper.first_day.year), []).append(urls.paper_page(paper.id))
    return {year: tuple(sorted(pages)) for year, pages in sorted(shards.items())}
