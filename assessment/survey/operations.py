"""Mutations of assessments: start, save a lever page, submit.

Roles and invitations are in survey/team.py, versions and publishing in
publishing/versions.py and publishing/operations.py.

Each function changes the session and leaves the single commit to the view,
so one request is one transaction.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from blinker import Namespace
from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import configure_mappers, contains_eager, lazyload
from sqlalchemy.orm.attributes import set_committed_value

from assessment.content.model import DONT_KNOW, Lever, Question, Questionnaire
from assessment.extensions import db
from assessment.i18n import N_, _, ngettext
from assessment.models import Answer, Assessment, AssessmentScore, AuditEvent, Editor, Jurisdiction, User
from assessment.models._common import utcnow
from assessment.stored_scores.inputs import answers_dict, evidence_dict, is_carried  # noqa: F401  (re-exported)
from assessment.stored_scores.refresh import refresh_scores

# Sent inside a save, after its answers are written and before the view commits, with the
# assessment and the user= and question_ids= of the changed answers. Areas that keep facts
# about answers (a plan's sign-offs) listen here: they build on the survey, so it cannot
# import them.
answers_changed = Namespace().signal("answers-changed")


class AssessmentError(ValueError):
    pass


@dataclass
class Conflict:
    question: Question
    yours: dict
    theirs: dict
    saved_by: str | None
    saved_at: object


class ConflictError(Exception):
    def __init__(self, conflicts: list[Conflict], current_revision: int):
        super().__init__("stale page")
        self.conflicts = conflicts
        self.current_revision = current_revision


# ---------------------------------------------------------------- reading


def asked_scopes(questionnaire: Questionnaire, jurisdiction: Jurisdiction, year: int | None) -> frozenset[str]:
    """What decides which questions a jurisdiction is asked: its type, and the
    state law in force at the end of the assessment year."""
    return questionnaire.scopes_for(jurisdiction.kind, jurisdiction.state, year)


def applicable_questions(
    questionnaire: Questionnaire, lever: Lever, jurisdiction: Jurisdiction, year: int | None = None
) -> list[Question]:
    scopes = asked_scopes(questionnaire, jurisdiction, year)
    return [q for q in lever.questions if q.applies_in(scopes)]


def applicable_levers(questionnaire: Questionnaire, jurisdiction: Jurisdiction, year: int | None = None) -> list[Lever]:
    return [lever for lever, _questions in questionnaire.levers_for(asked_scopes(questionnaire, jurisdiction, year))]


LEVER_STATES = {"not_started": N_("Not started"), "in_progress": N_("In progress"), "done": N_("Done")}


@dataclass
class LeverProgress:
    lever: Lever
    questions: list[Question]
    answered: int
    dont_know: int = 0  # of `answered`: "don't know yet", still to find out
    carried: int = 0  # not in `answered`: carried from an earlier year, still to confirm (assessment/carryover/)

    @property
    def state(self) -> str:
        if self.answered == 0:
            return "not_started"
        return "done" if self.answered >= len(self.questions) else "in_progress"

    @property
    def state_label(self) -> str:
        return _(LEVER_STATES[self.state])


@dataclass
class Progress:
    levers: list[LeverProgress] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(p.questions) for p in self.levers)

    @property
    def answered(self) -> int:
        return sum(p.answered for p in self.levers)

    @property
    def to_find_out(self) -> int:
        """Questions answered "don't know yet": answered for submitting, still to find out for scoring."""
        return sum(p.dont_know for p in self.levers)

    @property
    def carried(self) -> int:
        """Answers carried from an earlier year and not yet confirmed: still to answer."""
        return sum(p.carried for p in self.levers)

    @property
    def percent(self) -> int:
        return int(100 * self.answered / self.total) if self.total else 100

    @property
    def complete(self) -> bool:
        return self.answered >= self.total

    def position(self, lever_id: str) -> int:
        for index, item in enumerate(self.levers, start=1):
            if item.lever.id == lever_id:
                return index
        return 0

    def neighbours(self, lever_id: str) -> tuple[Lever | None, Lever | None]:
        index = self.position(lever_id) - 1
        before = self.levers[index - 1].lever if index > 0 else None
        after = self.levers[index + 1].lever if 0 <= index < len(self.levers) - 1 else None
        return before, after

    def resume_lever(self, last_lever_id: str | None) -> Lever | None:
        """Where to pick up: the last page saved if it is unfinished, else the first unfinished."""
        for item in self.levers:
            if item.lever.id == last_lever_id and item.state != "done":
                return item.lever
        for item in self.levers:
            if item.state != "done":
                return item.lever
        return None


def is_answered(answer: Answer | None) -> bool:
    return answer is not None and answer.value not in (None, [], "") and not is_carried(answer)


def progress(questionnaire: Questionnaire, assessment: Assessment, saved: dict | None = None) -> Progress:
    """`saved`: question id -> answer (an Answer, or a row with its columns) when
    the caller has read them already; else the assessment's answers."""
    if saved is None:
        saved = assessment.answers_by_question()
    result = Progress()
    for lever, questions in questionnaire.levers_for(
        asked_scopes(questionnaire, assessment.jurisdiction, assessment.year)
    ):
        answered = sum(1 for q in questions if is_answered(saved.get(q.id)))
        unsure = sum(
            1
            for q in questions
            if (found := saved.get(q.id)) is not None and found.value == DONT_KNOW and not is_carried(found)
        )
        carried = sum(1 for q in questions if is_carried(saved.get(q.id)))
        result.levers.append(LeverProgress(lever, list(questions), answered, unsure, carried))
    return result


