"""The vocabulary's rules on real titles and abstracts, one test per family, and the rule engine."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from generator.archive.crossval import Score
from generator.archive.model import Listing
from generator.archive.prefilter import Scan, triggers
from generator.archive.tagging import RuleTagger, _RuleIndex
from generator.archive.taxonomy import load_taxonomy, normalise_keyword
from generator.commands.tagstats import hide_unlabelled, load_labels
from tests.conftest import FIXTURES, ROOT


@pytest.fixture(scope="module")
def tagger() -> RuleTagger:
    """The rules of the repository's own vocabulary, `content/tags.yml`: the rules under test."""
    taxonomy = load_taxonomy(ROOT / "content")
    assert taxonomy is not None
    return RuleTagger(taxonomy)


def tags(
    tagger: RuleTagger, title: str, abstract: str = "", keywords: tuple[str, ...] = ()
) -> set[str]:
    return set(
        tagger.tags_for(Listing(id="x", title=title, abstract=abstract, ai_keywords=keywords))
    )


# Real titles from the Daily Papers corpus, and a tag each must get.
FAMILIES = {
    "Architectures": [
        ("Selective Attention Improves Transformer", "attention"),
        (
            "Point-MoE: Towards Cross-Domain Generalization in 3D Semantic Segmentation via Mixture-of-Experts",
            "mixture-of-experts",
        ),
        (
            "Samba-asr state-of-the-art speech recognition leveraging structured state-space models",
            "state-space-models",
        ),
        ("Progressive Autoregressive Video Diffusion Models", "diffusion-models"),
        ("LARP: Tokenizing Videos with a Learned Autoregressive Generative Prior", "tokenization"),
    ],
    "Training": [
        (
            "WebRL: Training LLM Web Agents via Self-Evolving Online Curriculum Reinforcement Learning",
            "reinforcement-learning",
        ),
        ("SALT: Singular Value Adaptation with Low-Rank Transformation", "peft"),
        ("DistiLLM-2: A Contrastive Approach Boosts the Distillation of LLMs", "distillation"),
        (
            "RegMix: Data Mixture as Regression for Language Model Pre-training",
            "pretraining-scaling",
        ),
        ("New Desiderata for Direct Preference Optimization", "preference-alignment"),
    ],
    "Efficiency": [
        (
            "Low-Bit Quantization Favors Undertrained LLMs: Scaling Laws for Quantized LLMs with 100T Training Tokens",
            "quantization",
        ),
        (
            "FastKV: KV Cache Compression for Fast Long-Context Processing with Token-Selective Propagation",
            "kv-cache",
        ),
        (
            "MagicDec: Breaking the Latency-Throughput Tradeoff for Long Context Generation with Speculative Decoding",
            "speculative-decoding",
        ),
        (
            "MaskLLM: Learnable Semi-Structured Sparsity for Large Language Models",
            "pruning-sparsity",
        ),
        ("InfiniPot: Infinite Context Processing on Memory-Constrained LLMs", "long-context"),
    ],
    "Language models": [
        (
            "Step Back to Leap Forward: Self-Backtracking for Boosting Reasoning of Language Models",
            "reasoning",
        ),
        ("Solving Inequality Proofs with Large Language Models", "math-reasoning"),
        ("S*: Test Time Scaling for Code Generation", "test-time-scaling"),
        (
            "DeCoRe: Decoding by Contrasting Retrieval Heads to Mitigate Hallucinations",
            "hallucination",
        ),
        (
            "WildTeaming at Scale: From In-the-Wild Jailbreaks to (Adversarially) Safer Language Models",
            "safety",
        ),
    ],
    "Vision and media": [
        (
            "MMIU: Multimodal Multi-image Understanding for Evaluating Large Vision-Language Models",
            "vision-language",
        ),
        ("UltraEdit: Instruction-based Fine-Grained Image Editing at Scale", "image-editing"),
        ("Mobius: Text to Seamless Looping Video Generation via Latent Shift", "video-generation"),
        ("EVER: Exact Volumetric Ellipsoid Rendering for Real-time View Synthesis", "3d-vision"),
        (
            "Samba-asr state-of-the-art speech recognition leveraging structured state-space models",
            "speech-audio",
        ),
    ],
    "Applications": [
        ("CodeCriticBench: A Holistic Code Critique Benchmark for Large Language Models", "code"),
        (
            "Agent S2: A Compositional Generalist-Specialist Framework for Computer Use Agents",
            "agents",
        ),
        ("TidyBot++: An Open-Source Holonomic Mobile Manipulator for Robot Learning", "robotics"),
        ("A Preliminary Study of o1 in Medicine: Are We Closer to an AI Doctor?", "medicine"),
        ("DPLM-2: A Multimodal Diffusion Protein Language Model", "science"),
    ],
    "Evaluation": [
        (
            "MMBench-Video: A Long-Form Multi-Shot Benchmark for Holistic Video Understanding",
            "benchmarks",
        ),
        ("From Generation to Judgment: Opportunities and Challenges of LLM-as-a-judge", "surveys"),
    ],
}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_each_family_tags_real_titles(tagger: RuleTagger, family: str) -> None:
    for title, slug in FAMILIES[family]:
        assert slug in tags(tagger, title), title
        assert tagger.taxonomy.tags[slug].family == family


