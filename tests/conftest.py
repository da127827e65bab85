"""Shared fixtures: the fixture archive (real days plus a hostile day) and its built site."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Page, sync_playwright

from generator.bench.browser import launch, serve
from generator.content.importer import import_listings
from generator.mkdocs.plugin import build_site

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
HF = FIXTURES / "hf"
LISTING = FIXTURES / "listings" / "daily-papers-aug-12.txt"
HOSTILE = FIXTURES / "hostile" / "2025-06-04.json"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = ROOT / "test-output" / "screenshots"


def shoot(page: Page, name: str) -> None:
    """A screenshot to look at (test-output/screenshots/NAME.png)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=False)


def make_fixture_content(content: Path) -> Path:
    """A small archive: five real API days, the copied Aug 12 page, the hostile day, the taxonomy.

    The days are fixed, unlike those of `content/`, which grows every day; the taxonomy is the
    repository's own `content/tags.yml`, so the tests follow the tag rules the site is built with.
    """
    content.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "content" / "tags.yml", content / "tags.yml")
    import_listings(content, sorted(HF.glob("*.json")), None)
    import_listings(content, [LISTING], dt.date(2025, 8, 12))
    import_listings(content, [HOSTILE], None)
    return content


def record_calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[Any]:
    """Replace `owner.name` by itself recording each call's first argument, in the list given."""
    calls: list[Any] = []
    real = getattr(owner, name)

    def recorded(first: Any, *rest: Any) -> Any:
        calls.append(first)
        return real(first, *rest)

    monkeypatch.setattr(owner, name, recorded)
    return calls


def write_fix(path: Path, paper_id: str, fix: object) -> None:
    """Set a paper's `tags:` fix in the day file at `path` by hand, as a contributor would."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(paper for paper in data["papers"] if str(paper["id"]) == paper_id)["tags"] = fix
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def tree_digest(root: Path, skip: str | None = None) -> str:
    """One hash of every file's path and bytes under `root` (to prove nothing changed)."""
    digest = hashlib.sha256()
    if root.exists():
        files = (p for p in root.rglob("*") if p.is_file())
        for path in sorted(p for p in files if not (skip and p.relative_to(root).parts[0] == skip)):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="session")
def fixture_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_fixture_content(tmp_path_factory.mktemp("fixture") / "content")


@pytest.fixture()
def content_copy(fixture_content: Path, tmp_path: Path) -> Path:
    """A private copy of the fixture archive, for tests that change it."""
    return Path(shutil.copytree(fixture_content, tmp_path / "content"))


@pytest.fixture(scope="session")
def fixture_site(fixture_content: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive built strictly, as `make site` builds `content/`."""
    out = tmp_path_factory.mktemp("fixture-site") / "site"
    build_site(ROOT / "mkdocs.yml", fixture_content, out, out.with_name("pages"), strict=True)
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (for the browser tests)."""
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium  # type: ignore[misc]
        chromium.close()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def fixture_url(fixture_site: Path) -> Iterator[str]:
    """The fixture site served on 127.0.0.1 (for the browser tests)."""
    with serve(fixture_site) as url:
        yield url


@contextmanager
def watched(
    browser: Browser,
    viewport: dict[str, int] | None = None,
    phone: bool = False,
    aborts_fail: bool = False,
) -> Iterator[Page]:
    """A page in a fresh context that fails the test on any console error or warning,
    script error, failed request, HTTP error or dialog (an alert() that got through).

    A request cut short by leaving the page (net::ERR_ABORTED) is the reader moving on, unless
    `aborts_fail`: the search tests never leave a page, so there it is a request gone wrong.
    The favicon is the exception: Chromium fetches it when it likes, and closing the page at a
    test's end may cut it short (1 run in 3 of the search tests under load)."""
    context = browser.new_context(
        viewport=viewport or DESKTOP,  # type: ignore[arg-type]
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=1,
    )
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on(
        "requestfailed",
        lambda r: (
            None
            if "ERR_ABORTED" in (r.failure or "")
            and (not aborts_fail or r.url.endswith("/favicon.png"))
            else problems.append(f"failed: {r.url} {r.failure}")
        ),
    )
    page.on(
        "response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None
    )
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    try:
        yield page
    finally:
        context.close()
    assert problems == []
