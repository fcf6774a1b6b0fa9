"""Who works on an assessment: roles, invitations, removal.

Roles belong to the series (every version of an assessment): an Editor row's
assessment_id is the series id (access.series_of). Owners publish, invite,
change roles and remove; editors answer; viewers read the drafts. The last
owner cannot be removed or made anything else: an assessment always has
someone who can publish or withdraw it.

An invitation is sent to one address, for one role, and only the account
confirmed at that address can use it, once (RT-14: a conditional UPDATE). It
is worth no more than its maker's right: when the maker stops being an owner
their unused invitations stop working (RT-06). Like the other services these
change the session and leave the one commit to the view.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from assessment.auth.accounts import normalise_email
from assessment.extensions import db
from assessment.i18n import N_, _
from assessment.mail import send_mail
from assessment.models import Assessment, Editor, Invitation, User
from assessment.models._common import utcnow
from assessment.survey.operations import AssessmentError, _audit
from assessment.web.access import series_of

INVITATION_LIFETIME = timedelta(days=14)
ROLE_LABELS = {"owner": N_("Owner"), "editor": N_("Editor"), "viewer": N_("Viewer")}
ROLE_HELP = {
    "owner": N_("answers, publishes, invites and removes people"),
    "editor": N_("answers the questions"),
    "viewer": N_("reads the drafts and the history, changes nothing"),
}


def role_label(role: str) -> str:
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role


class InvitationUsed(AssessmentError):
    """Another account used the link first, or it stopped being valid meanwhile."""


def members(assessment: Assessment) -> list[Editor]:
    """Owners first, then editors, then viewers; each in the order they joined."""
    order = {role: index for index, role in enumerate(ROLE_LABELS)}
    rows = db.session.scalars(db.select(Editor).where(Editor.assessment_id == series_of(assessment))).all()
    return sorted(rows, key=lambda row: (order.get(row.role, 9), row.added_at))


def _owner_count(series_id: int) -> int:
    return db.session.scalar(
        db.select(db.func.count()).select_from(Editor).where(Editor.assessment_id == series_id, Editor.role == "owner")
    )


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _maker_still_owns():
    """SQL: the invitation's maker is still an owner of its series."""
    return (
        db.select(Editor.user_id)
        .where(
            Editor.assessment_id == Invitation.assessment_id,
            Editor.user_id == Invitation.created_by_id,
            Editor.role == "owner",
        )
        .exists()
    )


def _still_open(now):
    return (
        Invitation.used_at.is_(None),
        Invitation.revoked_at.is_(None),
        Invitation.expires_at >= now,
        _maker_still_owns(),
    )


def open_invitations(assessment: Assessment) -> list[Invitation]:
    return list(
        db.session.scalars(
            db.select(Invitation)
            .where(Invitation.assessment_id == series_of(assessment), *_still_open(utcnow()))
            .order_by(Invitation.created_at)
        )
    )


def create_invitation(assessment: Assessment, user, email: str, role: str = "editor") -> str:
    """A link for `email` only; returns the token (only its hash is stored)."""
    email = normalise_email(email or "")
    if role not in ROLE_LABELS:
        raise AssessmentError(_("Choose what the person may do."))
    if "@" not in email or len(email) > 254:
        raise AssessmentError(_("Give the email address of the person you invite."))
    series_id = series_of(assessment)
    member = db.session.scalars(
        db.select(Editor)
        .join(User, User.id == Editor.user_id)
        .where(Editor.assessment_id == series_id, User.email == email)
    ).first()
    if member is not None:
        raise AssessmentError(_("%(email)s already works on this assessment.", email=email))
    token = secrets.token_urlsafe(24)
    db.session.add(
        Invitation(
            assessment_id=series_id,
            token_hash=_hash_token(token),
            created_by_id=user.id,
            expires_at=utcnow() + INVITATION_LIFETIME,
            email=email,
            role=role,
        )
    )
    _audit(assessment, user, "invite", new={"email": email, "role": role})
    return token


