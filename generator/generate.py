"""The generation pipeline: content in, generated Markdown pages out (no MkDocs here)."""

from __future__ import annotations

from pathlib import Path

from generator.archive import build_archive
from generator.model import Archive, Day
from generator.render import SiteOptions, render_site
from generator.store import load_days
from generator.tagging import KeywordTagger, RuleTagger, Tagger
from generator.taxonomy import load_taxonomy
from generator.write import WriteReport, write_tree


def load_archive(content: Path) -> Archive:
    """Read and check every day file, then derive the archive; nothing is written."""
    return load_archive_and_tagger(content)[0]


def load_archive_and_tagger(content: Path) -> tuple[Archive, Tagger]:
    days = load_days(content)
    tagger = make_tagger(content, days)
    return build_archive(days, tagger), tagger


def make_tagger(content: Path, days: list[Day]) -> Tagger:
    """The vocabulary's rules; without `tags.yml`, tags come from the source's keywords."""
    taxonomy = load_taxonomy(content)
    if taxonomy is None:
        return KeywordTagger(listing for day in days for listing in day.papers)
    return RuleTagger(taxonomy)


def generate(content: Path, pages_dir: Path, options: SiteOptions) -> WriteReport:
    """Render the whole site from `content` into `pages_dir`, writing only what changed."""
    archive = load_archive(content)
    return write_tree(pages_dir, render_site(archive, options))
