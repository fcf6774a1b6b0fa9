"""Wiring of the user-facing areas: blueprints, errors, headers, login."""
from __future__ import annotations

from flask import Flask

from .errors import register_error_handlers
from .headers import register_security_headers
from .hosts import register_hosts
from .input_guard import register_input_guard
from .language import register_language_switch
from .login import register_login
from .rate_limits import register_rate_limits
from .read_only import register_read_only


def register_web(app: Flask) -> None:
    from ..api.views import bp as api_bp
    from ..auth.views import bp as auth_bp
    from ..claims.views import bp as claims_bp
    from ..compare.views import bp as compare_bp
    from ..directory.views import bp as directory_bp
    from ..jurisdictions.views import bp as jurisdictions_bp
    from ..main.views import bp as main_bp
    from ..maps.views import bp as maps_bp
    from ..moderation.views import bp as moderation_bp
    from ..opendata.views import bp as open_data_bp
    from ..publishing.views import bp as publishing_bp
    from ..reports.views import bp as reports_bp
    from ..scorecards.views import bp as scorecards_bp
    # The survey's blueprint, with the team pages' routes (survey/team_views.py) on it.
    from ..survey.team_views import bp as survey_bp

    for blueprint in (main_bp, auth_bp, jurisdictions_bp, survey_bp, scorecards_bp, api_bp,
                      publishing_bp, directory_bp, compare_bp, open_data_bp, claims_bp, reports_bp, moderation_bp,
                      maps_bp):
        app.register_blueprint(blueprint)

    register_language_switch(app)
    register_login(app)
    register_read_only(app)
    register_error_handlers(app)
    register_hosts(app)
    register_input_guard(app)
    register_rate_limits(app)
    register_security_headers(app)
    from .compression import register_compression

    register_compression(app)  # signed-out pages gzip-compressed

    from .templating import register_templating

    register_templating(app)