def assessments_for_editor(user, jurisdiction: Jurisdiction | None = None) -> list[Assessment]:
    """The assessments this account works on, in any role: the newest version of each series."""
    stmt = (
        db.select(Assessment)
        .join(Editor, Editor.assessment_id == Assessment.series_id)
        .where(Editor.user_id == user.id)
    )
    if jurisdiction is not None:
        stmt = stmt.where(Assessment.jurisdiction_id == jurisdiction.id)
    newest: dict[int, Assessment] = {}
    for row in db.session.scalars(stmt):
        kept = newest.get(row.series_id)
        if kept is None or row.version > kept.version:
            newest[row.series_id] = row
    return sorted(newest.values(), key=lambda row: row.updated_at, reverse=True)


# ---------------------------------------------------------------- changing


def _audit_row(assessment: Assessment, user, action: str, question_id=None, old=None, new=None) -> dict:
    return {
        "assessment_id": assessment.id,
        "user_id": getattr(user, "id", None),
        "action": action,
        "question_id": question_id,
        "old_value": old,
        "new_value": new,
    }


def _audit(assessment: Assessment, user, action: str, question_id=None, old=None, new=None) -> None:
    db.session.add(AuditEvent(**_audit_row(assessment, user, action, question_id, old, new)))


def latest_assessable_year() -> int:
    """An assessment describes a year that has begun: a future year would rank
    first in every list and displace the current one (RT-03)."""
    return utcnow().year


