# Everything a newcomer needs: `make site` builds the default site, `make test` runs the suite,
# `make check` runs lint and the fast tests (no browser). All create the virtual environment and
# install the pinned dependencies first; `make test` also installs Chromium and npm when missing.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site serve test check lint test-tools bench lock clean

$(VENV)/.runtime: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.lock
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $@

site: $(VENV)/.runtime
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

serve: $(VENV)/.runtime
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

lint: $(VENV)/.dev
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/mypy

# Chromium (Debian's /usr/bin/chromium, or $$CHROMIUM) and npm for the browser tests: installed
# with apt-get when missing and this machine can (root or passwordless sudo), else one line
# saying what to install. Checked on every `make test`, so it runs first.
test-tools:
	@scripts/test-tools

# axe-core (npm), which the browser tests inject into pages to check accessibility.
BROWSER_TOOLS := tests/browser/node_modules/.installed
$(BROWSER_TOOLS): tests/browser/package.json tests/browser/package-lock.json | test-tools
	cd tests/browser && npm ci --no-audit --no-fund --silent
	touch $@

# The whole suite, browser and slow tests included.
test: test-tools lint $(BROWSER_TOOLS)
	NO_MKDOCS_2_WARNING=1 $(BIN)/pytest

# Lint and the fast tests: no Chromium, no npm.
check: lint
	NO_MKDOCS_2_WARNING=1 $(BIN)/pytest -m "not browser and not slow"

# The scale benchmarks of BENCHMARKS.md (tens of minutes; archives go to bench/, not committed).
bench: $(VENV)/.dev
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m generator bench build --papers 1000 10000 50000
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m generator bench search --papers 50000

# Regenerate the lock files from pyproject.toml in fresh environments.
lock:
	rm -rf .cache/lock && $(PYTHON) -m venv .cache/lock/runtime && $(PYTHON) -m venv .cache/lock/dev
	.cache/lock/runtime/bin/pip install --quiet . && .cache/lock/runtime/bin/pip freeze --exclude paper-archive > requirements.lock
	.cache/lock/dev/bin/pip install --quiet ".[dev]" && .cache/lock/dev/bin/pip freeze --exclude paper-archive > requirements-dev.lock

clean:
	rm -rf site .cache
