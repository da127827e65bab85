"""The GitHub workflows, checked offline: zizmor, the workflow schema, and our own rules."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.archive import training
from generator.archive.derive import load_archive_and_tagger
from generator.mkdocs.plugin import ArchivePluginConfig
from tests.conftest import ROOT, write_fix

WORKFLOWS = ROOT / ".github" / "workflows"
PUBLISH, PR = WORKFLOWS / "publish.yml", WORKFLOWS / "pr.yml"
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
UNTRUSTED = re.compile(r"\$\{\{\s*(github\.event\.|inputs\.|github\.head_ref)")


def load(path: Path) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_zizmor_finds_nothing_even_pedantic() -> None:
    result = subprocess.run(
        [BIN / "zizmor", "--offline", "--persona", "pedantic", "--no-progress", WORKFLOWS],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        (PUBLISH, "vendor.github-workflows"),
        (PR, "vendor.github-workflows"),
        (ROOT / ".github" / "dependabot.yml", "vendor.dependabot"),
    ],
)
def test_valid_against_the_github_schema(path: Path, schema: str) -> None:
    command = [BIN / "check-jsonschema", "--builtin-schema", schema, path]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", [PUBLISH, PR])
def test_every_action_is_pinned_by_commit(path: Path) -> None:
    uses = [step["uses"] for step in steps(load(path)) if "uses" in step]
    assert uses
    for action in uses:
        assert PINNED.match(action), action


@pytest.mark.parametrize("path", [PUBLISH, PR])
def test_no_untrusted_interpolation_in_run(path: Path) -> None:
    for step in steps(load(path)):
        assert not UNTRUSTED.search(step.get("run", "")), step


@pytest.mark.parametrize("path", [PUBLISH, PR])
def test_no_permissions_unless_a_job_asks(path: Path) -> None:
    assert load(path)["permissions"] == {}


def test_only_the_fetch_job_writes_contents() -> None:
    jobs = load(PUBLISH)["jobs"]
    writers = [name for name, job in jobs.items() if job["permissions"].get("contents") == "write"]
    assert writers == ["fetch"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}


def test_publish_runs_daily_fetch_check_commit_build_deploy() -> None:
    workflow = load(PUBLISH)
    (cron,) = (entry["cron"] for entry in workflow["on"]["schedule"])
    minute, hour = cron.split()[:2]
    assert int(minute) % 2 == 1 and hour.isdigit()
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["concurrency"]["group"]
    jobs = workflow["jobs"]
    fetch_runs = "\n".join(step.get("run", "") for step in jobs["fetch"]["steps"])
    assert fetch_runs.index("generator fetch") < fetch_runs.index("generator check")
    assert fetch_runs.index("generator check") < fetch_runs.index("git push")
    assert "github-actions[bot]" in fetch_runs
    # Build from the commit just made, strictly, then deploy what was built.
    assert jobs["build"]["needs"] == "fetch" and jobs["deploy"]["needs"] == "build"
    checkout = jobs["build"]["steps"][0]
    assert checkout["with"]["ref"] == "${{ needs.fetch.outputs.commit }}"
    build_uses = [step.get("uses", "") for step in jobs["build"]["steps"]]
    assert any(use.startswith("actions/upload-pages-artifact@") for use in build_uses)
    assert "make site" in "\n".join(step.get("run", "") for step in jobs["build"]["steps"])
    assert "--strict" in (ROOT / "Makefile").read_text()
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert jobs["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_pull_requests_check_with_annotations_test_and_build() -> None:
    workflow = load(PR)
    assert set(workflow["on"]) == {"pull_request"}
    assert "pull_request_target" not in PR.read_text()
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    for command in ("generator check --github", "make test", "make site"):
        assert command in runs
    (check,) = (step for step in job["steps"] if "check --github" in step.get("run", ""))
    assert "--allow-idle-fixes" not in check["run"]  # a pull request's idle fix fails its check
    # A failed content check (a maintainer's import fails it by design) hides no later result.
    later = job["steps"][job["steps"].index(check) + 1 :]
    assert later and all(step.get("if") == "${{ !cancelled() }}" for step in later)


def pr_step(marker: str) -> str:
    """The script of the pull-request workflow's step whose script holds `marker`."""
    (job,) = load(PR)["jobs"].values()
    (script,) = (step["run"] for step in job["steps"] if marker in step.get("run", ""))
    return script


