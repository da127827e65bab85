"""A learned check on the rules' tags: a logistic model, trained on the hand labels in `labels/`,
that gives each tag the rules find a probability and keeps only the likely ones.

The rules know what a topic is called; they do not know how much their kinds of evidence are
worth. Over the hand labels a title match is right 92% of the time, two abstract mentions 77%,
a tag on a paper that has five others far less often. The model learns those odds from the
evidence the rules already gather (which rule kind fired, whether the abstract supports a title
word, how many tags the paper has, which tag it is), so it adds almost nothing to tagging's cost,
and every decision is explained by a handful of named features (`tags --explain`).

Its weights come only from the label files and the text of their papers (`archive.training`),
never from the content's tag fixes: one contributor's fix cannot change another paper's tags.
Fixes still apply last, on top of the model's tags.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from generator.archive.model import Listing, Tag
from generator.archive.tagging import Evidence, RuleEvidence, RuleTagger
from generator.archive.taxonomy import Rule
from generator.archive.words import WordModel, bins
from generator.hashes import digest

# Decision thresholds: a tag the rules give is kept at this probability or more; a near miss is
# added at ADD or more. Leave-one-label-set-out cross-validation (`tags --cross-validate`) flatters
# the model, since its folds chose them, so each choice is scored once on a fresh blind set. At
# 0.75, four sets scored 0.920 / 0.643 at first use against 0.94 / 0.70 in the folds; at 0.65
# (folds 0.924 / 0.734) set 31 scored 0.896 / 0.701, under the aim of 0.90; at 0.70 sets 30 and 31
# together scored 0.922 / 0.668, so 0.70, which set 32 then scored 0.915 / 0.644 at first use
# (the folds over every set are in tests/archive/test_learned.py).
KEEP = 0.70
ADD = 0.70
# A tag the rules do not name at all is still a candidate when the paper's word score for it
# reaches this: the word scores know a topic's vocabulary beyond the rules' phrases (a paper that
# builds a dataset without saying "we construct a dataset"). The model then decides as for any
# near miss. Folds over sets 1-32 at 0.70: recall 0.709 -> 0.723 for 0.005 of precision; first
# use on set 33: 0.957 / 0.645 (0.956 / 0.628 without these candidates).
WORDS_ALONE = 0.45
WORDS_RULE = "word scores alone"  # Evidence.rule of such a candidate
MOST_TAGS = 6  # "the paper has N tags" is one feature from here up
MENTIONS = (2, 3, 5)  # "the abstract names the topic N or more times" are features

# A near miss's kind and a given tag's kind, from the rule field that decided (Evidence.rule).
_KINDS = (
    ("unless", "vetoed"),
    ("title_weak without", "weak alone"),
    ("title_weak", "weak + support"),
    ("abstract: first match after", "abstract late"),
    ("abstract:", "abstract short"),
    ("abstract_any", "abstract_any"),
    ("abstract", "abstract"),
    ("keyword", "keyword"),
    ("title", "title"),
    (WORDS_RULE, "words alone"),
)


def evidence_kind(evidence: Evidence) -> str:
    """A short name for the rule field that decided, e.g. "title" or "abstract short"."""
    return next(kind for prefix, kind in _KINDS if evidence.rule.startswith(prefix))


@dataclass(frozen=True)
class Candidate:
    """A tag the rules give or nearly give a paper, with the features the model weighs."""

    slug: str
    given: bool
    features: tuple[str, ...]
    evidence: Evidence  # the rules' own reason, for explanations

    @property
    def words_alone(self) -> bool:
        """Proposed by the word scores alone: no rule names it, so it has no counted features."""
        return self.evidence.rule == WORDS_RULE


def candidates(
    rules: RuleTagger,
    found: RuleEvidence,
    counted: bool = True,
    words: Mapping[str, float] | None = None,
) -> list[Candidate]:
    """Every tag with some evidence in a paper, given by the rules or nearly, in rule order,
    with the paper's word scores (archive.words) by tag when there are some.

    Without `counted`, the features that take regular-expression runs over the abstract
    (COUNTED, always last) are left out: ModelTagger adds them only when they could matter."""
    by_slug = rules_by_slug(rules)
    given: dict[str, list[Evidence]] = {}
    for slug, evidence in found.given:
        given.setdefault(slug, []).append(evidence)
    count = f"tags:{min(len(given), MOST_TAGS)}"
    shared = (count, "anywhere") if found.anywhere else (count,)
    result = []
    for slug, reasons in given.items():
        own = [e for e in reasons if e.slug == slug]
        evidence = own[0] if own else reasons[0]
        kinds = [f"kind:{evidence_kind(evidence)}"] if own else []
        kinds += ["kind:implied"] if len(own) < len(reasons) else []
        rule = by_slug[slug]
        features = (*kinds, *_keyword(rule, found), *shared, "given", f"tag:{slug}")
        features += (f"given:{slug}", *_words(slug, words))
        features += mentions(rule, found) if counted else ()
        result.append(Candidate(slug, True, features, evidence))
    for evidence in found.misses:
        if evidence.slug in given:
            continue
        rule = by_slug[evidence.slug]
        features = (f"kind:{evidence_kind(evidence)}", *_keyword(rule, found), *shared)
        features += (f"tag:{evidence.slug}", *_words(evidence.slug, words))
        features += mentions(rule, found) if counted else ()
        result.append(Candidate(evidence.slug, False, features, evidence))
    return result + words_alone(result, words) if words is not None else result


def words_alone(found: list[Candidate], words: Mapping[str, float]) -> list[Candidate]:
    """A candidate for each tag the rules do not name whose word score reaches WORDS_ALONE, in
    the word scores' (rule) order. It has no rule evidence, so none of the COUNTED features."""
    named = {candidate.slug for candidate in found}
    return [
        Candidate(
            slug,
            False,
            ("kind:words alone", f"tag:{slug}", *bins(score)),
            Evidence(slug, False, WORDS_RULE, f"word score {score:.2f}"),
        )
        for slug, score in words.items()
        if score >= WORDS_ALONE and slug not in named
    ]


