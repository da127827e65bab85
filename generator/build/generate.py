"""The generation pipeline: content in, generated Markdown pages out (no MkDocs here).

Only pages whose inputs changed since the last build are rendered and written (see
generator.build.state); a full build renders on all cores.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from generator.archive.check import checked_content
from generator.archive.derive import build_archive
from generator.archive.model import Archive, Day
from generator.archive.related import RelatedLists, fresh_state, related_papers
from generator.archive.tagging import Tagger
from generator.build.state import (
    BuildState,
    PaperPage,
    digest,
    load_related,
    paused_gc,
    save_related,
)
from generator.parallel import Background, parallel_map
from generator.site import search, urls
from generator.site.render import PageJob, Renderer, SiteOptions, render_version
from generator.write import WriteReport, remove_stale, write_if_changed

STATE_DIR = ".state"
FRONT_MATTER_END = "\n---\n"


def load_archive(content: Path, state: BuildState | None = None) -> Archive:
    """Read and check every file, then derive the archive; nothing is written."""
    return load_archive_and_tagger(content, state)[0]


def load_archive_and_tagger(
    content: Path, state: BuildState | None = None
) -> tuple[Archive, Tagger]:
    checked = checked_content(content, state)
    return build_archive(checked.days, checked.tagger, state), checked.tagger


@dataclass(frozen=True)
class Generated:
    report: WriteReport
    # The search index's shards (generator.site.search.shard_of), and the years papers were first
    # listed in (a sitemap each).
    shards: tuple[str, ...]
    years: tuple[str, ...]
    # Seconds spent in each phase, for benchmarks and the curious.
    phases: dict[str, float] = field(default_factory=dict)


class _Stopwatch:
    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases[phase] = round(now - self._last, 3)
        self._last = now


def generate(content: Path, pages_dir: Path, options: SiteOptions) -> Generated:
    """Render the site from `content` into `pages_dir`, rendering only what changed."""
    clock = _Stopwatch()
    with paused_gc():
        state = BuildState.load(pages_dir / STATE_DIR)
        clock.lap("load state")
        checked = checked_content(content, state)
        # Related papers need no tags, and only the papers' own pages show them: they are
        # computed beside tagging and comparing the rest.
        related = Background(partial(_related_papers, checked.days, pages_dir / STATE_DIR))
        archive = build_archive(checked.days, checked.tagger, state)
        clock.lap("read and tag")
        renderer = Renderer(archive, options, pages_dir / STATE_DIR / "templates")
        base = digest((render_version(), options, tuple(archive.tags.values())))
        # Fragments show tag names and absolute links too: they last as long as `base`.
        renderer.fragments = state.fragments_for(base)
        jobs = renderer.page_jobs()
        pages = {job.path: job.fingerprint(base) for job in jobs}
        todo = _changed_pages(pages_dir, state, jobs, pages)
        clock.lap("fingerprint and compare pages")
        renderer.related = related.result()
        clock.lap("related papers (the rest of)")
        papers = renderer.paper_pages()
        shards = sorted({shard for _, shard in papers.values()})
        changed_papers = _changed_papers(pages_dir, state, papers, shards, base)
        todo += [renderer.paper(archive.papers[paper_id]) for paper_id in changed_papers]
        clock.lap("fingerprint and compare papers")
        render = partial(_render_and_write, renderer, pages_dir)
        # Both cores from a hundred pages on: forking a worker costs less than 50 pages.
        results = parallel_map(render, todo, minimum=100, label="rendering")
        for _, fragments in results:
            renderer.fragments.update(fragments)
        removed = _remove_old_pages(pages_dir, state, pages, papers)
        clock.lap("render and write")
        related.finish()  # its state saved
        state.keep_fragments(renderer.fragments, renderer.hot_versions())
        state.set_pages(pages, papers, base)
        state.set_folder_times(_folder_times(pages_dir, shards))
        state.save()
        clock.lap("save state")
    written = [job.path for job, (wrote, _) in zip(todo, results, strict=True) if wrote]
    report = WriteReport(tuple(sorted(written)), len(pages) + len(papers) - len(written), removed)
    years = sorted({shard.split("-")[0] for shard in shards})
    return Generated(report, tuple(shards), tuple(years), clock.phases)


def _related_papers(
    days: Sequence[Day], state_dir: Path, answer: Callable[[RelatedLists], None]
) -> None:
    """Related papers from the last build's state, which is then updated and saved."""
    state = fresh_state(load_related(state_dir))
    answer(related_papers(days, state))
    if state.changed:
        save_related(state_dir, state)


