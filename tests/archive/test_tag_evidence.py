"""Evidence strength in the tag rules: weak title words, explanations, the four drift tags, and
a fix that touches only its own paper."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.archive.derive import load_archive_and_tagger
from generator.archive.learned import Candidate, Decision, ModelTagger, TagModel
from generator.archive.model import Listing
from generator.archive.tagging import Evidence, RuleTagger
from generator.archive.taxonomy import load_taxonomy, load_taxonomy_file
from generator.archive.words import terms
from generator.commands.cli import main
from generator.commands.tagexplain import against_the_threshold, verdict_reasons
from tests.archive.test_tagging import tags
from tests.conftest import ROOT, write_fix

RULES = """\
families:
  Vision:
    - slug: 3d-vision
      name: 3D vision
      description: 3D.
      title: ['gaussian splatting']
      title_weak: ['reconstruction']
      abstract: ['point clouds?', '3D scenes?']
      keywords: [nerf]
  Graphs:
    - slug: graphs
      name: Graphs
      description: Graphs.
      title: ['graph neural networks?']
  Language:
    - slug: code
      name: Code
      description: Code.
      title: ['code generation']
    - slug: distillation
      name: Distillation
      description: Distillation.
      abstract: ['distil\\w*']
"""


@pytest.fixture()
def rules(tmp_path: Path) -> RuleTagger:
    path = tmp_path / "tags.yml"
    path.write_text(RULES, encoding="utf-8")
    return RuleTagger(load_taxonomy_file(path))


def test_a_weak_title_word_needs_one_more_piece_of_evidence(rules: RuleTagger) -> None:
    title = "Garment Reconstruction from One Photo"
    assert "3d-vision" not in tags(rules, title, "We recover garments from a photo.")
    assert "3d-vision" in tags(rules, title, "We recover garments. Later: point clouds.")
    assert "3d-vision" in tags(rules, title, "We recover garments.", keywords=("NeRF",))
    assert "3d-vision" in tags(rules, "Fast Gaussian Splatting", "Nothing else.")


def test_explain_names_the_rule_and_the_text_of_each_tag_and_near_miss(rules: RuleTagger) -> None:
    listing = Listing(id="x", title="Garment Reconstruction via Code Generation", abstract="")
    given, misses = rules.explain(listing)
    assert [(slug, e.rule, e.text) for slug, e in given] == [("code", "title", "Code Generation")]
    assert [(e.slug, e.rule, e.text) for e in misses] == [
        ("3d-vision", "title_weak without support", "Reconstruction")
    ]


def test_tags_explain_prints_it_for_a_real_paper(
    fixture_content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paper_id = "2505.24864"
    assert main(["tags", "--content", str(fixture_content), "--explain", paper_id]) == 0
    out = capsys.readouterr().out
    archive, tagger = load_archive_and_tagger(fixture_content)
    assert out.startswith(f"{paper_id}: {archive.papers[paper_id].listing.title}\n")
    given = out.split("tags given by the rules:\n")[1].split("\n\n")[0].splitlines()
    rules = tagger.rules if isinstance(tagger, ModelTagger) else tagger
    assert isinstance(rules, RuleTagger)
    listing = archive.papers[paper_id].listing
    assert sorted(line.split()[0] for line in given) == sorted(rules.tags_for(listing))
    assert all("'" in line for line in given)  # the text that decided it
    # The learned model's part: each candidate's probability, verdict and what pushed it there,
    # then (indented further) its word score and the words behind it.
    model = out.split("the learned model")[1].splitlines()[1:]
    decisions = [line for line in model[:-1] if not line.startswith("   ")]
    assert decisions and all(
        re.search(r" p=\d\.\d{3} (kept|vetoed|added|not added) +\(", line) for line in decisions
    )
    assert all(re.fullmatch(r" +word score \d\.\d\d(, from '.+)?", line) for line in model[:-1]
               if line.startswith("   "))  # fmt: skip
    assert model[-1] == f"automatic tags: {', '.join(archive.papers[paper_id].tags)}"
    assert main(["tags", "--content", str(fixture_content), "--explain", "nonsense"]) == 1


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "VerseCrafter: Dynamic Realistic Video World Model with 4D Geometric Control",
            "world-models",
        ),
        ("LatentMem: Customizing Latent Memory for Multi-Agent Systems", "agent-memory"),
        (
            "Trace2Skill: Distill Trajectory-Local Lessons into Transferable Agent Skills",
            "agent-skills",
        ),
        (
            "WebGym: Scaling Training Environments for Visual Web Agents with Realistic Tasks",
            "agent-environments",
        ),
    ],
)
def test_the_drift_tags_tag_real_titles(title: str, slug: str) -> None:
    taxonomy = load_taxonomy(ROOT / "content")
    assert taxonomy is not None
    found = tags(RuleTagger(taxonomy), title)
    assert slug in found
    assert slug == "world-models" or "agents" in found  # agent sub-topics are agent papers too


def test_a_fix_changes_only_its_own_paper(content_copy: Path) -> None:
    archive = load_archive_and_tagger(content_copy)[0]
    day = archive.days[0]
    paper_id = day.paper_ids[0]
    slug = next(s for s in sorted(archive.tags) if s not in archive.papers[paper_id].tags)
    path = next((content_copy / "days").rglob(f"{day.date.isoformat()}.yml"))
    write_fix(path, paper_id, {"add": [slug]})
    fixed, _ = load_archive_and_tagger(content_copy)
    assert fixed.papers[paper_id].tags == tuple(sorted({*archive.papers[paper_id].tags, slug}))
    others = {i: p.tags for i, p in archive.papers.items() if i != paper_id}
    assert {i: p.tags for i, p in fixed.papers.items() if i != paper_id} == others


def test_an_explanation_names_what_pushed_each_verdict_and_why_one_defies_the_threshold() -> None:
    weights = {"title": 2.0, "tags:5+": -1.0, "words 0.1+": 0.5, "words 0.2+": 0.7}
    model = TagModel(weights, -3.0)
    features = ("title", "tags:5+", "words 0.1+", "words 0.2+")
    given = Candidate("speech", True, features, Evidence("speech", True, "title", "Speech"))
    assert verdict_reasons(model, Decision(given, 0.9, True)) == "title +2.00, word score +1.20"
    assert verdict_reasons(model, Decision(given, 0.1, False)) == "base -3.00, tags:5+ -1.00"
    assert against_the_threshold(model, Decision(given, 0.9, True)) == ""
    assert "likeliest: kept" in against_the_threshold(model, Decision(given, 0.16, True))
    missed = Candidate("speech", False, features, Evidence("speech", False, "abstract", "x"))
    assert "likeliest: added" in against_the_threshold(model, Decision(missed, 0.6, True))
    vetoed = Evidence("quantization", False, "unless (vetoed)", "Vector Quantization")
    near = Candidate("quantization", False, features, vetoed)
    assert "never added back" in against_the_threshold(model, Decision(near, 0.98, False))


def test_tags_explain_names_the_words_behind_a_tag_no_rule_named(
    fixture_content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A candidate from the word scores alone has no rule text: the explanation names the
    paper's words that raised its score."""
    archive, tagger = load_archive_and_tagger(fixture_content)
    assert isinstance(tagger, ModelTagger) and tagger.model.words is not None
    paper, decision = next(
        (paper, decision)
        for paper in archive.papers.values()
        for decision in tagger.decisions(paper.listing)
        if decision.candidate.words_alone
    )
    assert main(["tags", "--content", str(fixture_content), "--explain", paper.id]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.split()[:1] == [decision.candidate.slug]
              and " p=" in line)  # fmt: skip
    score, named = lines[at + 1].strip().split(", from ", 1)
    assert score == decision.candidate.evidence.text
    shown = re.findall(r"'([^']+)'", named)
    assert shown and set(shown) <= set(terms(paper.listing))
