"""Carrying answers into a new year, confirming them, and what changed since.

Like the other services, nothing here commits: the view does, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from assessment.extensions import db
from assessment.i18n import _, ngettext
from assessment.models import Answer, Assessment, Editor
from assessment.models._common import utcnow
from assessment.survey.operations import (
    _audit,
    _audit_row,
    _refresh_stored_scores,
    check_changeable,
    record_answer_changes,
)
from assessment.web.access import series_of

CONFIRM_ALL = "all"


def earlier_assessment(user, jurisdiction_id: int, year: int, kind: str, organisation: str | None) -> Assessment | None:
    """The newest version of this account's latest earlier year of the same place and assessor.

    Only an assessment the account owns or edits: carrying copies a team's
    drafts and internal notes, which are that team's to copy.
    """
    stmt = (
        select(Assessment)
        .join(Editor, Editor.assessment_id == Assessment.series_id)
        .where(
            Assessment.jurisdiction_id == jurisdiction_id,
            Assessment.year < year,
            Assessment.kind == kind,
            Editor.user_id == user.id,
            Editor.role.in_(("owner", "editor")),
            Assessment.withdrawn_at.is_(None),
        )
        .order_by(Assessment.year.desc(), Assessment.version.desc(), Assessment.id.desc())
    )
    if kind == "independent":
        stmt = stmt.where(Assessment.organisation == organisation)
    return db.session.scalars(stmt.limit(1)).first()


def start_from_last_year(assessment: Assessment, user) -> int:
    """Fill a just-started assessment from this account's latest earlier year of the same
    place and assessor, if there is one: every answer copied, to confirm or change. An
    assessment that already has answers, or was carried already, is left as it is."""
    if assessment.carried_from_id is not None or assessment.answers:
        return 0
    source = earlier_assessment(
        user, assessment.jurisdiction_id, assessment.year, assessment.kind, assessment.organisation
    )
    return 0 if source is None else carry_forward(assessment, source, user)


def carry_forward(assessment: Assessment, source: Assessment, user) -> int:
    """Copy the source's answers and evidence into the new assessment, each marked carried; returns how many."""
    now = utcnow()
    copied = 0
    for answer in source.answers:
        if answer.value in (None, [], "") and not answer.evidence():
            continue
        copy = Answer(
            assessment=assessment,
            question_id=answer.question_id,
            value=answer.value,
            revision=1,
            updated_at=now,
            updated_by_id=user.id,
            carried_from_year=source.year,
        )
        copy.set_evidence(answer.evidence())
        db.session.add(copy)
        copied += 1
    assessment.carried_from_id = source.id
    assessment.revision = 1
    db.session.flush()
    _audit(assessment, user, "carried_forward", new={"from": source.id, "year": source.year, "answers": copied})
    _refresh_stored_scores(assessment)
    return copied


def confirmation_targets(requested: str | None, questions) -> list[str] | None:
    """The question ids a confirm button asks for (None: no confirm button was pressed)."""
    if not requested:
        return None
    on_page = [q.id for q in questions]
    if requested == CONFIRM_ALL:
        return on_page
    return [requested] if requested in on_page else []


def confirm_answers(assessment: Assessment, user, question_ids: list[str]) -> int:
    """Confirm carried answers as this year's, unchanged. Call after survey.operations.save_lever
    (which took the row lock and saved any change on the page). Returns how many were confirmed."""
    check_changeable(assessment)
    saved = assessment.answers_by_question()
    now = utcnow()
    revision = assessment.revision + 1
    rows = []
    for question_id in question_ids:
        answer = saved.get(question_id)
        if answer is None or answer.carried_from_year is None:
            continue
        rows.append(
            {
                **_audit_row(
                    assessment,
                    user,
                    "confirmed",
                    question_id,
                    {"value": answer.value, "carried_from": answer.carried_from_year},
                    {"value": answer.value},
                ),
                "at": now,
            }
        )
        answer.carried_from_year = None
        answer.revision = revision
        answer.updated_at = now
        answer.updated_by_id = user.id
    if rows:
        record_answer_changes(assessment, rows, revision, now)
    return len(rows)


def carried_years(assessment_id: int) -> dict[str, int]:
    """Question id -> the year its answer was carried from, for answers not yet confirmed."""
    return dict(
        db.session.execute(
            select(Answer.question_id, Answer.carried_from_year).where(
                Answer.assessment_id == assessment_id, Answer.carried_from_year.is_not(None)
            )
        ).all()
    )


@dataclass(frozen=True)
class QuestionChange:
    question_id: str
    before: object
    after: object


@dataclass
class SinceLastYear:
    """What a year carried from an earlier one did with each answer."""

    from_year: int
    from_assessment_id: int
    changed: list[QuestionChange] = field(default_factory=list)
    confirmed: list[QuestionChange] = field(default_factory=list)  # confirmed unchanged
    unconfirmed: list[QuestionChange] = field(default_factory=list)  # still to confirm or change

    @property
    def counts(self) -> tuple[int, int, int]:
        return len(self.changed), len(self.confirmed), len(self.unconfirmed)


def _answers(assessment_id: int) -> dict:
    rows = db.session.execute(
        select(
            Answer.question_id,
            Answer.value,
            Answer.evidence_url,
            Answer.evidence_citation,
            Answer.evidence_note,
            Answer.carried_from_year,
        ).where(Answer.assessment_id == assessment_id)
    )
    return {row.question_id: row for row in rows}


def _same(before, after) -> bool:
    def key(row):
        value = row.value
        if isinstance(value, list):
            value = sorted(value)
        return value, row.evidence_url, row.evidence_citation, row.evidence_note

    return key(before) == key(after)


def since_last_year(assessment: Assessment) -> SinceLastYear | None:
    """None unless this assessment (or the first version of its series) was carried from an earlier year."""
    source_id = assessment.carried_from_id or db.session.scalar(
        select(Assessment.carried_from_id)
        .where(Assessment.series_id == series_of(assessment), Assessment.carried_from_id.is_not(None))
        .limit(1)
    )
    source = db.session.get(Assessment, source_id) if source_id else None
    if source is None:
        return None
    result = SinceLastYear(source.year, source.id)
    before, after = _answers(source.id), _answers(assessment.id)
    for question_id in sorted(before.keys() | after.keys()):
        old, new = before.get(question_id), after.get(question_id)
        change = QuestionChange(question_id, old.value if old else None, new.value if new else None)
        if new is not None and new.carried_from_year is not None:
            result.unconfirmed.append(change)
        elif old is not None and new is not None and _same(old, new):
            result.confirmed.append(change)
        elif (old.value if old else None) in (None, [], "") and (new.value if new else None) in (None, [], ""):
            continue  # evidence only, in neither year an answer
        else:
            result.changed.append(change)
    return result


def confirmed_message(confirmed: int, changed: int) -> str:
    """What a confirm button did, in plain words."""
    parts = []
    if confirmed:
        parts.append(
            ngettext("%(num)d answer confirmed for this year.", "%(num)d answers confirmed for this year.", confirmed)
        )
    else:
        parts.append(_("No answer was waiting to be confirmed."))
    if changed:
        parts.append(ngettext("%(num)d change on the page saved.", "%(num)d changes on the page saved.", changed))
    return " ".join(parts)
