"""The accounts area's blueprint: views.py, address_views.py and
two_step_views.py add their routes to it, and the app factory registers it."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
