"""Training the TagModel (archive.learned) from the repository's hand labels, and scoring it by
leave-one-label-set-out cross-validation.

Two models are trained: the word scores (archive.words, a ridge regression per tag) and the
TagModel that weighs them with the rules' evidence. The TagModel learns from word scores made
the way a new paper's are, by a word model that never saw the paper's labels: each label set's
papers are scored by a word model fitted on the other sets (out of fold).

The training data is `labels/tag-labels-*.yml` (paper ids and their tags) and
`labels/papers.jsonl.gz` (the title, abstract and keywords of every labelled paper): nothing from
`content/`, so tag fixes never reach the weights. A label file's `unlabelled:` tags are left out of
its examples. Training is L2-regularised logistic regression solved by Newton's method (a fixed
number of steps, no randomness), so the same labels give the same weights in every process. The
weights are cached by a hash of the label files, the rules and the code (`.cache/tag-model/`).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np
import yaml

from generator.archive.learned import Candidate, ModelTagger, TagModel, candidates, with_words
from generator.archive.model import Listing
from generator.archive.tagging import RuleTagger, Tagger
from generator.archive.words import RIDGE, LabelledWords, WordModel, by_slug
from generator.hashes import digest

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "labels"
PAPERS = "papers.jsonl.gz"
CACHE = ROOT / ".cache" / "tag-model"
L2 = 1.0  # chosen by cross-validation (tags --cross-validate), as are learned.KEEP and ADD
STEPS = 10  # Newton steps: the weights stop changing after about 8 (to 1e-14)


@dataclass(frozen=True)
class LabelSet:
    name: str
    labels: dict[str, frozenset[str]]
    unlabelled: frozenset[str]  # tags its labellers could not give: not scored there


@dataclass(frozen=True)
class Example:
    features: tuple[str, ...]
    right: bool


def numbered(path: Path) -> list[int | str]:
    """A sort key that puts tag-labels-9 before tag-labels-10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name)]


def label_files(folder: Path = LABELS) -> list[Path]:
    return sorted(folder.glob("tag-labels-*.yml"), key=numbered)


def read_label_set(path: Path) -> LabelSet:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    labels = {str(pid): frozenset(tags) for pid, tags in data["labels"].items()}
    return LabelSet(path.stem, labels, frozenset(data.get("unlabelled") or ()))


def read_papers(folder: Path = LABELS) -> dict[str, Listing]:
    with gzip.open(folder / PAPERS, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    return {
        row["id"]: Listing(
            id=row["id"],
            title=row["title"],
            abstract=row["abstract"],
            ai_keywords=tuple(row["ai_keywords"]),
        )
        for row in rows
    }


def fitted(rules: RuleTagger, papers: Mapping[str, Listing], sets: Sequence[LabelSet]) -> TagModel:
    """The word model and the TagModel from these label sets. A labelled paper whose text
    `papers` lacks (a new label file) is left out, not an error."""
    sets = with_text(sets, papers)
    words = labelled_words(papers, sets)
    slugs = [rule.slug for rule in rules.taxonomy.rules]
    model = tag_model(labelled_candidates(rules, papers, sets), words, sets, slugs)
    word_model = words.model(ids_of(sets), targets(sets, slugs), slugs)
    return replace(model, words=word_model)


def tag_model(
    found: Mapping[str, list[Candidate]],
    words: LabelledWords,
    sets: Sequence[LabelSet],
    slugs: Sequence[str],
    l2: float = L2,
) -> TagModel:
    """The TagModel from these sets' candidates (`found`, by paper), with word scores out of
    fold among the sets; without its word model (training and cross-validation add theirs)."""
    scored = with_words_by_paper(found, out_of_fold(words, sets, slugs))
    model = train(labelled_examples(scored, sets), l2)
    return replace(model, known=named_tags(sets))


def named_tags(sets: Sequence[LabelSet]) -> frozenset[str]:
    return frozenset(slug for s in sets for tags in s.labels.values() for slug in tags)


def examples(
    rules: RuleTagger, papers: dict[str, Listing], sets: Sequence[LabelSet]
) -> list[Example]:
    """One example per candidate tag of every labelled paper, from the rules' evidence alone
    (see labelled_examples)."""
    return labelled_examples(labelled_candidates(rules, papers, sets), sets)


def labelled_words(papers: Mapping[str, Listing], sets: Sequence[LabelSet]) -> LabelledWords:
    return LabelledWords([papers[paper_id] for paper_id in sorted(ids_of(sets))])


def ids_of(sets: Sequence[LabelSet]) -> list[str]:
    return [paper_id for label_set in sets for paper_id in label_set.labels]


def targets(sets: Sequence[LabelSet], slugs: Sequence[str]) -> np.ndarray:
    """1 where a paper (in ids_of order) is labelled with a tag (in `slugs` order), else 0."""
    rows = [labels for label_set in sets for labels in label_set.labels.values()]
    return np.array([[slug in labels for slug in slugs] for labels in rows], dtype=float)


def out_of_fold(
    words: LabelledWords, sets: Sequence[LabelSet], slugs: Sequence[str]
) -> dict[str, dict[str, float]]:
    """Every paper's word scores from a word model fitted on the other label sets."""
    scores = {}
    for held in sets:
        scores.update(scored_by(words, [s for s in sets if s is not held], held, slugs))
    return scores


def scored_by(
    words: LabelledWords, sets: Sequence[LabelSet], held: LabelSet, slugs: Sequence[str]
) -> dict[str, dict[str, float]]:
    """The `held` set's papers' word scores by tag, from a word model fitted on `sets`."""
    found = words.scores(ids_of(sets), targets(sets, slugs), list(held.labels))
    return {pid: by_slug(slugs, row) for pid, row in found.items()}


def with_words_by_paper(
    found: Mapping[str, list[Candidate]], scores: Mapping[str, Mapping[str, float]]
) -> dict[str, list[Candidate]]:
    return {pid: with_words(listed, scores.get(pid, {})) for pid, listed in found.items()}


def labelled_candidates(
    rules: RuleTagger, papers: Mapping[str, Listing], sets: Sequence[LabelSet]
) -> dict[str, list[Candidate]]:
    """The rules' candidate tags of every paper the sets label and `papers` has the text of."""
    ids = sorted({pid for label_set in sets for pid in label_set.labels if pid in papers})
    return {pid: candidates(rules, rules.evidence(papers[pid])) for pid in ids}


def with_text(sets: Sequence[LabelSet], papers: Mapping[str, Listing]) -> list[LabelSet]:
    """The label sets without the papers whose text `papers` lacks."""
    return [
        LabelSet(s.name, {p: t for p, t in s.labels.items() if p in papers}, s.unlabelled)
        for s in sets
    ]


def labelled_examples(
    found: Mapping[str, list[Candidate]], sets: Sequence[LabelSet]
) -> list[Example]:
    """One example per candidate tag (`found`, by paper) of every labelled paper `found` has:
    right when the labels hold it. A set's `unlabelled` tags are left out there, and a tag no
    set names (a new or renamed tag) everywhere: every one of its candidates would count as
    wrong, and the model would learn to veto it on every paper."""
    named = named_tags(sets)
    return [
        Example(candidate.features, candidate.slug in wanted)
        for label_set in sets
        for paper_id, wanted in sorted(label_set.labels.items())
        for candidate in found.get(paper_id, ())
        if candidate.slug in named and candidate.slug not in label_set.unlabelled
    ]


def train(found: Sequence[Example], l2: float = L2) -> TagModel:
    """L2-regularised logistic regression (the bias unpenalised), by Newton's method."""
    names = sorted({name for example in found for name in example.features})
    index = {name: i for i, name in enumerate(names)}
    x = np.zeros((len(found), len(names) + 1))
    x[:, -1] = 1.0  # the bias
    for row, example in enumerate(found):
        x[row, [index[name] for name in example.features]] = 1.0
    y = np.array([example.right for example in found], dtype=float)
    penalty = np.full(len(names) + 1, l2)
    penalty[-1] = 0.0
    w = np.zeros(len(names) + 1)
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x.T * (p * (1.0 - p))) @ x + np.diag(penalty + 1e-9)
        w -= np.linalg.solve(hessian, gradient)
    weights = {name: float(w[i]) for i, name in enumerate(names)}
    return TagModel(weights, float(w[-1]))


