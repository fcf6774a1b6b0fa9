"""The one place that loads an assessment by id and decides who may see it.

Anything a user may not see answers 404, never 403, so ids of other
jurisdictions' drafts are not confirmed to exist.
"""
from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import lazyload

from .extensions import db
from .models import Assessment, Editor

# Built once: building this statement (and its cache key) on every request
# cost about as much as running it. The editor row's user is the signed-in
# user, already loaded: it is not joined again.
_ASSESSMENT = select(Assessment).where(Assessment.id == bindparam("assessment_id"))
_ASSESSMENT_AND_EDITOR = (
    _ASSESSMENT.add_columns(Editor)
    .outerjoin(Editor, and_(Editor.assessment_id == Assessment.id, Editor.user_id == bindparam("user_id")))
    .options(lazyload(Editor.user))
)


def is_editor(assessment: Assessment, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.get(Editor, (assessment.id, user.id)) is not None


def can_view(assessment: Assessment, user) -> bool:
    if assessment.published_at is not None and assessment.status == "submitted":
        return True
    if getattr(user, "is_authenticated", False) and user.is_admin:
        return True
    return is_editor(assessment, user)


def load_assessment(assessment_id: int, need: str = "view") -> Assessment:
    """need: "view" (editors, admins, or anyone once published) or "edit" (editors only).

    The assessment with its jurisdiction, and the signed-in user's editor
    row if there is one, come in one query, so is_editor() afterwards is
    answered from the session without another.
    """
    if getattr(current_user, "is_authenticated", False):
        row = db.session.execute(_ASSESSMENT_AND_EDITOR, {"assessment_id": assessment_id,
                                                          "user_id": current_user.id}).first()
    else:
        row = db.session.execute(_ASSESSMENT, {"assessment_id": assessment_id}).first()
    if row is None:
        abort(404)
    assessment = row[0]
    allowed = is_editor(assessment, current_user) if need == "edit" else can_view(assessment, current_user)
    if not allowed:
        abort(404)
    return assessment
