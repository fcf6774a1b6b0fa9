"""What keeps pytest-xdist workers (`pytest -n 2`) apart: each has its own
PostgreSQL database and its own instance folder. SQLite needs nothing here,
since each worker's tmp_path_factory is already its own folder.

A worker is named by PYTEST_XDIST_WORKER ("gw0", "gw1", ...); without xdist
the variable is unset and the suite uses TEST_DATABASE_URL as it is."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url


def worker_name() -> str | None:
    return os.environ.get("PYTEST_XDIST_WORKER")


def _admin_url() -> str:
    admin_url = os.environ.get("TEST_PG_ADMIN_URL")
    if not admin_url:
        raise RuntimeError(
            "Each test worker needs its own PostgreSQL database, created through TEST_PG_ADMIN_URL "
            "(a URL of the cluster's postgres database, as scripts/with-postgres.sh sets): it is unset."
        )
    return admin_url


def _execute_as_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        conn.execute(statement)


def worker_database_url(url: str) -> str:
    """TEST_DATABASE_URL for this worker: under xdist, a new empty database on
    the same cluster named after it (assessment_test_gw0); else `url` itself."""
    worker = worker_name()
    if not worker:
        return url
    shared = make_url(url)
    name = f"{shared.database}_{worker}"
    # Left over by an earlier run that was killed: start again from nothing.
    _execute_as_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _execute_as_admin(f'CREATE DATABASE "{name}"')
    return shared.set(database=name).render_as_string(hide_password=False)


def drop_worker_database(uri: str) -> None:
    """Remove the database worker_database_url made (nothing for SQLite, or without xdist)."""
    worker = worker_name()
    url = make_url(uri)
    if not worker or url.get_backend_name() != "postgresql" or not (url.database or "").endswith(f"_{worker}"):
        return
    _execute_as_admin(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')


@contextmanager
def private_instance_folder(folder: Path) -> Iterator[Path]:
    """INSTANCE_PATH set to `folder` meanwhile; apps started in subprocesses inherit it."""
    before = os.environ.get("INSTANCE_PATH")
    os.environ["INSTANCE_PATH"] = str(folder)
    try:
        yield folder
    finally:
        if before is None:
            os.environ.pop("INSTANCE_PATH", None)
        else:
            os.environ["INSTANCE_PATH"] = before
