"""`tags --explain PAPER_ID`: which rule gave each of a paper's tags, which nearly did, and what
the learned model made of each (its probability, what pushed it to its verdict, its word score
and the words behind it, and why a verdict goes against the threshold when it does)."""

from __future__ import annotations

import math

from generator.archive import learned
from generator.archive.learned import Decision, ModelTagger, TagModel
from generator.archive.model import Archive, Listing
from generator.archive.tagging import Evidence, RuleTagger, Tagger
from generator.errors import ArchiveError

STRONGEST = 3  # features shown per decision


def explain(archive: Archive, tagger: Tagger, paper_id: str) -> str:
    """A report of the paper's tags: the evidence for each tag given and each near miss."""
    paper = archive.papers.get(paper_id)
    if paper is None:
        raise ArchiveError(f"no paper with id '{paper_id}' in the content")
    rules = tagger.rules if isinstance(tagger, ModelTagger) else tagger
    if not isinstance(rules, RuleTagger):
        raise ArchiveError("tags come from source keywords (no tags.yml): there are no rules")
    found = rules.evidence(paper.listing)
    lines = [f"{paper.id}: {paper.listing.title}", "", "tags given by the rules:"]
    lines += [_given(slug, evidence) for slug, evidence in found.given] or ["  (none)"]
    if found.anywhere:
        lines.append("  (nothing in the abstract's opening gave a tag, so later mentions counted)")
    lines += ["", "near misses (some evidence, not enough):"]
    lines += [_line(e.slug, e) for e in found.misses] or ["  (none)"]
    if isinstance(tagger, ModelTagger):
        lines += ["", *_model(tagger, paper.listing)]
    fix = paper.listing.tag_fix
    if fix is not None:
        change = (
            f"exactly {', '.join(fix.exact) or '(no tags)'}"
            if fix.exact is not None
            else "; ".join(
                f"{name} {', '.join(slugs)}"
                for name, slugs in (("add", fix.add), ("remove", fix.remove))
                if slugs
            )
        )
        lines += ["", f"a person's fix in the day file ({change}) makes them: "
                  f"{', '.join(paper.tags) or '-'}"]  # fmt: skip
    return "\n".join(lines)


def _model(tagger: ModelTagger, listing: Listing) -> list[str]:
    model = tagger.model
    lines = [
        f"the learned model (keeps a rule's tag at p >= {learned.KEEP}, adds a near miss at"
        f" p >= {learned.ADD}; base {model.bias:+.2f}):"
    ]
    decisions = tagger.decisions(listing)
    scores = model.words.scores(listing) if model.words is not None else {}
    lines += [_decision(tagger, d, listing, scores) for d in decisions] or ["  (no candidates)"]
    chosen = sorted(d.candidate.slug for d in decisions if d.chosen)
    lines.append(f"automatic tags: {', '.join(chosen) or '-'}")
    return lines


def _decision(
    tagger: ModelTagger, decision: Decision, listing: Listing, scores: dict[str, float]
) -> str:
    candidate, model = decision.candidate, tagger.model
    if candidate.given:
        verdict = "kept" if decision.chosen else "vetoed"
    else:
        verdict = "added" if decision.chosen else "not added"
    reasons = verdict_reasons(model, decision)
    line = f"  {candidate.slug:<24} p={decision.probability:.3f} {verdict:<9} ({reasons})"
    line += against_the_threshold(model, decision)
    score = scores.get(candidate.slug, 0.0)
    if model.words is not None and score > 0:
        # The text behind the word score: the paper's words that raised it most.
        named = ", ".join(repr(t) for t in model.words.strongest(listing, candidate.slug, 3))
        line += f"\n  {'':<24} word score {score:.2f}" + (f", from {named}" if named else "")
    return line


def verdict_reasons(model: TagModel, decision: Decision) -> str:
    """The contributions that pushed toward the verdict, strongest first: the word-score bins as
    one, and the base when it is among them."""
    parts: dict[str, float] = {"base": model.bias}
    for name, weight in model.contributions(decision.candidate.features):
        key = "word score" if name.startswith("words ") else name
        parts[key] = parts.get(key, 0.0) + weight
    toward = [(n, w) for n, w in parts.items() if (w > 0) == decision.chosen and w != 0]
    toward.sort(key=lambda item: (-abs(item[1]), item[0]))
    return ", ".join(f"{name} {weight:+.2f}" for name, weight in toward[:STRONGEST]) or "-"


def against_the_threshold(model: TagModel, decision: Decision) -> str:
    """Why the verdict does not follow from the probability and the thresholds alone, when it
    does not: a vetoed tag, a tag no label names (the rules decide), the paper's last tag."""
    needed = learned.threshold(model, decision.candidate, learned.KEEP, learned.ADD)
    if needed == math.inf and learned.evidence_kind(decision.candidate.evidence) == "vetoed":
        return " -- an `unless` rule vetoed it: never added back"
    if abs(needed) == math.inf:
        return " -- no label names this tag yet: the rules decide"
    if decision.chosen and decision.probability < needed:
        done = "kept" if decision.candidate.given else "added"
        return f" -- the paper's likeliest: {done} so that the paper has a tag"
    return ""


def _given(slug: str, evidence: Evidence) -> str:
    if slug != evidence.slug:
        return f"  {slug:<24} implied by {evidence.slug}"
    return _line(slug, evidence)


def _line(slug: str, evidence: Evidence) -> str:
    return f"  {slug:<24} {evidence.rule}: {evidence.text!r}"