def _words(slug: str, words: Mapping[str, float] | None) -> tuple[str, ...]:
    return bins(words.get(slug, 0.0)) if words is not None else ()


def with_words(found: list[Candidate], words: Mapping[str, float]) -> list[Candidate]:
    """Candidates made without word scores, given them (before the COUNTED features, whose
    place at the end ModelTagger relies on), and the tags the word scores alone propose."""
    result = []
    for candidate in found:
        features = list(candidate.features)
        at = next((i for i, name in enumerate(features) if name in COUNTED), len(features))
        features[at:at] = _words(candidate.slug, words)
        result.append(replace(candidate, features=tuple(features)))
    return result + words_alone(result, words)


def rules_by_slug(rules: RuleTagger) -> dict[str, Rule]:
    return {rule.slug: rule for rule in rules.taxonomy.rules}


def _keyword(rule: Rule, found: RuleEvidence) -> tuple[str, ...]:
    return ("keyword",) if rule.keywords & found.keywords else ()


# The features `mentions` may give: the only ones that cost regular-expression runs.
COUNTED = ("support", "support opening", *(f"mentions:{n}+" for n in MENTIONS))


def mentions(rule: Rule, found: RuleEvidence) -> tuple[str, ...]:
    """Whether the abstract names the tag's topic (anywhere; in its opening), and how often: a
    title word the abstract never takes up is the rules' commonest mistake."""
    text = found.text if rule.ignore is None else found.text.without(rule.ignore)
    starts, count = [], 0
    for patterns in (rule.abstract_any, rule.abstract):
        if patterns is not None and count < MENTIONS[-1]:
            limit = MENTIONS[-1] - count  # counting stops where the features do
            more, first = patterns.count(text.abstract, text.in_abstract, limit)
            if first is not None:
                starts.append(first.start())
                count += more
    features = ["support"] if starts else []
    features += ["support opening"] if starts and min(starts) < text.opening else []
    return (*features, *(f"mentions:{n}+" for n in MENTIONS if count >= n))


_MARGIN = 1e-9


def _sigmoid(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-logit))


@dataclass(frozen=True)
class TagModel:
    """Weights of named features; a candidate's probability is the logistic of their sum."""

    weights: dict[str, float]
    bias: float
    key: bytes = b""  # what it was trained from (archive.training.model_key)
    words: WordModel | None = None  # the word scores' model, when trained with one
    # The tags the labels name; None: every tag. A tag outside (new, or renamed in a pull
    # request) is the rules' alone: the model never saw it, and its candidates lack the word
    # scores every labelled tag has, so the model would drop it from every paper.
    known: frozenset[str] | None = None

    def logit(self, features: Iterable[str]) -> float:
        weights = self.weights
        return self.bias + sum(weights.get(name, 0.0) for name in features)

    def probability(self, features: Iterable[str]) -> float:
        return _sigmoid(self.logit(features))

    def contributions(self, features: Iterable[str]) -> list[tuple[str, float]]:
        """Each feature's weight, strongest first (ties by name, so the order is stable)."""
        found = [(name, self.weights.get(name, 0.0)) for name in features]
        return sorted(found, key=lambda item: (-abs(item[1]), item[0]))


