"""SQLite databases run in write-ahead-log mode (assessment/sqlite_tuning.py)."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from assessment.extensions import db


def test_a_sqlite_database_file_uses_the_write_ahead_log(app_ctx):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL keeps its own settings")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
