"""The generation pipeline: content in, generated Markdown pages out (no MkDocs here).

`generate` reads as its stages: load the last build's state, read and check the content, start
related papers beside tagging, fingerprint every page, render and write what changed, remove what
is gone, save the state. Only pages whose inputs changed since the last build are rendered and
written (see build.state); a full build renders on all cores.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import jinja2

from generator.archive.check import checked_content
from generator.archive.derive import build_archive
from generator.archive.model import Day
from generator.archive.related import RelatedLists, fresh_state, related_papers
from generator.build import changes
from generator.build.code_version import render_version
from generator.build.state import STATE_DIR, BuildState, load_related, paused_gc, save_related
from generator.hashes import digest
from generator.parallel import Background, parallel_map
from generator.site import search
from generator.site.families import page_work
from generator.site.options import SiteOptions
from generator.site.pages import PageJob, split_front_matter
from generator.site.papers import PaperPages
from generator.site.renderer import Fragments, Site
from generator.write import WriteReport, write_if_changed


@dataclass(frozen=True)
class Generated:
    report: WriteReport
    # The search index's shards (site.search.shard_of), and the years papers were first listed
    # in (a sitemap each).
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


def generate(
    content: Path,
    pages_dir: Path,
    options: SiteOptions,
    idle_fixes: bool = False,
    last: BuildState | None = None,
) -> Generated:
    """Render the site from `content` into `pages_dir`, rendering only what changed (with
    `idle_fixes`, a tag fix that changes nothing is a problem too, as in `check`). `last` is
    the state saved in `pages_dir` if the caller loaded it already (and read content through
    it: the day files it read are not read again)."""
    clock = _Stopwatch()
    state_dir = state_folder(pages_dir)
    with paused_gc():
        state = BuildState.load(state_dir) if last is None else last
        clock.lap("load state")
        checked = checked_content(content, state, idle_fixes)
        # Related papers need no tags, and only the papers' own pages show them: they are
        # computed in another process beside tagging and comparing the rest.
        related = Background(partial(_related_papers, checked.days, state_dir))
        archive = build_archive(checked.days, checked.tagger, state)
        clock.lap("read and tag")
        base = digest((render_version(), options, tuple(archive.tags.values())))
        # Fragments show tag names and absolute links too: they last as long as `base`.
        carried = state.carried_for(base)
        site = Site(archive, options, state.fragments_for(base), _templates(state_dir), carried)
        jobs, groups = page_work(site)
        pages = {job.path: job.fingerprint(base) for job in jobs}
        grouped, listed = changes.group_pages(pages_dir, state, groups, base, pages)
        todo = changes.changed_pages(pages_dir, state, [*jobs, *grouped], pages)
        clock.lap("fingerprint and compare pages")
        paper_pages = PaperPages(site, related.result())
        clock.lap("related papers (the rest of)")
        papers = paper_pages.pages()
        shards = sorted({shard for _, shard in papers.values()})
        changed = changes.changed_papers(pages_dir, state, papers, shards, base)
        todo += [paper_pages.job(archive.papers[paper_id]) for paper_id in changed]
        clock.lap("fingerprint and compare papers")
        state.begin_writing({job.path for job in todo}, set(changed))
        wrote = _render_and_write(site, pages_dir, todo)
        removed = changes.remove_old_pages(pages_dir, state, pages, papers)
        clock.lap("render and write")
        related.finish()  # its state saved
        state.keep_fragments(site.fragments, site.hot_versions(), site.hot_fragments)
        # What a family did not work out again (a page group kept) stands as it was: each
        # family checks what it finds before using it.
        state.keep_carried({**carried, **site.carry})
        state.set_pages(pages, papers, base)
        state.set_folder_times(changes.folder_times(pages_dir, shards))
        state.set_groups(changes.group_times(pages_dir, listed))
        state.save()
        clock.lap("save state")
    report = WriteReport(tuple(sorted(wrote)), len(pages) + len(papers) - len(wrote), removed)
    years = sorted({shard.split("-")[0] for shard in shards})
    return Generated(report, tuple(shards), tuple(years), clock.phases)


def state_folder(pages_dir: Path) -> Path:
    """Where a build keeps what it knows (build.state), beside the pages it generated."""
    return pages_dir / STATE_DIR


def _templates(state_dir: Path) -> jinja2.BytecodeCache:
    """Compiling the templates costs 0.2 s a process: a build keeps them compiled."""
    folder = state_dir / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


def _related_papers(
    days: Sequence[Day], state_dir: Path, answer: Callable[[RelatedLists], None]
) -> None:
    """Related papers from the last build's state, which is then updated and saved."""
    state = fresh_state(load_related(state_dir))
    answer(related_papers(days, state))
    if state.changed:
        save_related(state_dir, state)


def _render_and_write(site: Site, pages_dir: Path, todo: list[PageJob]) -> list[str]:
    """Render and write the pages of `todo` (on both cores from a hundred pages on: forking a
    worker costs less than 50 pages); the paths of those whose bytes changed."""
    results = parallel_map(
        partial(_write_page, site, pages_dir), todo, minimum=100, label="rendering"
    )
    for _, fragments in results:
        site.fragments.update(fragments)
    return [job.path for job, (wrote, _) in zip(todo, results, strict=True) if wrote]


def _write_page(site: Site, pages_dir: Path, job: PageJob) -> tuple[bool, Fragments]:
    """Write one page (and a paper's search document); also hand back the paper fragments
    rendered for it (from a worker process, they reach the build state only this way)."""
    text = site.render(job)
    wrote = write_if_changed(pages_dir / job.path, text)
    if job.search_document is not None:
        parts = split_front_matter(text)
        body = parts[1] if parts else text
        extra = job.search_extra() if job.search_extra else ""
        write_if_changed(pages_dir / job.search_document, search.document(body, extra))
    return wrote, site.take_new_fragments()
