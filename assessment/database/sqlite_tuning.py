"""SQLite in write-ahead-log mode, for the local and small deployments that use it.

In the default rollback-journal mode every commit waits for two fsyncs, which
made saving a page of answers take 15-20 ms on a virtual disk. In WAL mode
(with synchronous=NORMAL) a commit appends to the log and returns; readers
never wait for a writer. A killed process loses nothing that was committed;
only a power cut or an OS crash can lose the last few commits, never
consistency. PostgreSQL, which production uses, is untouched.

The database file holds password hashes and drafts, so it is readable by its
owner only (RT-21); SQLite gives its -wal and -shm files the same permissions.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from flask import Flask
from sqlalchemy import event

from assessment.config import owner_only
from assessment.extensions import db


def _write_ahead_log(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _owner_only_database(path: Path) -> None:
    """The database file owner-only, and its -wal and -shm files if they exist."""
    owner_only(path)
    for sibling in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if sibling.exists():
            owner_only(sibling)


def tune_sqlite(app: Flask) -> None:

    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name != "sqlite":
                continue
            database = engine.url.database
            if database and database != ":memory:" and not database.startswith("file:"):
                _owner_only_database(Path(database))
            if not event.contains(engine, "connect", _write_ahead_log):
                event.listen(engine, "connect", _write_ahead_log)