def test_attention_is_not_every_transformer_paper(tagger: RuleTagger) -> None:
    abstract = (
        "Transformers have drawn much attention. We pay close attention to data. "
        "Our transformer uses self-attention as usual and improves translation."
    )
    assert "attention" not in tags(tagger, "A Transformer for Translation", abstract)
    assert "attention" in tags(tagger, "Native Sparse Attention for Long Inputs")


def test_a_comparison_with_diffusion_is_not_a_diffusion_paper(tagger: RuleTagger) -> None:
    title = "Autoregressive Model Beats Diffusion: Llama for Scalable Image Generation"
    abstract = "Our models outperform the popular diffusion models such as LDM."
    assert "diffusion-models" not in tags(tagger, title, abstract)
    assert "image-generation" in tags(tagger, title, abstract)


def test_idioms_and_lookalikes_do_not_tag(tagger: RuleTagger) -> None:
    assert "code" not in tags(
        tagger, "Stylecodes: Encoding Stylistic Information For Image Generation"
    )
    assert "safety" not in tags(
        tagger, "SAFE-SQL: Self-Augmented In-Context Learning for Text-to-SQL"
    )
    assert "humans-motion" not in tags(
        tagger, "Forecasting Open-Weight AI Model Growth on Hugging Face"
    )
    assert "multilingual" not in tags(
        tagger, "TPI-LLM: Serving 70B-scale LLMs on Low-resource Edge Devices"
    )
    # Each of these once got the tag next to it (found with the hand labels).
    lookalikes = [
        ("Reasoning Model is Stubborn: Diagnosing Instruction Overriding", "medicine"),
        ("Scaling Up Personalized Aesthetic Assessment", "pretraining-scaling"),
        (
            "Fourier Position Embedding: Enhancing Attention's Periodic Extension",
            "representation-learning",
        ),
        (
            "Eagle 2.5: Boosting Long-Context Post-Training for Vision-Language Models",
            "speculative-decoding",
        ),
        ("A Survey of Small Language Models", "pretraining-scaling"),
        ("MaterialFusion: Enhancing Inverse Rendering with Material Diffusion Priors", "science"),
        ("Berkeley Humanoid: A Research Platform for Learning-based Control", "humans-motion"),
        ("Mapping the Media Landscape: Predicting Factual Reporting", "surveys"),
        ("SurveyForge: Multi-dimensional Evaluation for Automated Survey Writing", "surveys"),
        (
            "RDTF: Resource-efficient Dual-mask Training Framework for Sticker Generation",
            "distributed-systems",
        ),
        ("PowerInfer-2: Fast Large Language Model Inference on a Smartphone", "agents"),
        ("Falcon Mamba: The First Competitive Attention-free 7B Language Model", "attention"),
        ("Semantic Score Distillation Sampling for Compositional Text-to-3D", "distillation"),
        ("UniDet3D: Multi-dataset Indoor 3D Object Detection", "data-curation"),
        (
            "WorldMedQA-V: a multilingual medical examination dataset for evaluation",
            "data-curation",
        ),
        ("DELIFT: Data Efficient Language model Instruction Fine Tuning", "efficient-inference"),
        ("MaskBit: Embedding-free Image Generation via Bit Tokens", "representation-learning"),
        ("Facing the Music: Singing Voice Separation in Cinematic Audio", "video-generation"),
        ("One-Minute Video Generation with Test-Time Training", "test-time-scaling"),
        ("In-Context LoRA for Diffusion Transformers", "prompting"),
        ("CLaSp: In-Context Layer Skip for Self-Speculative Decoding", "prompting"),
        ("KUDA: Keypoints and Visual Prompting for Robotic Manipulation", "prompting"),
        ("LLMs Can Easily Learn to Reason from Demonstrations", "prompting"),
    ]
    for title, slug in lookalikes:
        assert slug not in tags(tagger, title), title


