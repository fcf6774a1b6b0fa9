"""`flask --app wsgi export-data FILE` and `flask --app wsgi import-data FILE`.

The export is every row of every table the models define (db.metadata), so a
table added later is included without touching this file, as JSON:

    {"format": "immigration-roadmap-assessment/data", "format_version": 1,
     "exported_at": "...", "schema_revision": "<alembic revision or null>",
     "tables": {"<table>": {"columns": ["id", ...], "rows": [[...], ...]}}}

Password hashes are exported as they are stored (never the passwords), so the
file must be kept as carefully as the database itself.

The import goes into an empty database only (built with `flask db upgrade`),
in one transaction: any problem, and nothing is imported. A file naming a
table or column these models do not know is refused, never half-read.
Problems are printed one per line and the command exits with status 2.
"""

from __future__ import annotations

import base64
import json
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
import sqlalchemy as sa
from flask import Flask

from assessment.config import owner_only
from assessment.extensions import db
from assessment.jobs.schema import is_engine_table

FORMAT = "immigration-roadmap-assessment/data"
FORMAT_VERSION = 1
USAGE_ERROR = 2
BATCH = 1000
# Tables the database may hold that are not application data.
NOT_DATA = {"alembic_version"}


class TransferError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


# ---------------------------------------------------------------- values


def _encode(column: sa.Column, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, sa.LargeBinary):
        return base64.b64encode(value).decode("ascii")
    if isinstance(kind, (sa.DateTime, sa.Date, sa.Time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(kind, sa.JSON) or isinstance(value, (str, int, float, bool)):
        return value
    raise TransferError([f"{column.table.name}.{column.name}: cannot export values of type {type(value).__name__}"])


def _decode(column: sa.Column, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, sa.LargeBinary):
        return base64.b64decode(value, validate=True)
    if isinstance(kind, sa.DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, sa.Date):
        return date.fromisoformat(value)
    if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float):
        return Decimal(value)
    return value


# ---------------------------------------------------------------- export


def data_tables() -> list[sa.Table]:
    return list(db.metadata.sorted_tables)


def _unmodelled_tables(connection) -> list[str]:
    known = {table.name for table in data_tables()} | NOT_DATA
    # The job engine's tables hold work in progress, not data (assessment/jobs/schema.py).
    return sorted(
        name for name in sa.inspect(connection).get_table_names() if name not in known and not is_engine_table(name)
    )


def _schema_revision(connection) -> str | None:
    if "alembic_version" not in sa.inspect(connection).get_table_names():
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def export_data() -> dict:
    """Every row of every table, as one consistent snapshot."""
    options = {"isolation_level": "REPEATABLE READ"} if db.engine.dialect.name == "postgresql" else {}
    with db.engine.connect().execution_options(**options) as connection, connection.begin():
        stray = _unmodelled_tables(connection)
        if stray:
            raise TransferError(
                [
                    f"table {name!r} is in the database but not in the models, so it would be "
                    "left out; add it to assessment/models before exporting"
                    for name in stray
                ]
            )
        tables = {}
        for table in data_tables():
            columns = list(table.columns)
            order = list(table.primary_key.columns) or columns
            rows = connection.execute(sa.select(*columns).order_by(*order))
            tables[table.name] = {
                "columns": [c.name for c in columns],
                "rows": [[_encode(c, v) for c, v in zip(columns, row, strict=True)] for row in rows],
            }
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "schema_revision": _schema_revision(connection),
            "tables": tables,
        }


# ---------------------------------------------------------------- import


def _check_shape(data: Any) -> list[str]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return [f'not an export of this application (expected "format": "{FORMAT}")']
    if data.get("format_version") != FORMAT_VERSION:
        return [f"format_version {data.get('format_version')!r} is not supported (expected {FORMAT_VERSION})"]
    tables = data.get("tables")
    if not isinstance(tables, dict):
        return ['"tables" is missing or not an object']
    known = {table.name: table for table in data_tables()}
    problems = [
        f"table {name!r} is not part of this application's data; refusing to import a file "
        "this version does not fully understand"
        for name in tables
        if name not in known
    ]
    for name, content in tables.items():
        table = known.get(name)
        if table is None:
            continue
        if (
            not isinstance(content, dict)
            or not isinstance(content.get("columns"), list)
            or not isinstance(content.get("rows"), list)
        ):
            problems.append(f'table {name!r}: expected {{"columns": [...], "rows": [...]}}')
            continue
        unknown = [c for c in content["columns"] if c not in table.columns]
        problems += [f"table {name!r}: unknown column {c!r}" for c in unknown]
        width = len(content["columns"])
        bad = sum(1 for row in content["rows"] if not isinstance(row, list) or len(row) != width)
        if bad:
            problems.append(f"table {name!r}: {bad} row(s) do not have {width} values")
    return problems


