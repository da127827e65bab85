"""The publish workflow's build job, installs included, on a `bench build` work folder:

    python -m generator.bench.publish_job bench/50000

A fresh clone of this checkout gets the bench's content and one more day; the last build's
pages folder (its state) is copied to `.cache/pages` as actions/cache restores it; then the
job's steps run as the workflow runs them: `make site` (a new virtualenv, pip from its local
cache as setup-python's pip cache gives it, the strict build), the size check and the tar
upload-pages-artifact makes. Each step's wall time is printed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.bench.build import next_day
from generator.bench.synth import ROOT, load_corpus
from generator.content.store import save_day


def _timed(label: str, command: list[str], cwd: Path, times: dict[str, float]) -> None:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    times[label] = time.perf_counter() - start


def main(work: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="publish-job-") as folder:
        clone = Path(folder) / "archive"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        shutil.rmtree(clone / "content")
        shutil.copytree(work / "content", clone / "content")
        save_day(clone / "content", next_day(clone / "content", load_corpus()))
        times: dict[str, float] = {}
        start = time.perf_counter()
        shutil.copytree(work / "pages", clone / ".cache" / "pages", symlinks=True)
        times["restore the state (a copy)"] = time.perf_counter() - start
        # The workflow's setup-python puts Python 3.11 first on the PATH as `python`.
        make = ["make", "site", "PYTHON=python3.11"]
        _timed("make site (venv, pip, build)", make, clone, times)
        size = [".venv/bin/python", "-m", "generator", "size", "site", "--github"]
        _timed("size check", size, clone, times)
        artifact = str(Path(folder) / "artifact.tar")
        tar = ["tar", "--dereference", "--hard-dereference", "--directory", "site", "-cf",
               artifact, "--exclude=.git", "--exclude=.github", "."]  # fmt: skip
        _timed("artifact tar", tar, clone, times)
    print("| step | seconds |\n|---|---|")
    for label, seconds in times.items():
        print(f"| {label} | {seconds:.1f} |")
    print(f"| the job, all | {sum(times.values()):.1f} |")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
