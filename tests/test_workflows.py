"""The GitHub workflows, checked offline: zizmor, the workflow schema, and our own rules."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

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
    assert jobs["build"]["permissions"] == {"contents": "read"}


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


@pytest.mark.parametrize("path", [PUBLISH, PR])
def test_checkouts_keep_no_credentials(path: Path) -> None:
    for step in steps(load(path)):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_dependabot_updates_the_actions() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    ecosystems = {update["package-ecosystem"] for update in config["updates"]}
    assert {"github-actions", "pip"} <= ecosystems
