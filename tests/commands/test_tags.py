"""`python -m generator tags`: tag statistics against the hand labels, and `--compare`, what a
rule change does to the tags."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.archive.derive import load_archive_and_tagger
from generator.archive.model import Paper
from generator.archive.training import label_files
from generator.commands.cli import main
from generator.commands.tagstats import load_labels
from generator.content.store import day_path
from tests.conftest import write_fix


def test_tag_stats_pool_the_label_files_and_the_held_out_ones(
    fixture_content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive, tagger = load_archive_and_tagger(fixture_content)
    first, second = [paper for paper in archive.papers.values() if tagger.tags_for(paper.listing)][
        :2
    ]
    right = sorted(tagger.tags_for(first.listing))
    wrong = next(
        slug for slug in sorted(archive.tags) if slug not in tagger.tags_for(second.listing)
    )
    tuning = tmp_path / "tag-labels-1-tuning.yml"
    held_out = tmp_path / "tag-labels-2-heldout.yml"
    tuning.write_text(f"labels:\n  '{first.id}': {right}\n", encoding="utf-8")
    held_out.write_text(f"labels:\n  '{second.id}': [{wrong}]\n", encoding="utf-8")
    args = ["tags", "--stats", "--content", str(fixture_content)]
    assert main([*args, "--labels", str(tuning), "--labels", str(held_out)]) == 0
    blocks = capsys.readouterr().out.split("\n\n")
    scores = {block.splitlines()[0]: block.splitlines()[-1] for block in blocks[2:]}
    found = len(tagger.tags_for(second.listing))
    pooled = len(right) / (len(right) + found)
    assert scores[f"{tuning}:"] == "precision: 1.000  recall: 1.000"
    assert scores[f"{held_out}:"] == "precision: 0.000  recall: 0.000"
    assert scores["all label files together:"] == (
        f"precision: {pooled:.3f}  recall: {len(right) / (len(right) + 1):.3f}"
    )
    assert scores["held-out label files together:"] == "precision: 0.000  recall: 0.000"


def trained_papers() -> set[str]:
    """The papers of the repository's labels: those the learned model learns from."""
    return {paper for path in label_files() for paper in load_labels(path)}


def vetoed(content: Path, out: Path) -> tuple[Paper, str]:
    """A copy of the vocabulary at `out` whose rule for one tag refuses one paper; both returned.

    The paper keeps other tags, so the old rules give it no tag in place of the refused one.
    """
    archive, tagger = load_archive_and_tagger(content)
    rules = tagger.taxonomy.rules
    alone = {rule.slug for rule in rules if not rule.implies} - {
        slug for rule in rules for slug in rule.implies
    }
    paper, slug = next(
        (paper, slug)
        for paper in archive.papers.values()
        if len(tagger.tags_for(paper.listing)) > 1
        for slug in sorted(tagger.tags_for(paper.listing) & alone)
    )
    data = yaml.safe_load((content / "tags.yml").read_text(encoding="utf-8"))
    rule = next(tag for tags in data["families"].values() for tag in tags if tag["slug"] == slug)
    rule["unless"] = [*rule.get("unless", []), re.escape(paper.listing.title)]
    out.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return paper, slug


