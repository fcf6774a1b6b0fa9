"""Pooled connections are pinged before use only after sitting idle
(assessment/database/connection_checks.py): a connection the database dropped while it
waited is replaced without the user seeing an error, and a busy worker makes
no ping round trip per request."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from assessment.extensions import db
from tests.conftest import another_app


def count_pings(engine, monkeypatch) -> list:
    pings = []
    real_ping = engine.dialect.do_ping

    def counting_ping(dbapi_connection):
        pings.append(dbapi_connection)
        return real_ping(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counting_ping)
    return pings


@pytest.mark.parametrize("idle_seconds, pinged", [(3600, False), (0, True)])
def test_a_connection_is_pinged_only_after_sitting_idle(app, places, monkeypatch, idle_seconds, pinged):
    other = another_app(app, DB_PING_AFTER_IDLE_SECONDS=idle_seconds)
    with other.app_context():
        engine = db.engine
    pings = count_pings(engine, monkeypatch)
    client = other.test_client()
    for _ in range(5):
        assert client.get("/directory").status_code == 200
    # The first request made the connection (nothing to check); the next four reused it.
    assert len(pings) == (4 if pinged else 0)
    engine.dispose()


def skip_on_sqlite(app) -> None:
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("a SQLite connection is a file: nothing can drop it")


def backend_of_pooled_connection(other) -> int:
    with other.app_context():
        with db.engine.connect() as connection:
            return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def drop_backend(app, pid: int) -> None:
    """What a database restart or a proxy's idle timeout does to one pooled connection."""
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()


def test_a_connection_dropped_while_idle_is_replaced_without_an_error(app, places):
    skip_on_sqlite(app)
    other = another_app(app, DB_PING_AFTER_IDLE_SECONDS=0)
    client = other.test_client()
    drop_backend(app, backend_of_pooled_connection(other))
    assert client.get("/directory").status_code == 200
    with other.app_context():
        db.engine.dispose()


def test_without_the_ping_only_the_first_request_after_a_drop_fails(app, places, caplog):
    # The trade-off, measured: a connection handed back a moment ago is used
    # unchecked. If the database dropped it meanwhile, that one request fails
    # and SQLAlchemy discards the pool's older connections; the next succeeds.
    skip_on_sqlite(app)
    other = another_app(app, DB_PING_AFTER_IDLE_SECONDS=3600)
    client = other.test_client()
    drop_backend(app, backend_of_pooled_connection(other))
    with caplog.at_level(logging.ERROR):
        assert client.get("/directory").status_code == 500
    assert client.get("/directory").status_code == 200
    with other.app_context():
        db.engine.dispose()
