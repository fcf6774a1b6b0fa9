"""The survey's blueprint: views.py (the assessment's pages) and team_views.py
(its team) add their routes to it, and the app factory registers it."""

from flask import Blueprint

bp = Blueprint("survey", __name__, url_prefix="/assessments")
