"""The ProGov21 Immigration Roadmap self-assessment, as a Flask application.

Nothing is imported at the top of this module: importing any part of the
package (the pure scoring, for one) runs this file first, and must not load
Flask, the database or the PDF engine. create_app() brings them in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def create_app(overrides: dict | None = None) -> Flask:
    import os
    from pathlib import Path

    from flask import Flask

    from assessment.config import PROJECT_ROOT, build_config
    from assessment.extensions import csrf, db, login_manager

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
    from assessment.database.connection_checks import register_connection_checks
    from assessment.database.sqlite_tuning import tune_sqlite

    tune_sqlite(app)
    register_connection_checks(app)
    from assessment.cli.db import register_migrations_cli

    register_migrations_cli(app)  # `flask db ...`; web workers never load Alembic
    from assessment.i18n import gettext, init_i18n
    from assessment.scoring.words import use_translator

    init_i18n(app)  # first of the request hooks: every later one may put words on a page
    use_translator(gettext)  # the pure scoring's few sentences, in the request's language
    csrf.init_app(app)
    login_manager.init_app(app)
    from assessment.mail import init_mail

    init_mail(app)
    from assessment.content.current import init_questionnaire

    # Content is read and validated once, at start-up: a malformed file stops
    # the app here with a message naming the file and line.
    init_questionnaire(app)
    register_blueprints(app)
    register_request_hooks(app)
    from assessment.cli import register_cli

    register_cli(app)
    return app


def register_blueprints(app: Flask) -> None:
    """Every user-facing area's routes. Only this function imports views modules."""
    from assessment.agreements import views as agreements
    from assessment.api import views as api
    from assessment.auth import address_views, two_step_views  # noqa: F401  (their routes join auth's blueprint)
    from assessment.auth import views as auth
    from assessment.carryover import views as carryover
    from assessment.claims import views as claims
    from assessment.compare import views as compare
    from assessment.directory import views as directory
    from assessment.jobs import views as pdf_jobs
    from assessment.jurisdictions import views as jurisdictions
    from assessment.main import views as main
    from assessment.maps import views as maps
    from assessment.moderation import views as moderation
    from assessment.opendata import views as open_data
    from assessment.plans import api_views as plan_api
    from assessment.plans import document_views  # noqa: F401  (document_views: routes on plans')
    from assessment.plans import views as plans
    from assessment.publishing import views as publishing
    from assessment.reports import views as reports
    from assessment.scorecards import views as scorecards
    from assessment.survey import team_views  # noqa: F401  (team_views: routes on survey's)
    from assessment.survey import views as survey

    for area in (
        main,
        auth,
        jurisdictions,
        survey,
        scorecards,
        api,
        publishing,
        directory,
        compare,
        open_data,
        claims,
        reports,
        moderation,
        maps,
        plans,
        plan_api,
        agreements,
        carryover,
        pdf_jobs,
    ):
        app.register_blueprint(area.bp)


def register_request_hooks(app: Flask) -> None:
    """What runs around every request, in this order."""
    from assessment.auth.login import register_login
    from assessment.auth.rate_limits import register_rate_limits
    from assessment.web.compression import register_compression
    from assessment.web.errors import register_error_handlers
    from assessment.web.headers import register_security_headers
    from assessment.web.hosts import register_hosts
    from assessment.web.input_guard import register_input_guard
    from assessment.web.language import register_language_switch
    from assessment.web.read_only import register_read_only
    from assessment.web.templating import register_templating

    register_language_switch(app)
    register_login(app)
    register_read_only(app)
    register_error_handlers(app)
    register_hosts(app)
    register_input_guard(app)
    register_rate_limits(app)
    register_security_headers(app)
    register_compression(app)  # signed-out pages gzip-compressed
    register_templating(app)
