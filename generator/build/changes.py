"""What a build must redo: pages whose fingerprint moved since the last build (or whose file is
gone), and pages the last build made that this one does not."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from generator.build.state import STATE_DIR, BuildState
from generator.site import search, urls
from generator.site.pages import PageGroup, PageJob
from generator.site.papers import PaperPage
from generator.write import remove_stale


def changed_pages(
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


# A page group's record: its fingerprint and its pages (then, once written, its folder's time).
Listed = dict[str, tuple[bytes, tuple[str, ...]]]


def group_pages(
    pages_dir: Path,
    state: BuildState,
    groups: list[PageGroup],
    base: bytes,
    pages: dict[str, bytes],
) -> tuple[list[PageJob], Listed]:
    """The jobs of the page groups that changed since the last build (their fingerprints join
    `pages`, as do the last build's for the groups that did not), and every group's record."""
    jobs: list[PageJob] = []
    listed: Listed = {}
    for group in groups:
        fingerprint = group.fingerprint(base)
        kept = _kept_group(pages_dir, state, group.folder, fingerprint)
        if kept is None:
            found = group.jobs()
            jobs += found
            kept = {job.path: job.fingerprint(base) for job in found}
        pages.update(kept)
        listed[group.folder] = (fingerprint, tuple(kept))
    return jobs, listed


def _kept_group(
    pages_dir: Path, state: BuildState, folder: str, fingerprint: bytes
) -> dict[str, bytes] | None:
    """The last build's fingerprints of a group's pages, if its key is the same and its folder
    has had no file added or removed since (a file a build was stopped before writing is not
    in the state's pages)."""
    record = state.groups.get(folder)
    if record is None or record[0] != fingerprint or record[1] != _modified(pages_dir / folder):
        return None
    try:
        return {path: state.pages[path] for path in record[2]}
    except KeyError:
        return None


def group_times(pages_dir: Path, listed: Listed) -> dict[str, tuple[bytes, int, tuple[str, ...]]]:
    """The groups' records with their folders' times, once written."""
    return {
        folder: (fingerprint, _modified(pages_dir / folder), paths)
        for folder, (fingerprint, paths) in listed.items()
    }


def changed_papers(
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


def folder_times(pages_dir: Path, shards: Iterable[str]) -> dict[str, int]:
    """The modification times of the folders of paper pages and search documents."""
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


def remove_old_pages(
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
