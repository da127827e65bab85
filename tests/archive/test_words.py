"""The word scores of the learned check (archive.words): what counts as a term, what a ridge fit
learns from labelled papers, that a set's training scores never saw its own labels, and that the
cached model survives a round trip and a damaged cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from generator.archive.learned import WORDS_ALONE, candidates, with_words
from generator.archive.model import Listing
from generator.archive.tagging import RuleTagger
from generator.archive.taxonomy import load_taxonomy
from generator.archive.training import LabelSet, out_of_fold, trained_model
from generator.archive.words import LabelledWords, WordModel, bins, terms
from tests.conftest import ROOT

SLUGS = ("agents", "robotics")


def paper(pid: str, title: str, abstract: str) -> Listing:
    return Listing(id=pid, title=title, abstract=abstract)


# Six agent papers and six robot papers, in two label sets of six.
PAPERS = [
    paper(f"a{i}", f"Agentic {topic} with tool calls", f"An agent plans trajectories for {topic}.")
    for i, topic in enumerate(("browsing", "coding", "shopping", "travel", "email", "finance"))
] + [
    paper(f"r{i}", f"Robot {task} from demonstrations", f"A robot arm learns {task} grasps.")
    for i, task in enumerate(("folding", "pouring", "stacking", "wiping", "sorting", "packing"))
]
LABELS = {p.id: frozenset({"agents"} if p.id.startswith("a") else {"robotics"}) for p in PAPERS}


def label_sets(labels: dict[str, frozenset[str]]) -> list[LabelSet]:
    first = {pid: labels[pid] for pid in ("a0", "a1", "a2", "r0", "r1", "r2")}
    second = {pid: tags for pid, tags in labels.items() if pid not in first}
    return [LabelSet("one", first, frozenset()), LabelSet("two", second, frozenset())]


def test_terms_are_words_and_word_pairs_with_the_title_counted_twice() -> None:
    found = terms(paper("x", "Robot Learning", "The robot learns a task."))
    assert found["robot"] == 3 and found["robot learning"] == 2 and found["task"] == 1
    assert "the" not in found and "a" not in found  # stop words
    assert "the robot" not in found  # a pair with a stop word says nothing more than its word


def test_a_fit_scores_a_new_paper_by_the_words_its_tags_papers_share() -> None:
    words = LabelledWords(PAPERS)
    wanted = np.array([[slug in LABELS[p.id] for slug in SLUGS] for p in PAPERS], dtype=float)
    model = words.model([p.id for p in PAPERS], wanted, SLUGS)
    agentic = model.scores(paper("n", "Agentic tool calls for booking", "An agent plans."))
    robotic = model.scores(paper("m", "Robot grasps from demonstrations", "A robot arm learns."))
    assert agentic["agents"] > 0.6 > agentic["robotics"]
    assert robotic["robotics"] > 0.6 > robotic["agents"]
    assert model.scores(paper("e", "Unrelated", "Nothing known here."))["agents"] == 0.5
    assert bins(agentic["agents"])[-1] in {"words 0.6+", "words 0.45+"}


def test_a_label_sets_training_scores_never_saw_its_own_labels() -> None:
    words = LabelledWords(PAPERS)
    scores = out_of_fold(words, label_sets(LABELS), SLUGS)
    flipped = dict(LABELS)
    for pid in ("a0", "a1", "a2", "r0", "r1", "r2"):  # set "one" relabelled at random
        flipped[pid] = frozenset({"robotics"} if pid.startswith("a") else {"agents"})
    again = out_of_fold(words, label_sets(flipped), SLUGS)
    for pid in ("a0", "a1", "a2", "r0", "r1", "r2"):
        assert again[pid] == scores[pid]  # scored by a fit on set "two" alone
    assert any(again[pid] != scores[pid] for pid in ("a3", "r3"))  # set "two" did see them


def test_word_scores_become_features_before_the_counted_ones() -> None:
    taxonomy = load_taxonomy(ROOT / "content")
    assert taxonomy is not None
    rules = RuleTagger(taxonomy)
    listing = paper("x", "Web Agents that Browse", "We build a web agent. Agents browse pages.")
    found = candidates(rules, rules.evidence(listing))
    scored = {c.slug: c for c in with_words(found, {"agents": 0.5})}
    features = scored["agents"].features
    assert {"words 0.1+", "words 0.3+", "words 0.45+"} <= set(features)
    assert "words 0.6+" not in features
    at = features.index("words 0.45+")
    assert "support" in features[at:]  # the counted features stay last
    direct = candidates(rules, rules.evidence(listing), words={"agents": 0.5})
    assert [c.features for c in direct] == [c.features for c in with_words(found, {"agents": 0.5})]


def test_a_tag_the_rules_do_not_name_is_a_candidate_when_its_word_score_is_high() -> None:
    """The word scores propose a tag no rule names, at WORDS_ALONE or more, as a near miss
    with no rule evidence (so none of the counted features): the model then decides."""
    taxonomy = load_taxonomy(ROOT / "content")
    assert taxonomy is not None
    rules = RuleTagger(taxonomy)
    listing = paper("x", "Web Agents that Browse", "We build a web agent. Agents browse pages.")
    found = candidates(rules, rules.evidence(listing))
    assert "robotics" not in {c.slug for c in found} and "medicine" not in {c.slug for c in found}
    words = {"agents": 0.9, "robotics": WORDS_ALONE, "medicine": WORDS_ALONE - 0.01}
    scored = with_words(found, words)
    alone = [c for c in scored if c.words_alone]
    assert [(c.slug, c.given) for c in alone] == [("robotics", False)]  # agents had a rule
    assert alone[0].features == ("kind:words alone", "tag:robotics", *bins(WORDS_ALONE))
    assert alone[0].evidence.text == f"word score {WORDS_ALONE:.2f}"
    direct = candidates(rules, rules.evidence(listing), words=words)
    assert [c.features for c in direct] == [c.features for c in scored]


def test_the_strongest_terms_are_the_papers_words_that_raise_a_tags_score() -> None:
    words = LabelledWords(PAPERS)
    wanted = np.array([[slug in LABELS[p.id] for slug in SLUGS] for p in PAPERS], dtype=float)
    model = words.model([p.id for p in PAPERS], wanted, SLUGS)
    listing = paper("n", "Robot grasps for booking", "A robot plans.")
    robot = model.strongest(listing, "robotics", 3)
    assert robot and robot[0].startswith("robot") and set(robot) <= set(terms(listing))
    assert "booking" not in robot  # a word no labelled paper has adds nothing
    assert all("robot" not in term for term in model.strongest(listing, "agents"))


def test_the_cached_model_round_trips_and_a_damaged_cache_is_retrained(tmp_path: Path) -> None:
    taxonomy = load_taxonomy(ROOT / "content")
    assert taxonomy is not None
    rules = RuleTagger(taxonomy)
    labels = tmp_path / "labels"
    shutil.copytree(ROOT / "labels", labels)
    for extra in sorted(labels.glob("tag-labels-*.yml"))[3:]:
        extra.unlink()  # three small sets: quick to train
    store = tmp_path / "cache"
    trained = trained_model(rules, labels, store)
    assert trained.words is not None
    cached = trained_model(rules, labels, store)
    assert cached == trained and cached.words == trained.words
    (saved,) = store.glob("*.npz")
    saved.write_bytes(b"not a zip file")
    assert trained_model(rules, labels, store).words == trained.words
    (weights,) = store.glob("*.json")
    saved.unlink()
    assert weights.exists()
    assert trained_model(rules, labels, store).words == trained.words


def test_a_word_model_loads_as_saved(tmp_path: Path) -> None:
    words = LabelledWords(PAPERS)
    wanted = np.array([[slug in LABELS[p.id] for slug in SLUGS] for p in PAPERS], dtype=float)
    model = words.model([p.id for p in PAPERS], wanted, SLUGS)
    model.save(tmp_path / "words.npz")
    assert WordModel.load(tmp_path / "words.npz") == model


@pytest.mark.parametrize("score", [0.0, 0.05, 0.1, 0.59, 0.6, 2.0])
def test_bins_are_cumulative(score: float) -> None:
    found = bins(score)
    assert all(float(name.split()[1][:-1]) <= score for name in found)
    assert len(found) == sum(1 for edge in (0.1, 0.2, 0.3, 0.45, 0.6) if edge <= score)