def test_titles_the_rules_once_missed_get_their_tag(tagger: RuleTagger) -> None:
    # Each of these once lacked the tag next to it (found with the hand labels).
    missed = [
        ("MeshAnything V2: Artist-Created Mesh Generation", "3d-vision"),
        ("UnCommon Objects in 3D", "3d-vision"),
        (
            "NNsight and NDIF: Democratizing Access to Foundation Model Internals",
            "interpretability",
        ),
        (
            "Large Multi-modal Models Can Interpret Features in Large Multi-modal Models",
            "interpretability",
        ),
        ("On scalable oversight with weak LLMs judging strong LLMs", "safety"),
        ("VideoLLM Knows When to Speak", "vision-language"),
        ("Skywork R1V2: Multimodal Hybrid Reinforcement Learning for Reasoning", "vision-language"),
        ("WebThinker: Empowering Large Reasoning Models with Deep Research Capability", "agents"),
        ("Scaling Laws for Linear Complexity Language Models", "state-space-models"),
        ("FuseChat: Knowledge Fusion of Chat Models", "distillation"),
        (
            "Robots Pre-train Robots: Manipulation-Centric Robotic Representation",
            "representation-learning",
        ),
        ("MaskBit: Embedding-free Image Generation via Bit Tokens", "tokenization"),
    ]
    for title, slug in missed:
        assert slug in tags(tagger, title), title


def test_the_abstract_counts_where_it_opens(tagger: RuleTagger) -> None:
    # Abstracts name their topic first; one named only near the end is a use or a comparison.
    # A paper that would get no tag at all still gets the later ones (browsing needs a tag).
    topic = "We distil a student model from a teacher model. "
    filler = "Our method is simple, general and strong, and it beats prior work on many tasks. " * 5
    title = "A Benchmark for Robot Manipulation"
    assert "distillation" in tags(tagger, title, topic + filler)
    assert "distillation" not in tags(tagger, title, filler + topic)
    assert tags(tagger, "A Simple Method", filler + topic) == {"distillation"}


def test_source_keywords_map_through_aliases(tagger: RuleTagger) -> None:
    assert normalise_keyword("Large Language Models (LLMs)") == "large language model"
    assert normalise_keyword("Mixture-of-Experts") == normalise_keyword("mixture of experts")
    moe = ("Mixture-of-Experts (MoE)",)
    assert "mixture-of-experts" in tags(tagger, "A model", "Sparse MoE layers.", keywords=moe)
    assert "kv-cache" in tags(tagger, "A model", keywords=("KV cache",))