def _changed_pages(
    pages_dir: Path, state: BuildState, jobs: list[PageJob], pages: dict[str, bytes]
) -> list[PageJob]:
    """Pages whose fingerprint changed since the last build, or whose file is gone."""
    root = str(pages_dir)
    exists = os.path.isfile  # not Path.is_file: a Path object a page costs seconds
    return [
        job
        for job in jobs
        if state.pages.get(job.path) != pages[job.path] or not exists(f"{root}/{job.path}")
    ]


def _changed_papers(
    pages_dir: Path,
    state: BuildState,
    papers: dict[str, PaperPage],
    shards: Iterable[str],
    base: bytes,
) -> list[str]:
    """Papers whose page changed since the last build, or whose page or document is gone.

    Set operations on whole dictionaries, and a folder is listed only if its modification time
    moved since the last build ended (a file was added or removed): at 50,000 papers, a loop a
    paper, let alone a file check a paper, would cost a large part of a one-day build.
    """
    old = state.papers if state.paper_base == base else {}
    changed = {paper_id for paper_id, _ in papers.items() - old.items()}
    for folder, shard in _paper_folders(pages_dir, shards):
        if state.folder_times.get(str(folder)) != _modified(folder):
            ids = papers.keys() if shard is None else _papers_of_shard(papers, shard)
            changed |= _missing(ids, folder, ".md" if shard is None else "")
    return [paper_id for paper_id in papers if paper_id in changed]


def _papers_of_shard(papers: dict[str, PaperPage], shard: str) -> list[str]:
    return [paper_id for paper_id, (_, in_shard) in papers.items() if in_shard == shard]


def _paper_folders(pages_dir: Path, shards: Iterable[str]) -> Iterator[tuple[Path, str | None]]:
    """The folder of paper pages (shard None), and of each shard's search documents."""
    yield pages_dir / "papers", None
    for shard in shards:
        yield pages_dir / search.DOCUMENTS / shard / "papers", shard


def _folder_times(pages_dir: Path, shards: Iterable[str]) -> dict[str, int]:
    return {str(folder): _modified(folder) for folder, _ in _paper_folders(pages_dir, shards)}


def _modified(folder: Path) -> int:
    try:
        return os.stat(folder).st_mtime_ns  # noqa: PTH116 - one call, no Path object
    except FileNotFoundError:
        return -1


def _missing(ids: Iterable[str], folder: Path, suffix: str) -> set[str]:
    """The ids whose file (named after the id) is not in `folder`."""
    present = {name.removesuffix(suffix) for name in _names(folder)}
    # An id is its own file name unless it holds unsafe characters (see urls.paper_name).
    unsure = set(ids) - present
    return {paper_id for paper_id in unsure if urls.paper_name(paper_id) not in present}


def _names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)  # noqa: PTH208 - names only, no Path objects
    except FileNotFoundError:
        return []


def _remove_old_pages(
    pages_dir: Path, state: BuildState, pages: dict[str, bytes], papers: dict[str, PaperPage]
) -> tuple[str, ...]:
    """Pages the last build made and this one does not; every stray file on a first build."""
    if not state.pages:
        wanted = [*pages]
        for paper_id, (_, shard) in papers.items():
            wanted += [urls.paper_page(paper_id), search.document_path(shard, paper_id)]
        return remove_stale(pages_dir, wanted, keep={STATE_DIR})
    old = set(state.pages) - set(pages)
    for paper_id, (_, shard) in state.papers.items():
        if paper_id not in papers:
            old |= {urls.paper_page(paper_id), search.document_path(shard, paper_id)}
        elif papers[paper_id][1] != shard:
            old.add(search.document_path(shard, paper_id))
    for path in old:
        (pages_dir / path).unlink(missing_ok=True)
    for folder in sorted({(pages_dir / path).parent for path in old}, reverse=True):
        with contextlib.suppress(OSError):  # not empty: other pages live there
            folder.rmdir()
    return tuple(sorted(old))


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
