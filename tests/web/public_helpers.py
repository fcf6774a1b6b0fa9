"""Helpers for the publishing, directory, comparison and open-data tests:
make submitted (and published) assessments quickly through the services,
the same code the web pages call."""

from __future__ import annotations

from datetime import datetime, timedelta

from assessment.extensions import db
from assessment.models import Assessment, Claim, Jurisdiction, User
from assessment.models._common import utcnow
from assessment.publishing.operations import publish
from assessment.stored_scores.latest import refresh_latest
from assessment.survey import operations as service

from .scorecard_helpers import best, worst


def all_applicable(questionnaire, kind: str, state: str = "WA", year: int = 2026):
    scopes = questionnaire.scopes_for(kind, state, year)
    return [q for q in questionnaire.questions() if q.applies_in(scopes)]


def _user(email: str) -> User:
    user = db.session.scalars(db.select(User).where(User.email == email)).first()
    if user is None:
        from tests.conftest import make_user_row

        user = make_user_row(email)
    return user


def approve_claim(
    app,
    email: str,
    jurisdiction_id: int | None = None,
    organisation: str | None = None,
    decided_at: datetime | None = None,
    valid_for: timedelta = timedelta(days=365),
) -> int:
    """Give the account at `email` (made if missing) a claim a moderator approved:
    an official of jurisdiction_id, or (organisation given) a member of that
    organisation. Returns the claim's id."""
    if (jurisdiction_id is None) == (organisation is None):
        raise ValueError("give a jurisdiction_id or an organisation")
    with app.app_context():
        user = _user(email)
        decided = decided_at or utcnow()
        claim = Claim(
            user_id=user.id,
            kind="official" if organisation is None else "organisation",
            jurisdiction_id=jurisdiction_id,
            organisation=organisation,
            title="Policy analyst",
            how_to_check="Call the clerk's published number.",
            email_domain=email.rpartition("@")[2],
            status="approved",
            decided_at=decided,
            valid_until=decided + valid_for,
        )
        db.session.add(claim)
        db.session.commit()
        return claim.id


def make_assessment(
    app,
    jurisdiction_id: int,
    email: str = "advocate@example.org",
    year: int = 2026,
    kind: str = "self",
    organisation: str | None = None,
    choose=best,
    evidence=None,
    submit: bool = True,
    published: bool = True,
    published_at: datetime | None = None,
    verified: bool = True,
) -> int:
    """An assessment with every applicable question answered by choose(question).

    verified=True first gives its user the approved claim that makes the
    publication verified (an official of the place for kind self, a member
    of the organisation for kind independent), so it stands in the lists as
    every publication did before verification existed; given also when not
    published here, so a later publication through the web page is verified too."""
    if verified:
        if kind == "self":
            approve_claim(app, email, jurisdiction_id=jurisdiction_id)
        elif organisation:
            approve_claim(app, email, organisation=organisation)
    with app.app_context():
        content = app.extensions["questionnaire"]
        user = _user(email)
        place = db.session.get(Jurisdiction, jurisdiction_id)
        assessment = service.start_assessment(content, user, place, year, kind, organisation)
        questions = all_applicable(content, place.kind, place.state, year)
        submitted = {q.id: {"value": choose(q), "evidence": (evidence or {}).get(q.id, {})} for q in questions}
        service.save_lever(assessment, questions, user, submitted, None)
        if submit:
            service.submit(content, assessment, user)
        if published:
            publish(assessment, user)
            if published_at is not None:
                # Back-dated: the lists' LatestPublished rows follow, as publish() keeps them.
                assessment.published_at = published_at
                refresh_latest(assessment.jurisdiction_id)
        db.session.commit()
        return assessment.id


def chooser(best_ids: set[str]):
    """Best answer on the listed questions, worst everywhere else."""
    return lambda question: best(question) if question.id in best_ids else worst(question)


def assessment_row(app, assessment_id: int) -> Assessment:
    with app.app_context():
        row = db.session.get(Assessment, assessment_id)
        db.session.expunge(row)
        return row
