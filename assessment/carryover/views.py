"""The years page of a carried assessment, and the helpers its other pages use."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from assessment.content.current import questionnaire
from assessment.i18n import _
from assessment.web.access import is_editor, load_assessment
from assessment.web.read_only import reads_only

from .service import confirmed_message, since_last_year  # noqa: F401  (confirmed_message: the survey's save uses it)

bp = Blueprint("carryover", __name__)


@bp.app_template_global()
def since_last_year_of(assessment):
    """For the overview and the place page: what changed since the year it was carried from, or None."""
    if getattr(assessment, "carried_from_id", None) is None and getattr(assessment, "version", 1) == 1:
        return None  # nothing was carried: no query
    return since_last_year(assessment)


@bp.get("/assessments/<int:assessment_id>/since-last-year")
@reads_only
@login_required
def show(assessment_id: int):
    assessment = load_assessment(assessment_id, "member")
    comparison = since_last_year(assessment)
    content = questionnaire()
    groups = []
    if comparison is not None:
        order = {q.id: index for index, q in enumerate(content.questions())}

        def in_order(items):
            return sorted(items, key=lambda item: order.get(item.question_id, len(order)))

        groups = [
            ("unconfirmed", _("Still to confirm or change"), in_order(comparison.unconfirmed)),
            ("changed", _("Changed"), in_order(comparison.changed)),
            ("confirmed", _("Confirmed unchanged"), in_order(comparison.confirmed)),
        ]
    return render_template(
        "carryover/since.html",
        assessment=assessment,
        comparison=comparison,
        groups=groups,
        content=content,
        can_edit=is_editor(assessment, current_user),
    )
