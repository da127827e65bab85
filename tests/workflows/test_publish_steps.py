"""The publish workflow's own step scripts, run for real (issue 20): the bot's push rebased onto a
change merged meanwhile, a failed fetch still committed and the run failed at its end, the fetch's
source a setting, and nothing a pull request writes read as a workflow command."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.commands.tagcompare import FixedPaper, format_fixed
from generator.errors import Problem
from tests.conftest import ROOT
from tests.workflows.test_workflows import (
    BIN,
    PR,
    PUBLISH,
    load,
    pull_request_repo,
    run_tag_summary_step,
)

DAY = "content/days/2025/2025-06-02.yml"


def step(job: str, step_id_or_name: str) -> dict[str, object]:
    steps = load(PUBLISH)["jobs"][job]["steps"]
    (found,) = (s for s in steps if step_id_or_name in (s.get("id"), s.get("name")))
    return found


def run_script(script: object, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-e", "-c", str(script)], cwd=cwd, env={**os.environ, **env},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def git(repo: Path, *args: str) -> str:
    identity = ["-c", "user.name=t", "-c", "user.email=t@t"]
    done = subprocess.run(
        ["git", "-C", str(repo), *identity, *args], check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    """A bare repository standing for GitHub, its main branch holding one day file."""
    seed = tmp_path / "seed"
    (seed / DAY).parent.mkdir(parents=True)
    (seed / DAY).write_text("date: 2025-06-02\npapers: []\n")
    (seed / "README.md").write_text("seed\n")
    git(seed.parent, "init", "-q", "-b", "main", str(seed))
    git(seed, "add", "-A")
    git(seed, "commit", "-qm", "seed")
    bare = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(bare))
    return bare


def runner_checkout(origin: Path, where: Path) -> Path:
    """The fetch job's checkout: shallow, as actions/checkout makes it."""
    git(where.parent, "clone", "-q", "--depth", "1", f"file://{origin}", str(where))
    return where


def merge_meanwhile(origin: Path, tmp_path: Path, path: str, text: str) -> str:
    """A pull request merged while the job runs: a commit on origin's main."""
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(origin), str(other))
    (other / path).parent.mkdir(parents=True, exist_ok=True)
    (other / path).write_text(text)
    git(other, "add", "-A")
    git(other, "commit", "-qm", "merged meanwhile")
    git(other, "push", "-q", "origin", "HEAD:main")
    return git(other, "rev-parse", "HEAD")


def commit_step(
    checkout: Path, origin: Path, tmp_path: Path
) -> tuple[subprocess.CompletedProcess[str], Path]:
    output = tmp_path / "github-output"
    script = step("fetch", "commit")["run"]
    if not (checkout / ".venv").exists():  # the job's install (untracked: never committed)
        (checkout / ".venv").symlink_to(BIN.parent)
    env = {
        "PUSH_REMOTE": f"file://{origin}",
        "GITHUB_REF_NAME": "main",
        "GITHUB_OUTPUT": str(output),
    }
    return run_script(script, checkout, **env), output


@pytest.mark.slow
def test_the_bots_push_is_rebased_onto_a_change_merged_meanwhile(
    origin: Path, tmp_path: Path
) -> None:
    checkout = runner_checkout(origin, tmp_path / "runner")
    (checkout / "content/days/2025/2025-06-03.yml").write_text("date: 2025-06-03\npapers: []\n")
    merged = merge_meanwhile(origin, tmp_path, "content/tags.yml", "families: {}\n")
    result, output = commit_step(checkout, origin, tmp_path)
    assert result.returncode == 0, result.stderr
    head = git(origin, "rev-parse", "main")
    assert output.read_text() == f"commit={head}\n"
    assert git(origin, "rev-parse", "main~1") == merged  # the bot's commit on top of the merge
    assert "2025-06-03.yml" in git(origin, "show", "--name-only", "--format=", "main")


@pytest.mark.slow
def test_days_rebased_onto_a_change_that_breaks_them_are_not_pushed(
    origin: Path, tmp_path: Path
) -> None:
    """What lands is the fetched days on top of the change merged meanwhile: `check` runs on
    that, and a failure leaves main as the merge left it (here the merge broke the vocabulary)."""
    checkout = runner_checkout(origin, tmp_path / "runner")
    (checkout / "content/days/2025/2025-06-03.yml").write_text("date: 2025-06-03\npapers: []\n")
    merged = merge_meanwhile(origin, tmp_path, "content/tags.yml", "families: [\n")
    result, _ = commit_step(checkout, origin, tmp_path)
    assert result.returncode == 1
    assert "::error file=content/tags.yml" in result.stdout
    assert git(origin, "rev-parse", "main") == merged


@pytest.mark.slow
def test_a_conflicting_change_fails_the_push_clearly(origin: Path, tmp_path: Path) -> None:
    checkout = runner_checkout(origin, tmp_path / "runner")
    (checkout / DAY).write_text("date: 2025-06-02\npapers: [fetched]\n")
    merged = merge_meanwhile(origin, tmp_path, DAY, "date: 2025-06-02\npapers: [fixed]\n")
    result, _ = commit_step(checkout, origin, tmp_path)
    assert result.returncode == 1
    assert "::error::the fetched days conflict with a change merged meanwhile" in result.stdout
    assert git(origin, "rev-parse", "main") == merged


def test_nothing_changed_nothing_pushed(origin: Path, tmp_path: Path) -> None:
    checkout = runner_checkout(origin, tmp_path / "runner")
    before = git(origin, "rev-parse", "main")
    result, output = commit_step(checkout, origin, tmp_path)
    assert result.returncode == 0 and "No day changed." in result.stdout
    assert output.read_text() == f"commit={before}\n"