def start_assessment(
    questionnaire: Questionnaire,
    user,
    jurisdiction: Jurisdiction,
    year: int,
    kind: str = "self",
    organisation: str | None = None,
) -> Assessment:
    organisation = (organisation or "").strip() or None
    if year > latest_assessable_year():
        raise AssessmentError(_("An assessment is for this year or an earlier one, not %(year)s.", year=year))
    if kind not in ("self", "independent"):
        raise AssessmentError(_("Choose who is assessing."))
    if kind == "independent" and not organisation:
        raise AssessmentError(_("Name the organisation making the independent assessment."))
    # No slot to squat (RT-02, RT-15): anyone may draft any place and year, and
    # a second account gets a draft of its own. Only starting the same thing
    # twice gives back the draft this account already has.
    same = (
        db.select(Assessment)
        .join(Editor, Editor.assessment_id == Assessment.series_id)
        .where(
            Assessment.jurisdiction_id == jurisdiction.id,
            Assessment.year == year,
            Assessment.kind == kind,
            Assessment.published_at.is_(None),
            Editor.user_id == user.id,
            Editor.role.in_(("owner", "editor")),
        )
    )
    if kind == "independent":
        same = same.where(Assessment.organisation == organisation)
    existing = db.session.scalars(same.order_by(Assessment.id.desc())).first()
    if existing is not None:
        return existing
    assessment = Assessment(
        jurisdiction=jurisdiction,
        year=year,
        kind=kind,
        organisation=organisation if kind == "independent" else (organisation or getattr(user, "organisation", None)),
        questionnaire_version=questionnaire.version,
        created_by_id=user.id,
    )
    db.session.add(assessment)
    db.session.flush()
    assessment.series_id = assessment.id
    db.session.add(Editor(assessment_id=assessment.id, user_id=user.id, added_by_id=user.id, role="owner"))
    _audit(assessment, user, "started", new={"year": year, "kind": kind})
    return assessment


class FrozenVersion(AssessmentError):
    """A published version never changes (RT-04): changes go into a new version."""


def check_changeable(assessment: Assessment) -> None:
    if assessment.published_at is not None:
        raise FrozenVersion(
            _(
                "Version %(version)s is published, so its answers no longer change. "
                "To correct it, make a new version: it stays a draft until you publish it.",
                version=assessment.version,
            )
        )


class _LockStatements(NamedTuple):
    wait_for_writers: Any  # SQLite only
    assessment: Any
    answers: Any


