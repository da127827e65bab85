"""The generation pipeline: content in, generated Markdown pages out (no MkDocs here)."""

from __future__ import annotations

from pathlib import Path

from generator.archive import build_archive
from generator.model import Archive
from generator.render import SiteOptions, render_site
from generator.store import load_days
from generator.tagging import KeywordTagger
from generator.write import WriteReport, write_tree


def load_archive(content: Path) -> Archive:
    """Read and check every day file, then derive the archive; nothing is written."""
    days = load_days(content)
    tagger = KeywordTagger(listing for day in days for listing in day.papers)
    return build_archive(days, tagger)


def generate(content: Path, pages_dir: Path, options: SiteOptions) -> WriteReport:
    """Render the whole site from `content` into `pages_dir`, writing only what changed."""
    archive = load_archive(content)
    return write_tree(pages_dir, render_site(archive, options))
