"""The one place that loads an assessment by id and decides who may see it.

Anything a user may not see answers 404, never 403, so ids of other
jurisdictions' drafts are not confirmed to exist.

Roles belong to an assessment's series (all its versions): an Editor row is
keyed on the series id. Owners publish, invite and remove; editors answer;
viewers read the drafts. Moderators may read every draft and edit none.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import lazyload

from assessment.extensions import db
from assessment.models import Assessment, Editor, Jurisdiction

# What each need admits. "view" also admits anyone once the version is public.
# "member" is the team's pages (overview, review, history), which moderators may also read.
NEEDS = {
    "view": ("owner", "editor", "viewer"),
    "member": ("owner", "editor", "viewer"),
    "edit": ("owner", "editor"),
    "own": ("owner",),
}

# Built once: building this statement (and its cache key) on every request
# cost about as much as running it. The editor row's user is the signed-in
# user, already loaded: it is not joined again.
_ASSESSMENT = select(Assessment).where(Assessment.id == bindparam("assessment_id"))
_ASSESSMENT_AND_EDITOR = (
    _ASSESSMENT.add_columns(Editor)
    .outerjoin(
        Editor,
        and_(
            Editor.assessment_id == func.coalesce(Assessment.series_id, Assessment.id),
            Editor.user_id == bindparam("user_id"),
        ),
    )
    .options(lazyload(Editor.user))
)


def series_of(assessment: Assessment) -> int:
    return assessment.series_id or assessment.id


def role_of(assessment: Assessment, user) -> str | None:
    """ "owner", "editor", "viewer", or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    row = db.session.get(Editor, (series_of(assessment), user.id))
    return row.role if row is not None else None


def is_editor(assessment: Assessment, user) -> bool:
    """May change answers (owners and editors)."""
    return role_of(assessment, user) in NEEDS["edit"]


def is_owner(assessment: Assessment, user) -> bool:
    return role_of(assessment, user) == "owner"


def is_public(assessment: Assessment) -> bool:
    """Readable by anyone: published once (a later withdrawal or a newer
    version leaves the page in place, saying so)."""
    return assessment.published_at is not None and assessment.status == "submitted"


def is_moderator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_moderator)


def can_view(assessment: Assessment, user) -> bool:
    if is_public(assessment) or is_moderator(user):
        return True
    return role_of(assessment, user) is not None


def load_assessment(assessment_id: int, need: str = "view") -> Assessment:
    """need: "view" (any role, moderators, or anyone once published), "edit"
    (owners and editors) or "own" (owners).

    The assessment with its jurisdiction, and the signed-in user's editor
    row if there is one, come in one query, so role_of() afterwards is
    answered from the session without another.
    """
    if getattr(current_user, "is_authenticated", False):
        row = db.session.execute(
            _ASSESSMENT_AND_EDITOR, {"assessment_id": assessment_id, "user_id": current_user.id}
        ).first()
    else:
        row = db.session.execute(_ASSESSMENT, {"assessment_id": assessment_id}).first()
    if row is None:
        abort(404)
    assessment = row[0]
    if need == "view":
        allowed = can_view(assessment, current_user)
    elif need == "member":
        allowed = role_of(assessment, current_user) is not None or is_moderator(current_user)
    else:
        allowed = role_of(assessment, current_user) in NEEDS[need]
    if not allowed:
        abort(404)
    return assessment


def may_see_place(jurisdiction: Jurisdiction, user) -> bool:
    """Listed places are public. One that is not (waiting for a moderator,
    refused, merged) is seen only by the account that added it and by moderators."""
    if jurisdiction.is_listed:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return user.id == jurisdiction.added_by_id or bool(user.is_moderator)


def load_jurisdiction(jurisdiction_id: int, listed_only: bool = False) -> Jurisdiction:
    """A place that is not listed (waiting for a moderator, refused, merged)
    answers 404 like a missing one, except to the account that added it and
    to moderators; with listed_only (open data), to everyone."""
    jurisdiction = db.session.get(Jurisdiction, jurisdiction_id)
    if jurisdiction is None:
        abort(404)
    if not jurisdiction.is_listed and (listed_only or not may_see_place(jurisdiction, current_user)):
        abort(404)
    return jurisdiction
