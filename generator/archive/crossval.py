"""Leave-one-label-set-out cross-validation of the TagModel: the model that tags a label set's
papers was trained on every other set, never on that one. It is how KEEP, ADD and L2 were chosen,
and the honest estimate to quote for the model (`tags --cross-validate`); scoring the model on
the labels it was trained on (`tags --stats`) flatters it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.archive import learned
from generator.archive.learned import Candidate, TagModel, decide_tags
from generator.archive.model import Listing
from generator.archive.tagging import RuleTagger
from generator.archive.training import (
    L2,
    LabelSet,
    labelled_candidates,
    labelled_words,
    scored_by,
    tag_model,
    with_text,
    with_words_by_paper,
)

# What is compared: the rules alone, the model as a veto only, and the model that also adds.
MODES = ("rules", "veto", "veto+add")


@dataclass(frozen=True)
class Score:
    """Automatic tags against hand labels: right, wrong and missed tags."""

    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.true_positive + other.true_positive,
            self.false_positive + other.false_positive,
            self.false_negative + other.false_negative,
        )


@dataclass(frozen=True)
class Fold:
    name: str
    scores: dict[str, Score]  # by mode


def score(found: dict[str, frozenset[str]], label_set: LabelSet) -> Score:
    total = Score()
    for paper_id, wanted in label_set.labels.items():
        got = found[paper_id] - label_set.unlabelled
        total += Score(len(got & wanted), len(got - wanted), len(wanted - got))
    return total


def tags_in(
    mode: str, model: TagModel, found: list[Candidate], keep: float, add: float
) -> frozenset[str]:
    if mode == "rules":
        return frozenset(c.slug for c in found if c.given)
    kept = decide_tags(model, found, keep, add if mode == "veto+add" else 2.0)
    return frozenset(d.candidate.slug for d in kept if d.chosen)


def cross_validate(
    rules: RuleTagger,
    papers: dict[str, Listing],
    sets: Sequence[LabelSet],
    keep: float = learned.KEEP,
    add: float = learned.ADD,
    l2: float = L2,
) -> list[Fold]:
    """Per label set, each mode's counts on it, the models trained on the other sets: the word
    scores of their papers out of fold among them, as in training, and the held set's from a
    word model fitted on all of them."""
    sets = with_text(sets, papers)  # as in training
    found = labelled_candidates(rules, papers, sets)
    words = labelled_words(papers, sets)
    slugs = [rule.slug for rule in rules.taxonomy.rules]
    folds = []
    for held in sets:
        others = [s for s in sets if s is not held]
        model = tag_model(found, words, others, slugs, l2)
        tested = with_words_by_paper(
            {pid: found[pid] for pid in held.labels}, scored_by(words, others, held, slugs)
        )
        scores = {
            mode: score(
                {pid: tags_in(mode, model, tested[pid], keep, add) for pid in held.labels}, held
            )
            for mode in MODES
        }
        folds.append(Fold(held.name, scores))
    return folds


def pooled(folds: Sequence[Fold], mode: str, names: Sequence[str] | None = None) -> Score:
    chosen = [fold for fold in folds if names is None or fold.name in names]
    return sum((fold.scores[mode] for fold in chosen), Score())


def format_folds(folds: Sequence[Fold]) -> str:
    """A table: precision / recall per fold and mode, then pooled over all, 13-15 and 16-17."""
    lines = [f"{'held-out set':28}" + "".join(f" {mode:>13}" for mode in MODES)]
    for fold in folds:
        lines.append(f"{fold.name:28}" + "".join(_cell(fold.scores[m]) for m in MODES))
    groups = {
        "pooled, every set": None,
        "pooled, sets 13-15": [f.name for f in folds if _number(f.name) in (13, 14, 15)],
        "pooled, sets 16-17": [f.name for f in folds if _number(f.name) in (16, 17)],
    }
    for title, names in groups.items():
        lines.append(f"{title:28}" + "".join(_cell(pooled(folds, m, names)) for m in MODES))
    return "\n".join(lines)


def _cell(counts: Score) -> str:
    return f"   {counts.precision:.3f}/{counts.recall:.3f}"


def _number(name: str) -> int:
    digits = "".join(ch if ch.isdigit() else " " for ch in name).split()
    return int(digits[0]) if digits else -1
