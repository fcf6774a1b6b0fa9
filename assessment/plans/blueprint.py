"""The plan's blueprint: views.py (its pages) and document_views.py (the memo
as PDF and Word) add their routes to it, and the app factory registers it."""

from flask import Blueprint

bp = Blueprint("plans", __name__, url_prefix="/assessments")