def test_a_source_keyword_counts_as_one_abstract_mention(tagger: RuleTagger) -> None:
    # ai_keywords list everything an abstract mentions, so for tags that need several abstract
    # mentions a keyword is one of them, not a verdict: a training-systems paper listing "GRPO"
    # and "DPO" among twenty keywords is not about reinforcement learning or preferences.
    lora = ("LoRA",)
    assert "peft" not in tags(tagger, "A model", keywords=lora)
    assert "peft" not in tags(tagger, "A model", "We tune with LoRA.", keywords=lora)
    assert "peft" in tags(tagger, "A model", "We tune with LoRA and QLoRA.", keywords=lora)
    assert "peft" not in tags(tagger, "A model", "We tune with LoRA and QLoRA.")


def test_a_tag_brings_the_tags_it_implies(tagger: RuleTagger) -> None:
    assert {"kv-cache", "efficient-inference"} <= tags(tagger, "LazyEviction: Lagged KV Eviction")
    assert {"math-reasoning", "reasoning"} <= tags(tagger, "Solving Olympiad Geometry Problems")


@pytest.fixture(scope="module")
def corpus() -> list[Listing]:
    """Every real paper (284 API days and the Aug 12 listing), as tests/fixtures/corpus.jsonl.gz,
    and the papers of the held-out sets 16 to 25 and 28 to 41 (later days), as
    heldout-papers.jsonl.gz."""
    rows = []
    for name in ("corpus.jsonl.gz", "heldout-papers.jsonl.gz"):
        with gzip.open(FIXTURES / name, "rt", encoding="utf-8") as stream:
            rows += [json.loads(line) for line in stream]
    return [
        Listing(
            id=row["id"],
            title=row["title"],
            abstract=row["abstract"],
            ai_keywords=tuple(row["ai_keywords"]),
        )
        for row in rows
    ]


@pytest.mark.slow
def test_coverage_and_the_largest_tag_on_the_whole_corpus(
    tagger: RuleTagger, corpus: list[Listing]
) -> None:
    assigned = [tagger.tags_for(listing) for listing in corpus]
    assert len(corpus) > 4000
    assert sum(1 for found in assigned if found) / len(corpus) >= 0.95
    counts = Counter(slug for found in assigned for slug in found)
    assert max(counts.values()) / len(corpus) <= 0.25


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "precision", "recall"),
    # Floors a little under the measured quality, so that a rule change that breaks tags fails:
    # the tuning sets (0.899 / 0.804 on 2026-11-30), the held-out sets 13-15 (0.868 / 0.687,
    # no longer first use) and each new set at its first-use score (16: 0.793 / 0.590, 17:
    # 0.805 / 0.649, issue 18's final rules; 18: 0.812 / 0.674, 19: 0.842 / 0.700, the same
    # rules, scored before the sets joined labels/; 20: 0.833 / 0.670, 21: 0.781 / 0.692;
    # 22: 0.777 / 0.724, 23: 0.800 / 0.758, 24: 0.737 / 0.665, 25: 0.813 / 0.681; 28: 0.778 /
    # 0.674; 29: 0.840 / 0.628; 30: 0.845 / 0.645; 31: 0.832 / 0.655; 32: 0.883 / 0.648;
    # 33: 0.832 / 0.674; 34: 0.805 / 0.624; 35: 0.821 / 0.697;
    # 36: 0.812 / 0.733; 37: 0.855 / 0.648; 38: 0.872 / 0.645; 39: 0.830 / 0.632;
    # 40: 0.811 / 0.615; 41: 0.861 / 0.654).
    [
        ("tuning", 0.88, 0.79),
        ("1[345]-heldout", 0.85, 0.67),
        ("16-heldout", 0.78, 0.58),
        ("17-heldout", 0.79, 0.63),
        ("18-heldout", 0.80, 0.66),
        ("19-heldout", 0.83, 0.69),
        ("20-heldout", 0.82, 0.66),
        ("21-heldout", 0.77, 0.68),
        ("22-heldout", 0.76, 0.71),
        ("23-heldout", 0.79, 0.74),
        ("24-heldout", 0.72, 0.65),
        ("25-heldout", 0.80, 0.67),
        ("28-heldout", 0.76, 0.66),
        ("29-heldout", 0.82, 0.61),
        ("30-heldout", 0.82, 0.63),
        ("31-heldout", 0.81, 0.64),
        ("32-heldout", 0.86, 0.63),
        ("33-heldout", 0.81, 0.65),
        ("34-heldout", 0.78, 0.60),
        ("35-heldout", 0.80, 0.67),
        ("36-heldout", 0.79, 0.71),
        ("37-heldout", 0.83, 0.62),
        ("38-heldout", 0.85, 0.62),
        ("39-heldout", 0.81, 0.61),
        ("40-heldout", 0.79, 0.59),
        ("41-heldout", 0.84, 0.63),
    ],
)
def test_rules_score_against_the_hand_labels(
    tagger: RuleTagger, corpus: list[Listing], kind: str, precision: float, recall: float
) -> None:
    by_id = {listing.id: listing for listing in corpus}
    score = Score()
    for path in label_files():
        if re.search(rf"-{kind}$", path.stem):
            automatic = {
                paper_id: tagger.tags_for(by_id[paper_id]) for paper_id in load_labels(path)
            }
            for paper_id, found in hide_unlabelled(automatic, [path]).items():
                wanted = load_labels(path)[paper_id]
                score += Score(len(found & wanted), len(found - wanted), len(wanted - found))
    assert score.true_positive > 100
    assert score.precision >= precision
    assert score.recall >= recall


