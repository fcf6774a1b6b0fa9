"""Pages that only read run without a transaction on PostgreSQL.

A request's first statement opens a transaction (BEGIN) and the connection's
return to the pool closes it (ROLLBACK): two of the six round trips to the
database a questionnaire page made, for a page that writes nothing. A view
marked @reads_only runs its GET requests in autocommit instead. PostgreSQL's
default isolation (READ COMMITTED) already gives every statement its own
snapshot, so the page sees exactly what it saw inside a transaction.

SQLite keeps its transactions: there BEGIN and ROLLBACK cost no round trip,
and a read transaction gives the whole request one snapshot.

A marked view that tried to write would commit statement by statement, so
any statement on such a connection but a query (SELECT, or WITH ... SELECT)
without a row lock raises ReadOnlyViolation.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask, current_app, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from ..extensions import db

_MARK = "_reads_only"
_OPTION = "reads_only"
_QUERY = re.compile(r"\s*(SELECT|WITH)\b", re.IGNORECASE)
_ROW_LOCK = re.compile(r"\bFOR\s+(UPDATE|SHARE|NO\s+KEY\s+UPDATE|KEY\s+SHARE)\b", re.IGNORECASE)


class ReadOnlyViolation(RuntimeError):
    """A view marked @reads_only ran a statement that is not a SELECT."""


def reads_only(view: Callable) -> Callable:
    """Mark a view as writing nothing on GET and HEAD (see the module's docstring)."""
    setattr(view, _MARK, True)
    return view


def register_read_only(app: Flask) -> None:
    @app.before_request
    def read_without_transaction() -> None:
        if request.method not in ("GET", "HEAD"):
            return
        view = current_app.view_functions.get(request.endpoint or "")
        if view is None or not getattr(view, _MARK, False):
            return
        if db.engine.dialect.name != "postgresql":
            return
        # Must come before anything else uses the session in this request
        # (the user is loaded later, by the view's login_required).
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT", _OPTION: True})


@event.listens_for(Engine, "before_cursor_execute")
def _refuse_writes(conn, cursor, statement, parameters, context, executemany) -> None:
    if conn.get_execution_options().get(_OPTION) and (not _QUERY.match(statement) or _ROW_LOCK.search(statement)):
        raise ReadOnlyViolation(f"a @reads_only view ran a statement that writes: {statement[:80]!r}")