def model_key(rules: RuleTagger, folder: Path = LABELS) -> bytes:
    """What the weights depend on: the label files, their papers, the rules and this code."""
    files = [*label_files(folder), folder / PAPERS]
    return digest(
        (
            [(path.name, path.read_bytes()) for path in files],
            rules.fingerprint(),
            _code(),
            L2,
            STEPS,
            RIDGE,
        )
    )


@cache
def _code() -> bytes:
    package = Path(__file__).parent
    names = ("learned.py", "training.py", "words.py")
    return digest([(package / name).read_bytes() for name in names])


def has_labels(folder: Path = LABELS) -> bool:
    return (folder / PAPERS).is_file() and bool(label_files(folder))


def trained_model(rules: RuleTagger, folder: Path = LABELS, store: Path = CACHE) -> TagModel:
    """The model for these rules and labels: from the cache, else trained (and then cached)."""
    key = model_key(rules, folder)
    path = store / f"{key.hex()}.json"
    cached = _load(path)
    if cached is not None:
        return replace(cached, key=key)
    if sys.stderr.isatty():  # a person waiting at a terminal (a fresh clone's first check)
        print(_TRAINING, file=sys.stderr, flush=True)
    sets = [read_label_set(path) for path in label_files(folder)]
    model = fitted(rules, read_papers(folder), sets)
    _save(path, model)
    return replace(model, key=key)


_TRAINING = (
    "training the tag model from labels/ (once after a change to the labels, the rules or the"
    " tagging code: about half a minute)..."
)


def _load(path: Path) -> TagModel | None:
    """The cached model, or None when it is missing or unreadable (then it is trained again)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        words, known = WordModel.load(_words_path(path)), frozenset(data["known"])
        return TagModel(data["weights"], data["bias"], words=words, known=known)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return None


def _words_path(path: Path) -> Path:
    return path.with_suffix(".npz")


def _save(path: Path, model: TagModel) -> None:
    """Atomically, and only if the cache can be written: a read-only checkout just retrains.
    The word model is written first: the weights' file is what marks the pair complete."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if model.words is not None:
            partial = path.with_suffix(f".{os.getpid()}.npz.tmp")
            model.words.save(partial)
            partial.replace(_words_path(path))
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        known = sorted(model.known or ())
        data = {"weights": model.weights, "bias": model.bias, "known": known}
        text = json.dumps(data, sort_keys=True)
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError:
        pass


def tagger_for(rules: RuleTagger, folder: Path = LABELS) -> Tagger:
    """The build's tagger: the rules checked by the model, or the rules alone when there are no
    labels to train on (a copy of the package without the repository's `labels/`)."""
    if not has_labels(folder):
        return rules
    return ModelTagger(rules, trained_model(rules, folder))
