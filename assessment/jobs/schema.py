"""Procrastinate's own tables, told apart from the application's.

Its schema goes in through a migration (migrations/versions/5a0b7c3d9e21_...);
the tests, which build the application's tables from the models, install it
with install_engine_schema().
"""

from __future__ import annotations

ENGINE_PREFIX = "procrastinate_"


def is_engine_table(name: str) -> bool:
    """A table of the job engine: neither a model of ours nor data to back up."""
    return name.startswith(ENGINE_PREFIX)


def include_in_migrations(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's include_name: `flask db check` and autogenerate leave the engine's tables alone."""
    return not (type_ == "table" and name is not None and is_engine_table(name))


def install_engine_schema(engine) -> None:
    """Procrastinate's schema on a PostgreSQL database that has none yet (the tests' databases)."""
    from procrastinate.schema import SchemaManager
    from sqlalchemy import text

    with engine.begin() as connection:
        if connection.execute(text("SELECT to_regclass('procrastinate_jobs')")).scalar() is None:
            connection.connection.driver_connection.execute(SchemaManager.get_schema())


def empty_engine_tables(engine) -> None:
    """Every job, event and worker gone (between tests)."""
    from sqlalchemy import text

    with engine.begin() as connection:
        connection.execute(
            text(
                "TRUNCATE procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs, "
                "procrastinate_workers RESTART IDENTITY CASCADE"
            )
        )
