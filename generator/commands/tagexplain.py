"""`tags --explain PAPER_ID`: which rule gave each of a paper's tags, which nearly did, and what
the learned model made of each (its probability and strongest features)."""

from __future__ import annotations

from generator.archive import learned
from generator.archive.learned import Decision, ModelTagger
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
    given, misses = rules.explain(paper.listing)
    lines = [f"{paper.id}: {paper.listing.title}", "", "tags given by the rules:"]
    lines += [_given(slug, evidence) for slug, evidence in given] or ["  (none)"]
    lines += ["", "near misses (some evidence, not enough):"]
    lines += [_line(e.slug, e) for e in misses] or ["  (none)"]
    if isinstance(tagger, ModelTagger):
        lines += ["", *_model(tagger, paper.listing)]
    automatic = tagger.tags_for(paper.listing)
    if set(paper.tags) != automatic:
        lines += ["", f"a person's fix in the day file makes them: {', '.join(paper.tags) or '-'}"]
    return "\n".join(lines)


def _model(tagger: ModelTagger, listing: Listing) -> list[str]:
    lines = [
        f"the learned model (keeps a rule's tag at p >= {learned.KEEP}, "
        f"adds a near miss at p >= {learned.ADD}):"
    ]
    decisions = tagger.decisions(listing)
    lines += [_decision(tagger, d, listing) for d in decisions] or ["  (no candidates)"]
    chosen = sorted(d.candidate.slug for d in decisions if d.chosen)
    lines.append(f"automatic tags: {', '.join(chosen) or '-'}")
    return lines


def _decision(tagger: ModelTagger, decision: Decision, listing: Listing) -> str:
    candidate = decision.candidate
    if candidate.given:
        verdict = "kept" if decision.chosen else "vetoed"
    else:
        verdict = "added" if decision.chosen else "not added"
    strongest = tagger.model.contributions(candidate.features)[:STRONGEST]
    shown = ", ".join(f"{name} {weight:+.2f}" for name, weight in strongest)
    line = f"  {candidate.slug:<24} p={decision.probability:.2f} {verdict:<9} ({shown})"
    words = tagger.model.words
    if candidate.words_alone and words is not None:
        # No rule named this tag: the words that raised its score are the text that decided.
        strongest_terms = ", ".join(repr(t) for t in words.strongest(listing, candidate.slug))
        line += f"\n  {'':<24} {candidate.evidence.text}, from {strongest_terms}"
    return line


def _given(slug: str, evidence: Evidence) -> str:
    if slug != evidence.slug:
        return f"  {slug:<24} implied by {evidence.slug}"
    return _line(slug, evidence)


def _line(slug: str, evidence: Evidence) -> str:
    return f"  {slug:<24} {evidence.rule}: {evidence.text!r}"
