"""The generation pipeline: content in, generated Markdown pages out (no MkDocs here).

Only pages whose inputs changed since the last build are rendered and written (see
generator.buildstate); a full build renders on all cores.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from generator import search, urls
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
FRONT_MATTER_END = "\n---\n"


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
    renderer.fragments = state.fragments_for(render_version(), renderer.versions())
    root = str(pages_dir)
    for job in jobs:
        if job.search_document is not None:
            fingerprints[job.search_document] = fingerprints[job.path]
    todo = [
        job
        for job in jobs
        if state.pages.get(job.path) != fingerprints[job.path]
        or not os.path.isfile(f"{root}/{job.path}")  # noqa: PTH113 - a Path a page costs seconds
    ]
    results = parallel_map(partial(_render_and_write, renderer, pages_dir), todo, minimum=1500)
    written = [wrote for wrote, _ in results]
    for _, fragments in results:
        state.remember_fragments(fragments)
    removed = _remove_old_pages(pages_dir, state, fingerprints)
    state.set_pages(fingerprints)
    state.save()
    changed = tuple(sorted(job.path for job, wrote in zip(todo, written, strict=True) if wrote))
    report = WriteReport(changed, len(jobs) - len(changed), removed)
    return Generated(report, search_shards(archive))


def _remove_old_pages(
    pages_dir: Path, state: BuildState, pages: dict[str, bytes]
) -> tuple[str, ...]:
    """Pages the last build made and this one does not; every stray file on a first build."""
    if not state.pages:
        return remove_stale(pages_dir, pages.keys(), keep={STATE_DIR})
    old = sorted(set(state.pages) - set(pages))
    for path in old:
        (pages_dir / path).unlink(missing_ok=True)
    return tuple(old)


def page_fingerprints(renderer: Renderer, jobs: list[PageJob]) -> dict[str, bytes]:
    """A hash of everything each page's text depends on: its inputs, the templates, options."""
    base = digest((render_version(), renderer.options, tuple(renderer.archive.tags.values())))
    return {job.path: job.fingerprint(base) for job in jobs}


def _render_and_write(
    renderer: Renderer, pages_dir: Path, job: PageJob
) -> tuple[bool, dict[tuple[bytes, str], str]]:
    """Write one page (and a paper's search document); also hand back the paper fragments
    rendered for it (from a worker process, they reach the build state only this way)."""
    text = renderer.render_job(job)
    wrote = write_if_changed(pages_dir / job.path, text)
    if job.search_document is not None:
        body = text[text.index(FRONT_MATTER_END, 3) + len(FRONT_MATTER_END) :]
        write_if_changed(pages_dir / job.search_document, search.document(body))
    fragments, renderer.new_fragments = renderer.new_fragments, {}
    return wrote, fragments


def search_shards(archive: Archive) -> dict[str, tuple[str, ...]]:
    shards: dict[str, list[str]] = {}
    for paper in archive.papers.values():
        shards.setdefault(str(paper.first_day.year), []).append(urls.paper_page(paper.id))
    return {year: tuple(sorted(pages)) for year, pages in sorted(shards.items())}