def test_a_failed_fetch_is_committed_published_then_fails_the_run() -> None:
    workflow = load(PUBLISH)
    jobs = workflow["jobs"]
    fetch = step("fetch", "fetch")
    assert fetch["continue-on-error"] is True
    assert jobs["fetch"]["outputs"]["fetched"] == "${{ steps.fetch.outcome }}"
    verdict = jobs["verdict"]
    assert verdict["needs"] == ["fetch", "deploy"] and verdict["if"] == "${{ always() }}"
    (check,) = verdict["steps"]
    # What the message says landed must be what did: nothing when the job itself failed.
    cases = [
        ("success", "success", "success", 0, "the fetch succeeded"),
        ("success", "failure", "success", 1, "were committed and published"),
        ("success", "failure", "failure", 1, "were committed, but not published"),
        ("failure", "", "skipped", 1, "no fetched day was committed"),
        ("failure", "success", "skipped", 1, "no fetched day was committed"),
    ]
    for job, outcome, deploy, code, said in cases:
        env = {"FETCH_JOB": job, "FETCH_STEP": outcome, "DEPLOY_JOB": deploy}
        result = run_script(check["run"], Path.cwd(), **env)
        assert result.returncode == code and said in result.stdout, (job, outcome, deploy)


@pytest.mark.parametrize(
    ("source", "code", "said"),
    [("none", 0, "ARCHIVE_SOURCE is none: nothing is fetched"), ("ftp://x", 2, "should be")],
)
def test_the_fetch_source_is_a_setting(tmp_path: Path, source: str, code: int, said: str) -> None:
    result = run_script(step("fetch", "fetch")["run"], tmp_path, ARCHIVE_SOURCE=source)
    assert result.returncode == code and said in result.stdout
    lines = result.stdout.splitlines()
    stop = lines[0].removeprefix("::stop-commands::")
    assert len(stop) == 32 and lines[-1] == f"::{stop}::"


def test_the_site_address_comes_from_pages_and_the_run() -> None:
    build = load(PUBLISH)["jobs"]["build"]
    pages = next(s for s in build["steps"] if s.get("id") == "pages")
    assert pages["uses"].startswith("actions/configure-pages@")
    (make,) = (s for s in build["steps"] if "make site" in s.get("run", ""))
    assert make["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert make["env"]["REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    config = (ROOT / "mkdocs.yml").read_text()
    assert 'site_url: !ENV [SITE_URL, "' in config and 'repo_url: !ENV [REPO_URL, "' in config


@given(st.text(max_size=40), st.text(max_size=40), st.none() | st.integers(1, 10**6))
def test_annotations_are_one_line_and_escaped(path: str, message: str, line: int | None) -> None:
    shown = Problem(path, line, message).as_github_annotation()
    assert "\n" not in shown and "\r" not in shown
    head, _, data = shown.partition("::")[2].partition("::")
    properties = head.removeprefix("error ")
    where = properties.split(",")
    assert where[0].startswith("file=") and len(where) == (1 if line is None else 2)
    unescape = {"%0A": "\n", "%0D": "\r", "%3A": ":", "%2C": ",", "%25": "%"}
    decoded = where[0].removeprefix("file=")
    for code, char in unescape.items():
        decoded = decoded.replace(code, char)
    assert decoded == path
    assert ":" not in where[0] and data.replace("%0A", "").count("\n") == 0


@given(st.text(max_size=40), st.text(max_size=40), st.none() | st.integers(1, 10**6))
def test_plain_problems_are_one_line_too(path: str, message: str, line: int | None) -> None:
    # `check` without --github, and the MkDocs build's log, print them as they are.
    shown = str(Problem(path, line, message))
    assert len(shown.splitlines()) == 1 and all(char.isprintable() for char in shown)


def test_a_huge_value_is_not_echoed_whole() -> None:
    problem = Problem("day.yml", 3, "unknown tag '" + "x" * 5_000_000 + "'")
    assert len(str(problem)) < 1100 and len(problem.as_github_annotation()) < 1100
    assert str(problem).endswith("... (4,999,014 more characters)")


def test_the_fixed_papers_list_shows_invisible_characters_as_escapes() -> None:
    fixed = FixedPaper("1", "\u202eevil\u202c and\nmore", ("rag",), ())
    assert format_fixed([fixed]).splitlines()[1] == "  1: \\u202eevil\\u202c and more"


def test_a_hostile_title_in_a_pull_request_stays_inside_its_line(
    fixture_content: Path, tmp_path: Path
) -> None:
    import yaml

    def retitle(repo: Path) -> None:
        path = next((repo / "content" / "days").rglob("*.yml"))
        data = yaml.safe_load(path.read_text())
        data["papers"][0]["title"] = "Fine\n::warning::owned\n~~~~\n# Heading"
        data["papers"][0]["tags"] = ["quantization"]
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))

    repo = tmp_path / "repo"
    pull_request_repo(fixture_content, repo, retitle)
    temp = tmp_path / "temp"
    temp.mkdir()
    printed, summary = run_tag_summary_step(repo, temp)
    assert summary is not None and "Fine\\n::warning::owned\\n~~~~\\n# Heading" in summary
    lines = printed.splitlines()
    stop = next(line for line in lines if line.startswith("::stop-commands::"))
    inside = lines[
        lines.index(stop) + 1 : lines.index(f"::{stop.removeprefix('::stop-commands::')}::")
    ]
    assert not any(line.startswith("::") for line in inside)
    fence = summary.splitlines()[1].removesuffix("text")
    assert len(fence) > 4 and summary.rstrip().endswith(fence)
    assert BIN.exists() and PR.exists()
