"""What some page families cost a full build, measured part by part on a `bench build` work
folder instead of as the difference of two whole builds:

    python -m generator.bench.families_share bench/50000 top titles tag_top

Two `site` builds minutes apart differ by 10% on this machine, more than the few percent in
question. So this times, in one process and back to back, the work the families add to a build
from nothing: listing their jobs and rendering every page they have (generate() does both), and
the files MkDocs then copies (their JSON files) or fills into a shell (their Markdown pages, at
the rate the build's log gives). Their pages add no search documents. The archive is read and
tagged through the folder's build state, as a build would, and is not timed.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from generator.archive.check import checked_content
from generator.archive.derive import build_archive
from generator.build.generate import state_folder
from generator.build.state import BuildState
from generator.site import families
from generator.site.options import SiteOptions
from generator.site.pages import PageJob
from generator.site.renderer import Site

ROUNDS = 3
# The shells' rate in a full build's log at 50,000 papers ("52557 pages filled into 9 shells in
# 19.9 s", two workers): what one more filled page costs.
FILL_SECONDS_A_PAGE = 19.9 / 52_557


def family_jobs(site: Site, name: str) -> list[PageJob]:
    module = getattr(families, name)
    if module in families.GROUPED:
        return [job for group in module.groups(site) for job in group.jobs()]
    return list(module.jobs(site))


def main(work: Path, names: list[str]) -> None:
    state = BuildState.load(state_folder(work / "pages"))
    checked = checked_content(work / "content", state)
    archive = build_archive(checked.days, checked.tagger, state)
    print("| family | jobs | listing (s) | rendering (s) | MkDocs: copy or fill (s) |")
    print("|---|---|---|---|---|")
    total = 0.0
    for name in names:
        listed, rendered, handled, count = [], [], [], 0
        for _ in range(ROUNDS):
            site = Site(archive, SiteOptions())  # from nothing: no fragments, nothing carried
            start = time.perf_counter()
            jobs = family_jobs(site, name)
            listed.append(time.perf_counter() - start)
            start = time.perf_counter()
            texts = {job.path: site.render(job) for job in jobs}
            rendered.append(time.perf_counter() - start)
            handled.append(_mkdocs_share(texts))
            count = len(jobs)
        parts = [min(listed), min(rendered), min(handled)]
        total += sum(parts)
        print(f"| {name} | {count:,} | " + " | ".join(f"{p:.2f}" for p in parts) + " |")
    print(f"\nall: {total:.2f} s of work (fastest of {ROUNDS} rounds each, on one core)")


def _mkdocs_share(texts: dict[str, str]) -> float:
    """MkDocs' part: a Markdown page is filled into a shell, any other file copied as it is."""
    files = [path for path in texts if not path.endswith(".md")]
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "docs", Path(folder) / "site"
        for path in files:
            (source / path).parent.mkdir(parents=True, exist_ok=True)
            (source / path).write_text(texts[path], encoding="utf-8")
        start = time.perf_counter()
        for path in files:
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / path, out / path)
        copied = time.perf_counter() - start
    return copied + (len(texts) - len(files)) * FILL_SECONDS_A_PAGE


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
