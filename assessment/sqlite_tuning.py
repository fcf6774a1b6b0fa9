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

import os
import sqlite3
from pathlib import Path

from flask import Flask
from sqlalchemy import event


def _write_ahead_log(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def owner_only(path: Path) -> None:
    """Create the file readable and writable by its owner only, or narrow it to that
    (with its -wal and -shm files) if it exists."""
    if not path.exists():
        if not path.parent.is_dir():
            return  # SQLite will say so on first use
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists() and file.stat().st_mode & 0o077:
            file.chmod(0o600)


def tune_sqlite(app: Flask) -> None:
    from .extensions import db

    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name != "sqlite":
                continue
            database = engine.url.database
            if database and database != ":memory:" and not database.startswith("file:"):
                owner_only(Path(database))
            if not event.contains(engine, "connect", _write_ahead_log):
                event.listen(engine, "connect", _write_ahead_log)