def _non_empty_tables(connection) -> list[str]:
    return [
        table.name
        for table in data_tables()
        if connection.execute(sa.select(sa.func.count()).select_from(table)).scalar()
    ]


def _reset_sequences(connection) -> None:
    """PostgreSQL hands out ids from sequences that explicit ids do not advance."""
    if connection.dialect.name != "postgresql":
        return
    quote = connection.dialect.identifier_preparer.quote
    for table in data_tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, sa.Integer) or keys[0].autoincrement is False:
            continue
        column = keys[0].name
        sequence = connection.execute(
            sa.text("SELECT pg_get_serial_sequence(:table, :column)"), {"table": quote(table.name), "column": column}
        ).scalar()
        if sequence:
            connection.execute(
                sa.text(
                    f"SELECT setval(:sequence, COALESCE((SELECT MAX({quote(column)}) FROM {quote(table.name)}), 1), "
                    f"(SELECT MAX({quote(column)}) FROM {quote(table.name)}) IS NOT NULL)"
                ),
                {"sequence": sequence},
            )


def import_data(data: Any) -> dict[str, int]:
    """Load an export into the (empty) database; returns rows per table."""
    problems = _check_shape(data)
    if problems:
        raise TransferError(problems)
    counts = {}
    with db.engine.begin() as connection:
        stray = _non_empty_tables(connection)
        if stray:
            raise TransferError(
                [
                    "the database is not empty (tables with rows: " + ", ".join(stray) + "); import-data only "
                    "restores into an empty database built with `flask db upgrade`, so nothing was imported"
                ]
            )
        for table in data_tables():
            content = data["tables"].get(table.name)
            if not content or not content["rows"]:
                continue
            columns = [table.columns[name] for name in content["columns"]]
            try:
                rows = [{c.name: _decode(c, v) for c, v in zip(columns, row, strict=True)} for row in content["rows"]]
            except (ValueError, TypeError) as error:
                raise TransferError([f"table {table.name!r}: a value could not be read ({error})"]) from None
            for start in range(0, len(rows), BATCH):
                connection.execute(table.insert(), rows[start : start + BATCH])
            counts[table.name] = len(rows)
        _reset_sequences(connection)
    return counts


# ---------------------------------------------------------------- commands


def _fail(problems: list[str]) -> None:
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    sys.exit(USAGE_ERROR)


def register_backup_cli(app: Flask) -> None:
    @app.cli.command("export-data")
    @click.argument("file", metavar="FILE")
    def export_command(file: str):
        """Write every row of every table to FILE as JSON (includes password hashes: keep it safe)."""
        try:
            data = export_data()
        except TransferError as error:
            _fail(error.problems)
        try:
            owner_only(Path(file))  # password hashes and drafts
            with open(file, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
        except OSError as error:
            _fail([f"{file}: cannot write ({error.strerror or error})"])
        total = sum(len(t["rows"]) for t in data["tables"].values())
        click.echo(f"Exported {total} rows from {len(data['tables'])} tables to {file}.")

    @app.cli.command("import-data")
    @click.argument("file", metavar="FILE")
    def import_command(file: str):
        """Restore an export-data FILE into an empty database (all or nothing)."""
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
        except OSError as error:
            _fail([f"{file}: cannot read ({error.strerror or error})"])
        except (ValueError, UnicodeDecodeError) as error:
            _fail([f"{file}: not a JSON export ({error})"])
        try:
            counts = import_data(data)
        except TransferError as error:
            _fail(error.problems)
        except sa.exc.SQLAlchemyError as error:
            reason = str(error.orig if hasattr(error, "orig") else error).splitlines()[0]
            _fail([f"the database refused the data, so nothing was imported: {reason}"])
        click.echo(f"Imported {sum(counts.values())} rows into {len(counts)} tables from {file}.")
