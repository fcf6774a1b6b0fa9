"""The records as evidence for the 287(g) and jail-contract answers.

A record never changes an answer. When an answer says there is no agreement
while the team has recorded one in force, the lever page and the agreements
page say so plainly and leave the answer to the editor: a stale record and a
stale answer look the same from here, and only the team knows which it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from assessment.extensions import db
from assessment.i18n import _
from assessment.models import Agreement, Answer, Assessment
from assessment.models.agreements import JAIL_CONTRACT_KINDS, KINDS_287G

from .records import agreements_for
from .upcoming import today

HELD_287G = "agreements_287g_held"
MANDATED_287G_MODEL = "mandated_287g_model"
DETENTION_CONTRACTS = "detention_contracts"
# The questions each kind of record is evidence for; the first is the one the form links to.
QUESTIONS_FOR_KIND = {
    **{kind: (HELD_287G, MANDATED_287G_MODEL) for kind in KINDS_287G},
    **{kind: (DETENTION_CONTRACTS,) for kind in JAIL_CONTRACT_KINDS},
}
EVIDENCE_QUESTIONS = frozenset(q for questions in QUESTIONS_FOR_KIND.values() for q in questions)
# Answers that say there is no such agreement.
SAYS_NONE = {HELD_287G: {"none"}, DETENTION_CONTRACTS: {"none_not_barred", "none_and_barred"}}


@dataclass(frozen=True)
class QuestionEvidence:
    agreements: tuple[Agreement, ...]
    warning: str | None = None


def _says_none(question_id: str, value) -> bool:
    return isinstance(value, str) and value in SAYS_NONE.get(question_id, ())


def contradiction(question_id: str, value, agreements, on: date) -> str | None:
    """A plain warning when the answer says "no agreement" but one in force is recorded."""
    if not _says_none(question_id, value):
        return None
    active = [a for a in agreements if a.is_active(on) and question_id in QUESTIONS_FOR_KIND.get(a.kind, ())]
    if not active:
        return None
    if question_id == HELD_287G:
        return _(
            "This answer says no local agency holds a 287(g) agreement, but your team recorded one that "
            "has not ended: %(agreement)s. Check which is right, then change the answer or the record.",
            agreement=active[0].kind_label,
        )
    return _(
        "This answer says no jail contract is in force, but your team recorded one that has not ended: "
        "%(agreement)s. Check which is right, then change the answer or the record.",
        agreement=active[0].kind_label,
    )


def lever_evidence(assessment: Assessment, questions) -> dict[str, QuestionEvidence]:
    """For the lever page: question id -> the records beside its answer, and any warning.

    Nothing is read for a page without these questions.
    """
    wanted = [q.id for q in questions if q.id in EVIDENCE_QUESTIONS]
    if not wanted:
        return {}
    agreements = agreements_for(assessment)
    if not agreements:
        return {question_id: QuestionEvidence(()) for question_id in wanted}  # offers to record one
    values = dict(
        db.session.execute(
            select(Answer.question_id, Answer.value).where(
                Answer.assessment_id == assessment.id, Answer.question_id.in_(wanted)
            )
        ).all()
    )
    on = today()
    found = {}
    for question_id in wanted:
        matching = tuple(a for a in agreements if question_id in QUESTIONS_FOR_KIND.get(a.kind, ()))
        found[question_id] = QuestionEvidence(
            matching, contradiction(question_id, values.get(question_id), matching, on)
        )
    return found


def warnings_for(assessment: Assessment, agreements) -> list[tuple[str, str]]:
    """(question id, warning) for the agreements page."""
    values = dict(
        db.session.execute(
            select(Answer.question_id, Answer.value).where(
                Answer.assessment_id == assessment.id, Answer.question_id.in_(tuple(SAYS_NONE))
            )
        ).all()
    )
    on = today()
    found = []
    for question_id in SAYS_NONE:
        warning = contradiction(question_id, values.get(question_id), agreements, on)
        if warning:
            found.append((question_id, warning))
    return found
