"""Valid HTML: the Nu Html Checker (vnu-jar from npm, run on Java) over one page of each kind."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

# The Nu Html Checker (vnu-jar from npm, run by Java) installs with the browser tools.
pytestmark = pytest.mark.browser

VNU = ROOT / "tests" / "browser" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
KINDS = (
    "index.html", "top/index.html", "top/weeks/2025-W23/index.html",
    "top/months/2025-06/index.html", "days/2025-06-02/index.html", "months/2025-06/index.html",
    "archive/index.html", "tags/index.html", "tags/agents/index.html", "tags/agents/top/index.html",
    "papers/2505.24864/index.html", "search/index.html", "stats/index.html", "about/index.html",
    "404.html",
)  # fmt: skip


def material_checkbox(message: dict[str, str]) -> bool:
    """Material's own drawer and search toggles: checkboxes carrying `autocomplete`."""
    return message["message"].startswith("Attribute “autocomplete” is only allowed") and (
        'type="checkbox"' in message.get("extract", "")
    )


def test_every_kind_of_page_is_valid_html(fixture_site: Path) -> None:
    java = shutil.which("java")
    assert java and VNU.is_file(), "needs Java and `npm ci` in tests/browser (make test does both)"
    pages = [str(fixture_site / kind) for kind in KINDS]
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    messages = json.loads(result.stderr or result.stdout)["messages"]
    checked = {m["url"].split(str(fixture_site))[-1] for m in messages}
    errors = [
        f"{m['url'].split(str(fixture_site))[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" and not material_checkbox(m)
    ]
    assert errors == [], "\n".join(errors)
    # The exception is there (so the filter is not hiding a broken run), and only it.
    assert any(material_checkbox(m) for m in messages) and checked
