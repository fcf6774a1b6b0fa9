"""SQLite databases run in write-ahead-log mode (assessment/database/sqlite_tuning.py)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from assessment import create_app
from assessment.extensions import db


def test_a_sqlite_database_file_uses_the_write_ahead_log(app_ctx):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL keeps its own settings")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL


def test_the_database_file_is_readable_by_its_owner_only(tmp_path):
    # RT-21: it holds password hashes and drafts.
    old_umask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.sqlite3"
        create_app({"TESTING": True, "SECRET_KEY": "k" * 40, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{fresh}"})
        assert fresh.stat().st_mode & 0o777 == 0o600
        older = tmp_path / "older.sqlite3"
        older.touch(mode=0o644)
        (tmp_path / "older.sqlite3-wal").touch(mode=0o644)
        create_app({"TESTING": True, "SECRET_KEY": "k" * 40, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{older}"})
        assert older.stat().st_mode & 0o777 == 0o600
        assert (tmp_path / "older.sqlite3-wal").stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old_umask)
