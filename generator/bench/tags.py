"""`bench tags`: what tagging costs (the rules checked by the learned model): one new day of 50
papers in a fresh process (the daily build's case: the patterns its papers trigger compile first,
the model comes from its cache), the whole archive on all cores, and training the model from the
labels when its cache is cold.

Tagging a paper reads only that paper, so the archive's size changes only the full retag.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from generator.archive.tagging import RuleTagger
from generator.archive.taxonomy import load_taxonomy
from generator.archive.training import tagger_for, trained_model
from generator.bench.synth import load_corpus, synthesize
from generator.parallel import parallel_map

ROOT = Path(__file__).resolve().parents[2]
DAY = 50
# A fresh interpreter tags one day: imports and the taxonomy load are timed apart.
_ONE_DAY = """
import pickle, sys, time
from generator.archive.tagging import RuleTagger
from generator.archive.taxonomy import load_taxonomy
from generator.archive.training import tagger_for
from pathlib import Path
listings = pickle.loads(sys.stdin.buffer.read())
tagger = tagger_for(RuleTagger(load_taxonomy(Path(sys.argv[1]))))
started = time.perf_counter()
for listing in listings:
    tagger.tags_for(listing)
print(time.perf_counter() - started)
"""


@dataclass(frozen=True)
class TagBench:
    papers: int
    one_day: list[float]  # seconds to tag a new day of DAY papers, each in a fresh process
    full: float  # seconds to tag every paper of the archive, on all cores
    training: float  # seconds to train the model from the labels (a cold cache)

    def report(self) -> str:
        return "\n".join(
            [
                f"tag rules ({ROOT / 'content' / 'tags.yml'}), {self.papers} synthetic papers",
                f"one new day of {DAY} papers, fresh process: median "
                f"{statistics.median(self.one_day):.3f} s (runs: "
                + ", ".join(f"{t:.3f}" for t in self.one_day)
                + ")",
                f"the whole archive on all cores: {self.full:.1f} s "
                f"({1000 * self.full / self.papers:.2f} ms a paper)",
                f"training the model from the labels (cold cache, once per change to the labels, "
                f"rules or code): {self.training:.2f} s",
            ]
        )


def bench_tags(papers: int, runs: int = 5) -> TagBench:
    import pickle

    listings = [listing for day in synthesize(load_corpus(), papers) for listing in day.papers]
    content = ROOT / "content"
    taxonomy = load_taxonomy(content)
    assert taxonomy is not None
    tagger_for(RuleTagger(taxonomy))  # the model cached before a new day is timed, as in a build
    one_day = []
    for run in range(runs):
        day = pickle.dumps(listings[-DAY * (run + 1) :][:DAY])
        done = subprocess.run(
            [sys.executable, "-c", _ONE_DAY, str(content)],
            input=day,
            capture_output=True,
            check=True,
            cwd=ROOT,
        )
        one_day.append(float(done.stdout))
    rules = RuleTagger(taxonomy)
    with tempfile.TemporaryDirectory() as cold:
        started = time.perf_counter()
        trained_model(rules, store=Path(cold))
        training = time.perf_counter() - started
    tagger = tagger_for(rules)
    started = time.perf_counter()
    parallel_map(tagger.tags_for, listings, label="tagging")
    return TagBench(len(listings), one_day, time.perf_counter() - started, training)
