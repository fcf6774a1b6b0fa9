# Two entry points: `make run` (install and start on SQLite with the directory
# loaded) and `make test` (install test needs and run the suite on SQLite and
# then on a private PostgreSQL). Everything else here serves those two.
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-sqlite test-postgres install install-test system-test-deps db bench bench-load

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test system-test-deps

system-test-deps:
	@bash scripts/system-deps.sh

db: install
	$(FLASK) db upgrade
	$(FLASK) jurisdictions load
	$(FLASK) jurisdictions link-counties

run: db
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install-test
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	@echo "== test suite on SQLite =="
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres:
	@echo "== test suite on PostgreSQL =="
	bash scripts/with-postgres.sh $(PY) -m pytest $(PYTEST_ARGS)

# 50 officials saving answers at once for 60 seconds against gunicorn and a
# private PostgreSQL on 127.0.0.1; prints throughput and latency, fails on
# any error or lost answer. BENCH_ARGS="--users 8 --seconds 5" for a short run.
bench-load: install
	bash scripts/with-postgres.sh $(PY) bench/load_save.py $(BENCH_ARGS)