# The step that extracts the base branch's content, which the check and summary steps read.
BASE_STEP = "git archive HEAD^1 content"


def run_check_step(repo: Path) -> subprocess.CompletedProcess[str]:
    """The pull-request workflow's check step, run as the runner would in the checkout (after
    the step that extracts the base branch's content)."""
    if not (repo / ".venv").exists():
        (repo / ".venv").symlink_to(BIN.parent)
    temp = repo.parent / f"{repo.name}-temp"
    temp.mkdir(exist_ok=True)
    env = {**os.environ, "RUNNER_TEMP": str(temp)}
    script = pr_step(BASE_STEP) + "\n" + pr_step("check --github")
    return subprocess.run(
        ["bash", "-e", "-c", script], cwd=repo, env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.slow
def test_a_pull_request_answers_only_for_the_idle_fixes_in_its_own_files(
    fixture_content: Path, tmp_path: Path
) -> None:
    """On the base branch a fix went idle (the publish allows that); a pull request fixing
    another day passes, and one adding an idle fix of its own fails on its line."""
    days = sorted((fixture_content / "days").rglob("*.yml"))
    base = tmp_path / "base"
    shutil.copytree(fixture_content, base)
    archive = load_archive_and_tagger(fixture_content)[0]

    def paper_of(day: Path) -> tuple[str, tuple[str, ...]]:
        first = str(yaml.safe_load(day.read_text(encoding="utf-8"))["papers"][0]["id"])
        return first, archive.papers[first].tags

    idle_id, idle_tags = paper_of(days[0])
    write_fix(base / days[0].relative_to(fixture_content), idle_id, {"add": [idle_tags[0]]})
    other = days[-1].relative_to(fixture_content)
    other_id, other_tags = paper_of(days[-1])
    missing = next(slug for slug in sorted(archive.tags) if slug not in other_tags)

    def good(repo: Path) -> None:
        write_fix(repo / "content" / other, other_id, {"add": [missing]})

    pull_request_repo(base, tmp_path / "good", good)
    result = run_check_step(tmp_path / "good")
    assert result.returncode == 0, result.stdout + result.stderr

    def idle(repo: Path) -> None:
        write_fix(repo / "content" / other, other_id, {"add": [other_tags[0]]})

    pull_request_repo(base, tmp_path / "idle", idle)
    result = run_check_step(tmp_path / "idle")
    assert result.returncode == 1
    (annotation,) = result.stdout.splitlines()
    assert annotation.startswith(f"::error file=content/days/{other.relative_to('days')}")
    assert "adding it changes nothing" in annotation

    def removed(repo: Path) -> None:  # the fix, and the paper before it deleted by a slip
        day = repo / "content" / other
        write_fix(day, other_id, {"add": [missing]})
        data = yaml.safe_load(day.read_text(encoding="utf-8"))
        data["papers"] = [p for p in data["papers"] if str(p["id"]) != gone_id]
        day.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")

    gone_id = str(yaml.safe_load(days[-1].read_text(encoding="utf-8"))["papers"][1]["id"])
    pull_request_repo(base, tmp_path / "removed", removed)
    result = run_check_step(tmp_path / "removed")
    assert result.returncode == 1
    (annotation,) = result.stdout.splitlines()
    assert annotation.startswith(f"::error file=content/days/{other.relative_to('days')}")
    assert f"paper {gone_id} (" in annotation and "was removed" in annotation

    # A new archive's base holds tags.yml and no days (git keeps no empty folder): the pull
    # request adding its first day is compared with nothing, not refused.
    empty = tmp_path / "empty-base"
    (empty).mkdir()
    shutil.copy(base / "tags.yml", empty / "tags.yml")

    def first_day(repo: Path) -> None:
        shutil.copytree(fixture_content / "days", repo / "content" / "days")

    pull_request_repo(empty, tmp_path / "first", first_day)
    result = run_check_step(tmp_path / "first")
    assert result.returncode == 0, result.stdout + result.stderr

    # Without the base commit there is nothing to compare with: the step fails, never passes.
    shutil.rmtree(tmp_path / "idle" / ".git")
    assert run_check_step(tmp_path / "idle").returncode != 0


def test_the_publish_does_not_hold_new_days_back_for_an_idle_fix() -> None:
    steps = [step for job in load(PUBLISH)["jobs"].values() for step in job["steps"]]
    checks = [step for step in steps if "generator check" in step.get("run", "")]
    assert checks and all("--allow-idle-fixes" in step["run"] for step in checks)
    (build,) = [step for step in steps if "make site" in step.get("run", "")]
    assert build["env"]["ARCHIVE_ALLOW_IDLE_FIXES"] == "1"


def test_the_publish_checks_its_days_again_after_a_rebase() -> None:
    """A pull request merged meanwhile: the days rebased onto it are checked before the push."""
    (step,) = [s for s in steps(load(PUBLISH)) if s.get("id") == "commit"]
    rebase = step["run"].index("git rebase --quiet FETCH_HEAD")
    assert "generator check" in step["run"][rebase:]


@pytest.mark.parametrize("path", [PUBLISH, PR])
def test_checkouts_keep_no_credentials(path: Path) -> None:
    for step in steps(load(path)):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_dependabot_updates_the_actions() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    ecosystems = {update["package-ecosystem"] for update in config["updates"]}
    assert {"github-actions", "pip"} <= ecosystems


def git(repo: Path, *args: str) -> None:
    identity = ["-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "-C", str(repo), *identity, *args], check=True, capture_output=True)


def pull_request_repo(content: Path, repo: Path, change: Callable[[Path], None]) -> None:
    """A repository checked out as GitHub checks out a pull request: a merge commit whose first
    parent is the base branch, and whose second made `change` to the repository."""
    shutil.copytree(content, repo / "content")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "content")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "pull-request")
    change(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "change")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "pull-request")