@dataclass(frozen=True)
class Decision:
    candidate: Candidate
    probability: float
    chosen: bool


def threshold(model: TagModel, candidate: Candidate, keep: float, add: float) -> float:
    """The probability a candidate needs: a tag an `unless` rule vetoed is never added back,
    however its words sound (an exclusion is a maintainer's deliberate decision), and a tag the
    labels do not name stays as the rules decide."""
    if model.known is not None and candidate.slug not in model.known:
        return -math.inf if candidate.given else math.inf
    if candidate.given:
        return keep
    return math.inf if evidence_kind(candidate.evidence) == "vetoed" else add


def decide_tags(
    model: TagModel, found: list[Candidate], keep: float = KEEP, add: float = ADD
) -> list[Decision]:
    """Keep a given tag at `keep` or more, add a near miss at `add` or more; a paper whose every
    tag would go keeps its likeliest one, since an untagged paper is lost to browsing."""
    decisions = []
    for candidate in found:
        probability = model.probability(candidate.features)
        decisions.append(
            Decision(candidate, probability, probability >= threshold(model, candidate, keep, add))
        )
    if decisions and not any(d.chosen for d in decisions):
        # The likeliest of what could be chosen: a near miss the model finds likelier than every
        # given tag beats them (a chip paper's "memory system" gave agent-memory at 0.17, over
        # efficient-inference at 0.63); a vetoed tag stays vetoed.
        open_ = [d for d in decisions if threshold(model, d.candidate, keep, add) < math.inf]
        if open_:
            best = max(open_, key=lambda d: d.probability)
            decisions = [Decision(d.candidate, d.probability, d is best) for d in decisions]
    return decisions


class ModelTagger:
    """The rules' tags checked by a TagModel: what the site shows before people's fixes."""

    def __init__(self, rules: RuleTagger, model: TagModel) -> None:
        self.rules, self.model = rules, model
        self.taxonomy = rules.taxonomy

        self._rules = rules_by_slug(rules)
        # How far the COUNTED features can move a candidate's logit, down and up.
        weights = [model.weights.get(name, 0.0) for name in COUNTED]
        self._reach = (sum(w for w in weights if w < 0), sum(w for w in weights if w > 0))

    def decisions(self, listing: Listing) -> list[Decision]:
        return self._decided(self.rules.evidence(listing), self._words(listing))

    def _decided(self, found: RuleEvidence, words: dict[str, float] | None) -> list[Decision]:
        return decide_tags(self.model, candidates(self.rules, found, words=words))

    def _words(self, listing: Listing) -> dict[str, float] | None:
        return self.model.words.scores(listing) if self.model.words is not None else None

    def tags_for(self, listing: Listing) -> frozenset[str]:
        """The tags of `decisions`, counting abstract mentions only for a candidate whose
        verdict they could change: the same tags, at a fraction of the counting."""
        found = self.rules.evidence(listing)
        chosen = []
        words = self._words(listing)
        for candidate in candidates(self.rules, found, counted=False, words=words):
            verdict = self._bounded(candidate)
            if verdict is None and candidate.words_alone:  # nothing to count
                verdict = self.model.probability(candidate.features) >= self._threshold(candidate)
            elif verdict is None:
                rest = mentions(self._rules[candidate.slug], found)
                whole = replace(candidate, features=candidate.features + rest)
                verdict = self.model.probability(whole.features) >= self._threshold(whole)
            if verdict:
                chosen.append(candidate.slug)
        if not chosen:  # the likeliest tag stays: that needs every probability exactly
            # (from the evidence and word scores at hand: working them out again cost a
            # tenth of tagging, for the one paper in six that gets here)
            return frozenset(d.candidate.slug for d in self._decided(found, words) if d.chosen)
        return frozenset(chosen)

    def _threshold(self, candidate: Candidate) -> float:
        return threshold(self.model, candidate, KEEP, ADD)

    def _bounded(self, candidate: Candidate) -> bool | None:
        """The verdict when the counted features cannot change it, else None. A margin keeps
        rounding (the sums run in another order) from ever deciding."""
        logit = self.model.logit(candidate.features)
        low, high = (_sigmoid(logit + reach) for reach in self._reach)
        threshold = self._threshold(candidate)
        if low >= threshold + _MARGIN:
            return True
        if high < threshold - _MARGIN:
            return False
        return None

    def vocabulary(self) -> dict[str, Tag]:
        return self.rules.vocabulary()

    def fingerprint(self) -> bytes:
        return digest((self.rules.fingerprint(), self.model.key, KEEP, ADD))
