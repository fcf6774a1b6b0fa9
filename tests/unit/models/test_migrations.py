"""`flask db upgrade` builds the schema on an empty database and the models agree with it."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
# Without the app fixture, but on the suite's database kind: run on PostgreSQL too.
pytestmark = [pytest.mark.database, pytest.mark.slow]  # slow: runs `flask db` in other processes


def flask(args, database_url):
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "m" * 40}
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def empty_database(tmp_path):
    admin_url = os.environ.get("TEST_PG_ADMIN_URL")
    if not admin_url:
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    import psycopg

    name = f"migrations_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield admin_url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_upgrade_builds_the_schema_and_models_match(empty_database):
    upgrade = flask(["db", "upgrade"], empty_database)
    assert upgrade.returncode == 0, upgrade.stderr
    check = flask(["db", "check"], empty_database)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No new upgrade operations detected" in check.stdout + check.stderr
    if empty_database.startswith("postgresql"):
        # What `db check` cannot see: the CSV cells' compression (models/scores.py).
        assert csv_cells_compression(empty_database) == "l"


def csv_cells_compression(database_url: str) -> str:
    """pg_attribute's code for the column's compression: "l" lz4, "p" pglz, "" the default."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        return conn.execute(
            "SELECT attcompression FROM pg_attribute "
            "WHERE attrelid = 'assessment_score'::regclass AND attname = 'csv_cells'"
        ).fetchone()[0]
