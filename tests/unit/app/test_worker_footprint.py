"""What a web worker loads: libraries only the command line or a rare page
needs stay out of every worker's memory (bench/run.py measures the memory)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
# Starts the app in other Python processes (make test-fast leaves it out).
pytestmark = pytest.mark.slow


def modules_after(code: str) -> set[str]:
    env = {**os.environ, "SECRET_KEY": "w" * 40, "DATABASE_URL": "sqlite://"}
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    return set(result.stdout.split())


def test_a_web_worker_never_loads_alembic_or_the_password_word_lists():
    loaded = modules_after("from wsgi import app")
    assert "flask" in loaded and "sqlalchemy" in loaded
    # Nor the PDF engine (30 MB, a third of the import time) until it renders: a web
    # worker that renders loads it in gunicorn's post_worker_init, the next test.
    assert "weasyprint" not in loaded and "fontTools" not in loaded
    assert "alembic" not in loaded and "flask_migrate" not in loaded
    assert "zxcvbn" not in loaded
    # Unicode's look-alike tables (8 MB) and python-docx (3 MB): for a
    # place someone adds and for the Word memo.
    assert not {"confusable_homoglyphs", "confusable_homoglyphs.confusables", "docx"} & loaded


def test_the_pdf_engine_loads_with_the_warm_up_of_a_worker_that_renders():
    loaded = modules_after(
        "from wsgi import app\n"
        "from assessment.content.current import source_questionnaire\n"
        "from assessment.scorecards.pdf import warm_up\n"
        "with app.app_context():\n"
        "    warm_up(source_questionnaire(), 'en')"
    )
    assert "weasyprint" in loaded and "assessment.pdf.fetcher" in loaded


def test_the_look_alike_tables_load_when_a_name_is_checked():
    loaded = modules_after(
        "from wsgi import app\n"
        "from assessment.jurisdictions import place_names\n"
        "assert place_names.skeleton('\u041aing County') == 'king county'\n"
        "assert place_names.character_problem('King County') is None"
    )
    assert "confusable_homoglyphs.confusables" in loaded


def test_the_migration_commands_are_there_when_asked_for(tmp_path):
    env = {**os.environ, "SECRET_KEY": "w" * 40, "DATABASE_URL": f"sqlite:///{tmp_path / 'm.sqlite3'}"}
    listed = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert listed.returncode == 0, listed.stderr
    assert "upgrade" in listed.stdout and "check" in listed.stdout