def label_files() -> list[Path]:
    return sorted((ROOT / "labels").glob("tag-labels-*.yml"))


def test_every_hand_label_is_a_tag_of_the_vocabulary(tagger: RuleTagger) -> None:
    # A misspelt slug in a label file would count silently as a tag the rules missed.
    vocabulary = {rule.slug for rule in tagger.taxonomy.rules}
    unknown = {
        (path.name, slug)
        for path in label_files()
        for tags in load_labels(path).values()
        for slug in tags
        if slug not in vocabulary
    }
    assert unknown == set()


def test_at_least_120_papers_are_labelled_by_hand() -> None:
    labelled = {paper for path in label_files() for paper in load_labels(path)}
    assert len(labelled) >= 120


@pytest.mark.slow
def test_the_trigger_prefilter_changes_no_tag(
    tagger: RuleTagger, corpus: list[Listing], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Skipping patterns whose literal triggers are absent must give exactly the same tags."""
    fast = [tagger.tags_for(listing) for listing in corpus[::7]]
    monkeypatch.setattr(
        Scan, "active", lambda self, patterns: frozenset(range(len(patterns.alternatives)))
    )
    assert [tagger.tags_for(listing) for listing in corpus[::7]] == fast


@pytest.mark.slow
def test_asking_only_the_rules_a_paper_triggers_changes_no_evidence(
    tagger: RuleTagger, corpus: list[Listing], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rule index skips rules without a trigger or keyword in the paper: asking every rule
    must give the same tags, evidence and near misses."""

    def explained(listing: Listing) -> tuple[object, ...]:
        found = tagger.evidence(listing)
        return (found.given, found.misses, found.anywhere)

    some = corpus[::5]
    fast = [explained(listing) for listing in some]
    assert sum(1 for given, _, _ in fast if given) > 0.9 * len(some)
    monkeypatch.setattr(
        _RuleIndex, "possible", lambda self, text, keywords: list(range(len(tagger.taxonomy.rules)))
    )
    assert [explained(listing) for listing in some] == fast


def test_triggers_are_literals_every_match_contains() -> None:
    assert triggers(r"quanti[sz]\w*") == {"quanti"}
    assert triggers(r"(?:video|interactive) world models?") == {" world model"}
    assert triggers(r"(?-i:MoEs?)") == {"moe"}
    assert triggers(r"\w+") is None
