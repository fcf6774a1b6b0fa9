"""`flask --app wsgi db ...`: Flask-Migrate's commands, set up on first use.

Flask-Migrate imports Alembic and its dependencies, 11 MB in every process
that imports it. Web workers never migrate, so the `db` command group is a
stand-in that sets Flask-Migrate up (with the app's migrations/ folder) only
when the command line asks for one of its commands.
"""

from __future__ import annotations

import click
from flask import Flask, current_app

from assessment.config import PROJECT_ROOT
from assessment.extensions import db
from assessment.jobs.schema import include_in_migrations

MIGRATIONS = str(PROJECT_ROOT / "migrations")


class MigrationCommands(click.Group):
    """Stands in for Flask-Migrate's `db` group until it is used, then hands over to it."""

    def real(self) -> click.Group:
        from flask_migrate import Migrate
        from flask_migrate.cli import db as commands

        if "migrate" not in current_app.extensions:
            # The job engine's tables come from its own schema, not from our models.
            Migrate(current_app, db, directory=MIGRATIONS, include_name=include_in_migrations)
        return commands

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        return self.real().make_context(info_name, args, parent=parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self.real().list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self.real().get_command(ctx, name)


def register_migrations_cli(app: Flask) -> None:
    app.cli.add_command(MigrationCommands("db", help="Database migrations (Flask-Migrate)."))
