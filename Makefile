# Liaison: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: install demo test lint typecheck bench clean vendor messages

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	# followthemoney validates our FtM output in the tests; it needs ICU (libicu-dev) to build, so it is
	# optional: without it that one test is skipped.
	$(BIN)/pip install --quiet 'followthemoney>=4' || echo "note: followthemoney not installed; its check is skipped"
	touch $@

## Seed a realistic demo, print the logins and serve the UI on http://127.0.0.1:8000
demo: install
	$(BIN)/liaison demo --host 127.0.0.1 --port 8000

## Lint, type-check the core, check the layering, and run every test (SQLite and PostgreSQL, browser tests included)
test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src/liaison
	$(BIN)/lint-imports
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests bench

typecheck: install
	$(BIN)/mypy src/liaison

## Benchmark of the case system at the scale of issue 2 (needs PostgreSQL and wrk; see docs/bench-cases.md)
bench: install
	$(BIN)/python bench/cases_bench.py all --json bench/out/cases.json

## Refresh the third-party front-end files (pinned versions, from the npm registry)
vendor:
	./scripts/refresh-vendor.sh

## Translators: refresh liaison.pot from the sources and templates, then every locale's .po (docs/i18n.md)
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k NP_:1c,2 -k phrase -k lazy_gettext -c Translators: --no-location --sort-output \
		--project Liaison --version 0.1.0 --copyright-holder "Liaison contributors" -o src/liaison/locale/liaison.pot .
	$(BIN)/python scripts/i18n_messages.py update
	$(BIN)/python scripts/i18n_serbian_latin.py
	$(BIN)/python scripts/i18n_messages.py stats

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