def run_tag_summary_step(repo: Path, temp: Path) -> tuple[str, str | None]:
    """The pull-request step's own script: what it prints, and the summary it writes."""
    script = pr_step(BASE_STEP) + "\n" + pr_step("--compare")
    (repo / ".venv").symlink_to(BIN.parent)
    summary = temp / "summary.md"
    env = {**os.environ, "RUNNER_TEMP": str(temp), "GITHUB_STEP_SUMMARY": str(summary)}
    result = subprocess.run(
        ["bash", "-e", "-c", script], cwd=repo, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout, summary.read_text() if summary.exists() else None


HEADING = "### What this pull request does to the tags\n~~~~text\n"


@pytest.mark.slow
def test_a_rule_change_in_a_pull_request_is_summarised(
    fixture_content: Path, tmp_path: Path
) -> None:
    """A pull request renames a tag: the run's summary shows every paper it moves."""

    def rename(repo: Path) -> None:
        tags = repo / "content" / "tags.yml"
        tags.write_text(tags.read_text().replace("- slug: robotics", "- slug: robots"))

    pull_request_repo(fixture_content, tmp_path / "repo", rename)
    printed, summary = run_tag_summary_step(tmp_path / "repo", tmp_path)
    assert summary is not None
    assert summary.startswith(HEADING)
    assert re.search(r"^robots +[1-9]\d* +0$", summary, re.MULTILINE)
    assert re.search(r"^robotics +0 +[1-9]\d*$", summary, re.MULTILINE)
    assert summary.endswith("~~~~\n")
    # The log shows the same, between the markers that turn workflow commands off and on.
    start, *shown, end = printed.splitlines(keepends=True)
    assert start.startswith("::stop-commands::") and end == f"::{start[17:].strip()}::\n"
    assert "".join(shown) in summary


@pytest.mark.slow
def test_a_tag_fix_in_a_pull_request_is_summarised(fixture_content: Path, tmp_path: Path) -> None:
    """The commonest pull request: one paper's fix. The summary shows what it does to the paper."""
    day = sorted((fixture_content / "days").rglob("*.yml"))[0]
    paper = yaml.safe_load(day.read_text(encoding="utf-8"))["papers"][0]
    archive = load_archive_and_tagger(fixture_content)[0]
    slug = next(
        slug for slug in sorted(archive.tags) if slug not in archive.papers[paper["id"]].tags
    )

    def fix(repo: Path) -> None:
        write_fix(repo / day.relative_to(fixture_content.parent), str(paper["id"]), {"add": [slug]})

    pull_request_repo(fixture_content, tmp_path / "repo", fix)
    _, summary = run_tag_summary_step(tmp_path / "repo", tmp_path)
    assert summary is not None and summary.startswith(HEADING)
    assert "papers whose tags change: 1 of " in summary
    assert re.search(rf"^{slug} +1 +0$", summary, re.MULTILINE)
    assert f"\n{paper['id']}: +{slug}  (" in summary
    # First, above every table: the fixed paper, its title and its tags before and after.
    before = archive.papers[paper["id"]].tags
    after = tuple(sorted({*before, slug}))
    block = (
        "papers whose tag fix this change adds, edits or drops: 1\n"
        f"  {paper['id']}: {' '.join(paper['title'].split())}\n"
        f"    before: {', '.join(before)}\n    after:  {', '.join(after)}\n"
    )
    assert summary.split("\n", 3)[3].startswith(block)


@pytest.mark.slow
def test_a_pull_request_that_leaves_the_content_adds_no_summary(
    fixture_content: Path, tmp_path: Path
) -> None:
    def note(repo: Path) -> None:
        (repo / "README.md").write_text("not content")

    pull_request_repo(fixture_content, tmp_path / "repo", note)
    printed, summary = run_tag_summary_step(tmp_path / "repo", tmp_path)
    assert printed == "content/ is unchanged\n"
    assert summary is None


@pytest.mark.slow
def test_a_pull_request_that_repairs_a_broken_base_is_not_compared(
    fixture_content: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(fixture_content, broken)
    day = sorted((broken / "days").rglob("*.yml"))[0]
    good = day.read_text(encoding="utf-8")
    day.write_text(good + "  oops: [\n", encoding="utf-8")

    def repair(repo: Path) -> None:
        (repo / "content" / day.relative_to(broken)).write_text(good, encoding="utf-8")

    pull_request_repo(broken, tmp_path / "repo", repair)
    printed, summary = run_tag_summary_step(tmp_path / "repo", tmp_path)
    assert printed == "the base branch's content does not check: nothing to compare with\n"
    assert summary is None


def test_publish_keeps_the_build_state_and_checks_the_size_before_uploading() -> None:
    build = load(PUBLISH)["jobs"]["build"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in build]
    runs = [step.get("run", "") for step in build]
    cache = build[uses.index("actions/cache")]
    # The folder the archive plugin keeps its state and pages in, by default.
    assert cache["with"]["path"] == ".cache/pages"
    assert ArchivePluginConfig().pages_dir == ".cache/pages"
    # Each run saves its own entry (entries cannot be overwritten) and restores the newest.
    key, restore = cache["with"]["key"], cache["with"]["restore-keys"]
    assert "${{ github.run_id }}" in key and key.startswith(restore)
    built = next(i for i, run in enumerate(runs) if "make site" in run)
    sized = next(i for i, run in enumerate(runs) if "generator size site" in run)
    assert uses.index("actions/cache") < built < sized < uses.index("actions/upload-pages-artifact")


def test_publish_trains_the_tag_model_at_most_once_per_change_to_what_it_learns_from() -> None:
    """The fetch job's `check` and the build each trained it (20 s apiece) on every run."""
    jobs = load(PUBLISH)["jobs"]
    store = training.CACHE.relative_to(ROOT).as_posix()
    for name, before in (("fetch", "generator fetch"), ("build", "make site")):
        job_steps = jobs[name]["steps"]
        kept = [
            i
            for i, step in enumerate(job_steps)
            if step.get("uses", "").startswith("actions/cache@") and step["with"]["path"] == store
        ]
        assert len(kept) == 1, name
        key = job_steps[kept[0]]["with"]["key"]
        for source in ("labels/**", "content/tags.yml", "generator/**/*.py"):
            assert f"'{source}'" in key, (name, source)
        user = next(i for i, step in enumerate(job_steps) if before in step.get("run", ""))
        assert kept[0] < user, name


def test_fix_links_name_the_branch_the_site_is_published_from() -> None:
    """mkdocs.yml's `edit/main/` broke every "Fix tags" link of a fork publishing another branch."""
    build = load(PUBLISH)["jobs"]["build"]["steps"]
    env = next(step for step in build if "make site" in step.get("run", ""))["env"]
    assert env["EDIT_URI"] == "edit/${{ github.ref_name }}/"
    assert 'edit_uri: !ENV [EDIT_URI, "edit/main/"]' in (ROOT / "mkdocs.yml").read_text()
