"""The short version of bench/load_save.py: 8 officials saving at once for 5
seconds against gunicorn on the suite's database (PostgreSQL in the second
run), then every answer each one saved must be in the database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
# Starts the app in other Python processes (make test-fast leaves it out).
pytestmark = pytest.mark.slow


@pytest.mark.timeout(240)
def test_eight_officials_saving_at_once_lose_nothing(app, tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "bench/load_save.py",
            "--users",
            "8",
            "--seconds",
            "5",
            "--workers",
            "2",
            "--threads",
            "4",
            "--group-size",
            "4",
            "--database-url",
            app.config["SQLALCHEMY_DATABASE_URI"],
            "--json",
            "--log",
            str(tmp_path / "gunicorn.log"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=200,
    )
    assert result.returncode in (0, 1), result.stderr[-3000:]
    summary = json.loads(result.stdout)
    assert summary["errors"] == 0, summary["first_errors"]
    assert summary["lost_answers"] == 0, summary["first_lost"]
    assert summary["saves"] >= 16 and summary["answers_checked"] > 0
    assert summary["seconds"] < 30, "the run must stop by itself"
    assert result.returncode == 0