def find_invitation(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalars(
        db.select(Invitation).where(Invitation.token_hash == _hash_token(token), *_still_open(utcnow()))
    ).first()


def invitation_problem(invitation: Invitation, user) -> str | None:
    """Why this account may not use this invitation, in plain words; None if it may."""
    if invitation.email and normalise_email(user.email) != invitation.email:
        return _(
            "This invitation was sent to %(email)s. Sign in with that address to accept it, "
            "or ask for an invitation to your own address.",
            email=invitation.email,
        )
    if user.email_confirmed_at is None:
        return _("Confirm your email address first: open the link we sent you, then this invitation again.")
    return None


def accept_invitation(invitation: Invitation, user) -> Assessment:
    """Use the invitation, once: the row is claimed by a conditional UPDATE, so of two
    accounts opening one link at the same moment only one joins (RT-14)."""
    problem = invitation_problem(invitation, user)
    if problem:
        raise AssessmentError(problem)
    now = utcnow()
    claimed = db.session.execute(
        db.update(Invitation)
        .where(Invitation.id == invitation.id, *_still_open(now))
        .values(used_at=now, used_by_id=user.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise InvitationUsed(
            _(
                "This invitation link has already been used or is no longer valid. "
                "Ask an owner of the assessment for a new one."
            )
        )
    db.session.refresh(invitation)
    assessment = invitation.assessment
    if db.session.get(Editor, (invitation.assessment_id, user.id)) is None:
        db.session.add(
            Editor(
                assessment_id=invitation.assessment_id,
                user_id=user.id,
                added_by_id=invitation.created_by_id,
                role=invitation.role,
            )
        )
        _audit(assessment, user, "editor_added", new={"user": user.email, "role": invitation.role})
    return assessment


def revoke_invitation(assessment: Assessment, invitation_id: int, user) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.assessment_id != series_of(assessment) or invitation.used_at is not None:
        raise AssessmentError(_("That invitation is not open any more."))
    invitation.revoked_at = utcnow()
    invitation.revoked_by_id = user.id
    _audit(assessment, user, "invitation_revoked", old={"email": invitation.email})
    return invitation


def _expire_invitations_of(series_id: int, maker_id: int) -> None:
    """A maker who stops being an owner takes their open links with them (RT-06)."""
    now = utcnow()
    db.session.execute(
        db.update(Invitation)
        .where(
            Invitation.assessment_id == series_id,
            Invitation.created_by_id == maker_id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )


def _member_row(assessment: Assessment, person) -> Editor:
    row = db.session.get(Editor, (series_of(assessment), person.id))
    if row is None:
        raise AssessmentError(_("That person does not work on this assessment."))
    return row


def change_role(assessment: Assessment, person, role: str, acting_user) -> None:
    if role not in ROLE_LABELS:
        raise AssessmentError(_("Choose what the person may do."))
    row = _member_row(assessment, person)
    if row.role == role:
        return
    if row.role == "owner" and _owner_count(row.assessment_id) <= 1:
        raise AssessmentError(_("An assessment needs at least one owner. Make someone else an owner first."))
    old = row.role
    row.role = role
    if old == "owner":
        _expire_invitations_of(row.assessment_id, person.id)
    _audit(
        assessment,
        acting_user,
        "role_changed",
        old={"user": person.email, "role": old},
        new={"user": person.email, "role": role},
    )


def remove_member(assessment: Assessment, person, acting_user) -> None:
    row = _member_row(assessment, person)
    if row.role == "owner" and _owner_count(row.assessment_id) <= 1:
        raise AssessmentError(_("An assessment needs at least one owner. Make someone else an owner first."))
    db.session.delete(row)
    _expire_invitations_of(row.assessment_id, person.id)
    _audit(assessment, acting_user, "editor_removed", old={"user": person.email, "role": row.role})


def send_invitation(assessment: Assessment, inviter, email: str, role: str, link: str) -> bool:
    """Mail the link to the address it is bound to; False if it could not be sent
    (the page then shows the link, for the owner to pass on)."""

    return send_mail(
        normalise_email(email),
        _("An invitation to the assessment of %(place)s", place=assessment.jurisdiction.display_name),
        "invitation",
        inviter=inviter.display_name or inviter.email,
        place=assessment.jurisdiction.display_name,
        year=assessment.year,
        role=role_label(role),
        link=link,
        days=INVITATION_LIFETIME.days,
    )