def test_tags_compare_shows_what_a_rule_change_does(
    fixture_content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The old rules refuse one paper a tag: the change lists that paper, the tag and the labels."""
    old = tmp_path / "old-tags.yml"
    paper, slug = vetoed(fixture_content, old)
    wanted = sorted(paper.tags)
    labels = tmp_path / "tag-labels-1-heldout.yml"
    labels.write_text(f"labels:\n  '{paper.id}': {wanted}\n", encoding="utf-8")

    args = ["tags", "--content", str(fixture_content), "--labels", str(labels)]
    assert main([*args, "--compare", str(old)]) == 0
    out = capsys.readouterr().out
    papers = len(load_archive_and_tagger(fixture_content)[0].papers)
    assert f"papers whose tags change: 1 of {papers}\n" in out
    assert re.search(rf"^{slug} +1 +0$", out, re.MULTILINE)
    assert f"\n{paper.id}: +{slug}  (" in out
    recall = (len(wanted) - 1) / len(wanted)
    assert f"{labels}: precision 1.000 -> 1.000, recall {recall:.3f} -> 1.000" in out
    assert "unnecessary" not in out
    # The rules changed, so the model was trained anew: other tags could have moved; the scores
    # are flattered only where the model learned from the paper's labels.
    assert "trained anew for the new rules" in out
    assert ("flatter it" in out) is (paper.id in trained_papers())


def test_tags_compare_finds_the_fixes_a_rule_change_makes_unnecessary(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fix added the tag the old rules refused; the new rules give it, so the fix can go."""
    old = tmp_path / "old-tags.yml"
    paper, slug = vetoed(content_copy, old)
    write_fix(day_path(content_copy, paper.last_day), paper.id, {"add": [slug]})

    args = ["tags", "--content", str(content_copy), "--labels", str(tmp_path / "none.yml")]
    (tmp_path / "none.yml").write_text("labels: {}\n", encoding="utf-8")
    assert main([*args, "--compare", str(old)]) == 0
    out = capsys.readouterr().out
    assert "papers whose tags change: 0 of" in out  # the fix showed the tag before, too
    assert out.endswith(
        f"fixes this change makes unnecessary (the rules now give what they ask): 1\n  {paper.id}\n"
    )  # and no scores from a label file with none of these papers


def test_tags_compare_names_a_missing_file(
    fixture_content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.yml"
    assert main(["tags", "--content", str(fixture_content), "--compare", str(missing)]) == 1
    assert capsys.readouterr().err == (
        f"{missing.as_posix()}: no such file or folder to compare with\n"
    )


@pytest.mark.slow
def test_tags_compare_with_an_older_content_folder_counts_new_papers(
    fixture_content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The base branch had a day less: its papers are counted as added, not as changed."""
    old = Path(shutil.copytree(fixture_content, tmp_path / "old"))
    newest = sorted((old / "days").rglob("*.yml"))[-1]
    newest_text = newest.read_text(encoding="utf-8")
    added = len(yaml.safe_load(newest_text)["papers"])
    newest.unlink()
    archive = load_archive_and_tagger(fixture_content)[0]
    assert main(["tags", "--content", str(fixture_content), "--compare", str(old)]) == 0
    out = capsys.readouterr().out
    assert f"papers whose tags change: 0 of {len(archive.papers)}\npapers added: {added}, " in out
    assert "papers gone: 0\n" in out
    # The other way round, the day's papers are gone, and each is named.
    assert main(["tags", "--content", str(old), "--compare", str(fixture_content)]) == 0
    out = capsys.readouterr().out
    assert f"papers added: 0, papers gone: {added}\n" in out
    gone = sorted(yaml.safe_load(newest_text)["papers"], key=lambda paper: str(paper["id"]))
    assert f"  gone: {gone[0]['id']}  ({gone[0]['title'][:20]}" in out  # the first of 30 named
    assert f"  ... and {added - 30} more gone\n" in out


def test_tag_stats_count_what_fixes_add_and_remove(
    content_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Fixes are where the rules were wrong: the stats count them per tag, and find idle ones."""
    archive, tagger = load_archive_and_tagger(content_copy)
    assert not any(paper.listing.tag_fix for paper in archive.papers.values())
    path = sorted((content_copy / "days").rglob("*.yml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first, second = (
        tagger.tags_for(archive.papers[str(p["id"])].listing) for p in data["papers"][:2]
    )
    dropped = sorted(first)[0]
    added = next(slug for slug in sorted(archive.tags) if slug not in first)
    write_fix(path, str(data["papers"][0]["id"]), {"add": [added], "remove": [dropped]})
    write_fix(path, str(data["papers"][1]["id"]), sorted(second))  # what the rules give already

    assert main(["tags", "--content", str(content_copy), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "\npapers with a tag fix: 2\n" in out
    assert re.search(rf"^{added} +1 +0$", out, re.MULTILINE)
    assert re.search(rf"^{dropped} +0 +1$", out, re.MULTILINE)
    idle = f"fixes the rules now agree with (they can go): 1\n  {data['papers'][1]['id']}\n"
    assert idle in out


def test_tag_stats_show_each_half_years_largest_tags(
    fixture_content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The aim of no tag on more than 15% of any half-year's papers is checked per half-year of
    the papers' first days, and a tag over it is marked."""
    archive, _ = load_archive_and_tagger(fixture_content)
    assert main(["tags", "--stats", "--content", str(fixture_content)]) == 0
    out = capsys.readouterr().out
    table = out.split("largest tags per half-year")[1].split("\n\n")[0].splitlines()[2:]
    rows = {line[:10].strip(): line for line in table}
    assert list(rows) == ["2024 H2", "2025 H1", "2025 H2"]  # the fixture's days: Dec to Aug
    for name, line in rows.items():
        year, half = int(name[:4]), int(name[-1])
        papers = [
            p
            for p in archive.papers.values()
            if p.first_day.year == year and (p.first_day.month > 6) == (half == 2)
        ]
        counts: dict[str, int] = {}
        for paper in papers:
            for slug in paper.tags:
                counts[slug] = counts.get(slug, 0) + 1
        slug = min(counts, key=lambda s: (-counts[s], s))
        share = counts[slug] / len(papers)
        assert line.split()[2] == str(len(papers))
        mark = "*" if share > 0.15 else ""
        assert line.split("  ")[-1].startswith(f"{slug} {share:.1%}{mark}"), line
    assert "*" in "".join(rows.values())  # five days: some tag is over 15% in one of them


def test_missing_folders_and_files_are_named_not_taken_as_empty(
    fixture_content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    for args in (["check"], ["tags", "--stats"], ["tags", "--explain", "2505.24864"]):
        assert main([*args, "--content", str(missing)]) == 1
        assert capsys.readouterr().err == f"error: no content folder {missing}\n"
    labels = ["tags", "--content", str(fixture_content), "--labels", str(missing / "x.yml")]
    assert main(labels) == 1
    assert capsys.readouterr().err == f"{missing / 'x.yml'}: no such label file\n"
    assert main(["tags", "--content", str(fixture_content), "--explain", ""]) == 1
    assert capsys.readouterr().err == "error: no paper with id '' in the content\n"


def test_a_label_file_about_other_papers_is_not_scored(
    fixture_content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "tag-labels-1-tuning.yml"
    other.write_text("labels:\n  '9999.99999': [agents]\n", encoding="utf-8")
    assert main(["tags", "--content", str(fixture_content), "--labels", str(other)]) == 0
    assert f"{other}: none of its papers is in this content" in capsys.readouterr().out


def test_the_repositorys_labels_are_found_from_any_folder(
    fixture_content: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["tags", "--content", str(fixture_content)]) == 0
    assert "held-out label files together" in capsys.readouterr().out


def test_one_report_a_run(fixture_content: Path) -> None:
    # `--explain X --stats` printed the explanation and ignored --stats without a word.
    with pytest.raises(SystemExit) as exit_:
        main(["tags", "--content", str(fixture_content), "--explain", "2505.24864", "--stats"])
    assert exit_.value.code == 2


def test_tags_says_flattered_only_of_labels_the_model_learned_from(
    fixture_content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A set scored at first use (not yet in labels/) gets no warning; a trained-on one does."""
    trained = trained_papers()
    papers = load_archive_and_tagger(fixture_content)[0].papers
    seen = next(paper for paper in sorted(papers) if paper in trained)
    unseen = next(paper for paper in sorted(papers) if paper not in trained)
    for paper, flattered in ((unseen, False), (seen, True)):
        labels = tmp_path / f"tag-labels-{paper}.yml"
        labels.write_text(f"labels:\n  '{paper}': [agents]\n", encoding="utf-8")
        args = ["tags", "--content", str(fixture_content), "--labels", str(labels)]
        assert main(args) == 0
        assert ("flatter it" in capsys.readouterr().out) is flattered
