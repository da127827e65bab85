"""The generation pipeline: content in, generated Markdown pages out (no MkDocs here).

Only pages whose inputs changed since the last build are rendered and written (see
generator.buildstate); a full build renders on all cores.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from generator import urls
from generator.archive import build_archive
from generator.buildstate import BuildState, digest
from generator.errors import ContentError
from generator.model import Archive
from generator.parallel import parallel_map
from generator.render import PageJob, Renderer, SiteOptions, render_version
from generator.tagging import Tagger
from generator.validate import check_content
from generator.write import WriteReport, remove_stale, write_if_changed

STATE_DIR = ".state"


def load_archive(content: Path, state: BuildState | None = None) -> Archive:
    """Read and check every file, then derive the archive; nothing is written."""
    return load_archive_and_tagger(content, state)[0]


def load_archive_and_tagger(
    content: Path, state: BuildState | None = None
) -> tuple[Archive, Tagger]:
    checked = check_content(content, state)
    if checked.problems:
        raise ContentError(checked.problems)
    return build_archive(checked.days, checked.tagger, state), checked.tagger


@dataclass(frozen=True)
class Generated:
    report: WriteReport
    # Paper pages by the year they were first listed: the search index's shards.
    shards: dict[str, tuple[str, ...]]


def generate(content: Path, pages_dir: Path, options: SiteOptions) -> Generated:
    """Render the site from `content` into `pages_dir`, rendering only what changed."""
    state = BuildState.load(pages_dir / STATE_DIR)
    archive = load_archive(content, state)
    renderer = Renderer(archive, options)
    jobs = renderer.jobs()
    fingerprints = page_fingerprints(renderer, jobs)
    todo = [
        job
        for job in jobs
        if state.pages.get(job.path) != fingerprints[job.path]
        or not (pages_dir / job.path).is_file()
    ]
    written = parallel_map(partial(_render_and_write, renderer, pages_dir), todo, minimum=1500)
    removed = remove_stale(pages_dir, fingerprints.keys(), keep={STATE_DIR})
    state.set_pages(fingerprints)
    state.save()
    changed = tuple(sorted(job.path for job, wrote in zip(todo, written, strict=True) if wrote))
    report = WriteReport(changed, len(jobs) - len(changed), removed)
    return Generated(report, search_shards(archive))


def page_fingerprints(renderer: Renderer, jobs: list[PageJob]) -> dict[str, bytes]:
    """A hash of everything each page's text depends on: its inputs, the templates, options."""
    base = digest((render_version(), renderer.options, tuple(renderer.archive.tags.values())))
    return {job.path: job.fingerprint(base) for job in jobs}


def _render_and_write(renderer: Renderer, pages_dir: Path, job: PageJob) -> bool:
    return write_if_changed(pages_dir / job.path, renderer.render_job(job))


def search_shards(archive: Archive) -> dict[str, tuple[str, ...]]:
    shards: dict[str, list[str]] = {}
    for paper in archive.papers.values():
        shards.setdefault(str(paper.first_day.year), []).append(urls.paper_page(paper.id))
    return {year: tuple(sorted(pages)) for year, pages in sorted(shards.items())}
