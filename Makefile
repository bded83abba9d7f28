# The README's commands. Everything a fresh machine needs is installed from here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
PYTEST_ARGS ?=

.PHONY: run test lint bench install install-dev chromium messages clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(RUNTIME_STAMP) $@

install: $(RUNTIME_STAMP)
install-dev: $(DEV_STAMP)

## make run: install, migrate, seed a demo community if empty, serve on http://127.0.0.1:8000
run: install
	$(BIN)/grassroots serve

## Debian's chromium drives the browser tests; installed when missing (root or sudo).
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO="sudo"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

## make test: the whole suite on SQLite; again on PostgreSQL + Redis when DATABASE_URL is set.
test: install-dev chromium
	env -u DATABASE_URL -u REDIS_URL $(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS)
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "== again on $${DATABASE_URL%%:*} + redis (browser tests ran on SQLite) =="; \
	  $(BIN)/pytest -p no:cacheprovider -m "not e2e" $(PYTEST_ARGS); \
	fi

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check grassroots config tests
	$(BIN)/mypy grassroots config

bench: install-dev
	$(BIN)/grassroots bench
	$(BIN)/grassroots bench --insights
	@if [ -n "$$DATABASE_URL" ]; then $(BIN)/grassroots bench --checkout; else echo "bench --checkout skipped: it needs PostgreSQL (DATABASE_URL)"; fi

## make eval-insights: planted-theme recovery, rising detection, sentiment (docs/insights.md)
eval-insights: install-dev
	$(BIN)/grassroots eval_insights

## make eval-search: search quality (nDCG@10, recall@50, MRR) vs SQL LIKE and FTS5 (docs/search.md)
eval-search: install-dev
	$(BIN)/grassroots eval_search

## Recompile translations after editing grassroots/locale/*/LC_MESSAGES/django.po (needs gettext).
messages: install-dev
	cd grassroots && ../$(PY) ../manage.py makemessages -l zh_Hans -l en --ignore "*/tests/*" --ignore "*/seed/*" && ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
