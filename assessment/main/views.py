from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from assessment.survey.operations import assessments_for_editor

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    mine = assessments_for_editor(current_user) if current_user.is_authenticated else []
    return render_template("main/home.html", mine=mine)


@bp.get("/about")
def about():
    return render_template("main/about.html")