@functools.cache
def _lock_statements() -> _LockStatements:
    """lock_for_change's statements, built once (building them on every save
    cost about 0.15 ms), on first use: once the mappers, and so the
    stored_score backref, are configured."""
    configure_mappers()
    table = Assessment.__table__
    # The rows must be fetched (one, all): that is when the ORM copies the
    # fresh values over the ones loaded before the lock. The stored scores
    # come along (held by assessment.stored_score, so the session keeps them
    # for stored_scores.refresh.refresh_scores); the answers are read once, by the
    # third statement, not again by their relationship's own loader.
    return _LockStatements(
        table.update().where(table.c.id == bindparam("assessment_id")).values(row_version=table.c.row_version),
        select(Assessment)
        .outerjoin(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
        .where(Assessment.id == bindparam("assessment_id"))
        .options(contains_eager(Assessment.stored_score), lazyload(Assessment.answers))
        .with_for_update(of=Assessment)
        .execution_options(populate_existing=True),
        select(Answer)
        .where(Answer.assessment_id == bindparam("assessment_id"))
        .execution_options(populate_existing=True),
    )


def lock_for_change(assessment: Assessment) -> None:
    """Take the assessment's row lock and reload it, its answers and its stored scores.

    Two editors saving at the same moment then queue instead of both reading
    revision N and writing N+1: the second sees the first's answers (and gets
    the conflict page if they overlap) and the version column never trips
    with a 500. Two statements after the lock, whatever was loaded before it.
    """
    statements, key = _lock_statements(), {"assessment_id": assessment.id}
    if db.session.get_bind().dialect.name == "sqlite":
        # SQLite has no row locks and ignores FOR UPDATE; a write (that
        # changes nothing) takes its database write lock now, waiting for
        # any save in progress to commit.
        db.session.execute(statements.wait_for_writers, key)
    db.session.execute(statements.assessment, key).scalar_one()
    set_committed_value(assessment, "answers", db.session.execute(statements.answers, key).scalars().all())


def _snapshot(answer: Answer | None) -> dict:
    if answer is None:
        return {"value": None, "evidence": {}}
    return {"value": answer.value, "evidence": answer.evidence()}


def save_lever(
    assessment: Assessment, questions: list[Question], user, submitted: dict[str, dict], form_revision: int | None
) -> int:
    """Save one page. `submitted` maps question id -> {"value": ..., "evidence": {url, citation, note}}.

    Raises ConflictError when another editor changed one of these answers
    after the page was loaded and the values differ. Returns how many answers changed.
    """
    lock_for_change(assessment)
    check_changeable(assessment)
    saved = assessment.answers_by_question()
    if form_revision is not None and form_revision > assessment.revision:
        # No page of ours ever showed a revision still to come (RT-09 forged
        # revision=999 to skip this check): compare with every saved answer.
        form_revision = 0
    if form_revision is not None and form_revision < assessment.revision:
        conflicts = []
        for question in questions:
            answer = saved.get(question.id)
            if answer is None or answer.revision <= form_revision:
                continue
            mine = submitted.get(question.id, {"value": None, "evidence": {}})
            if _comparable(mine) != _comparable(_snapshot(answer)):
                who = db.session.get(User, answer.updated_by_id) if answer.updated_by_id else None
                conflicts.append(
                    Conflict(question, mine, _snapshot(answer), getattr(who, "email", None), answer.updated_at)
                )
        if conflicts:
            raise ConflictError(conflicts, assessment.revision)

    new_revision = assessment.revision + 1
    audit_rows = []
    now = utcnow()
    for question in questions:
        entry = submitted.get(question.id)
        if entry is None:
            continue
        answer = saved.get(question.id)
        before = _snapshot(answer)
        if _comparable(before) == _comparable(entry):
            continue
        if answer is None:
            answer = Answer(assessment=assessment, question_id=question.id)
            db.session.add(answer)
        answer.value = entry["value"]
        answer.set_evidence(entry.get("evidence") or {})
        answer.carried_from_year = None  # changed, so this year's answer
        answer.revision = new_revision
        answer.updated_at = now
        answer.updated_by_id = user.id
        audit_rows.append({**_audit_row(assessment, user, "answer", question.id, before, _snapshot(answer)), "at": now})
    if questions:
        assessment.last_lever_id = questions[0].lever_id
    if audit_rows:
        record_answer_changes(assessment, audit_rows, new_revision, now)
        answers_changed.send(assessment, user=user, question_ids=[row["question_id"] for row in audit_rows])
    return len(audit_rows)


def record_answer_changes(assessment: Assessment, audit_rows: list[dict], revision: int, now) -> None:
    """After a page's answers changed: their audit trail, the assessment's new revision, and its
    stored figures, all in this transaction. The audit rows go in one statement and without
    flushing the answers first: the commit's single flush writes them (each flush has a cost)."""
    with db.session.no_autoflush:
        db.session.execute(insert(AuditEvent.__table__), audit_rows)
    assessment.revision = revision
    assessment.updated_at = now
    _refresh_stored_scores(assessment)


def _refresh_stored_scores(assessment: Assessment) -> None:
    """Lists and comparisons read stored scores; keep them in this transaction."""

    refresh_scores(assessment)


def _comparable(snapshot: dict) -> tuple:
    value = snapshot.get("value")
    if isinstance(value, list):
        value = tuple(sorted(value))
    elif isinstance(value, dict):
        value = tuple(sorted(value.items()))
    evidence = snapshot.get("evidence") or {}
    return value, tuple(sorted((k, v) for k, v in evidence.items() if v))


def submit(questionnaire: Questionnaire, assessment: Assessment, user) -> None:
    lock_for_change(assessment)
    check_changeable(assessment)
    state = progress(questionnaire, assessment)
    if not state.complete:
        missing = state.total - state.answered
        raise AssessmentError(
            ngettext(
                "%(num)d question still need an answer. "
                "Answer them, or choose “Don't know yet” or “Does not apply”, then submit.",
                "%(num)d questions still need an answer. "
                "Answer them, or choose “Don't know yet” or “Does not apply”, then submit.",
                missing,
            )
        )
    assessment.status = "submitted"
    assessment.submitted_at = utcnow()
    assessment.revision += 1
    _refresh_stored_scores(assessment)
    _audit(assessment, user, "submit")
