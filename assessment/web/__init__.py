"""Wiring of the user-facing areas: blueprints, errors, headers, login."""
from __future__ import annotations

from flask import Flask

from .errors import register_error_handlers
from .headers import register_security_headers
from .login import register_login


def register_web(app: Flask) -> None:
    from ..api.views import bp as api_bp
    from ..auth.views import bp as auth_bp
    from ..jurisdictions.views import bp as jurisdictions_bp
    from ..main.views import bp as main_bp
    from ..scorecards.views import bp as scorecards_bp
    from ..survey.views import bp as survey_bp

    for blueprint in (main_bp, auth_bp, jurisdictions_bp, survey_bp, scorecards_bp, api_bp):
        app.register_blueprint(blueprint)

    register_login(app)
    register_error_handlers(app)
    register_security_headers(app)

    from .templating import register_templating

    register_templating(app)
