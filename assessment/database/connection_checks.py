"""A pooled database connection is checked before use only after it sat idle.

A connection can die while it waits in the pool: the database restarted or
failed over, or a proxy or firewall dropped it after some idle minutes. Used
unchecked, it turns the next request into a 500. SQLAlchemy's pool_pre_ping
checks every connection at every checkout, but that ping is a round trip to
the database on every request, one in four of a questionnaire page's.

A connection handed back less than DB_PING_AFTER_IDLE_SECONDS ago was alive
then, so it is used as it is; an older one is pinged first, and a dead one
replaced (the pool retries with a new connection). What this gives up: if the
database restarts while requests are flowing, the first request on each
worker to use a dead connection fails; SQLAlchemy then discards every
connection older than that failure, so the next requests get new ones.
"""

from __future__ import annotations

import time

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError

from assessment.extensions import db

_RETURNED_AT = "returned_at"


def ping_after_idle(engine: Engine, idle_seconds: float) -> None:
    dialect = engine.dialect

    def returned(dbapi_connection, record) -> None:
        if dbapi_connection is not None:  # None: the connection was invalidated
            record.info[_RETURNED_AT] = time.monotonic()

    def checked_out(dbapi_connection, record, _proxy) -> None:
        # record.info lives as long as the DBAPI connection: a new connection has none.
        returned_at = record.info.get(_RETURNED_AT)
        if returned_at is None or time.monotonic() - returned_at < idle_seconds:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            raise DisconnectionError("the connection was lost while idle in the pool") from error

    event.listen(engine, "checkin", returned)
    event.listen(engine, "checkout", checked_out)


def register_connection_checks(app: Flask) -> None:

    with app.app_context():
        for engine in db.engines.values():
            ping_after_idle(engine, float(app.config["DB_PING_AFTER_IDLE_SECONDS"]))
