"""The ProGov21 Immigration Roadmap self-assessment, as a Flask application."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from .config import PROJECT_ROOT, build_config
from .extensions import csrf, db, login_manager


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        # INSTANCE_PATH: another folder for the secret key, mail files and map cache (each test worker has its own).
        instance_path=os.environ.get("INSTANCE_PATH") or str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(build_config(Path(app.instance_path)))
    if overrides:
        app.config.update(overrides)

    db.init_app(app)
    from .sqlite_tuning import tune_sqlite

    tune_sqlite(app)
    from .connection_checks import register_connection_checks

    register_connection_checks(app)
    from .migrations_cli import register_migrations_cli

    register_migrations_cli(app)  # `flask db ...`; web workers never load Alembic
    csrf.init_app(app)
    login_manager.init_app(app)
    from .mail import init_mail

    init_mail(app)

    from .i18n import init_i18n

    init_i18n(app)

    from .content_access import init_questionnaire
    from .web import register_web

    # Content is read and validated once, at start-up: a malformed file stops
    # the app here with a message naming the file and line.
    init_questionnaire(app)
    register_web(app)

    from .bench_ceiling import register_bench_ceiling

    register_bench_ceiling(app)  # only with BENCH_CEILING_ROUTES=1

    from .cli import register_cli

    register_cli(app)
    return app

