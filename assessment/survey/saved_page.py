"""A lever page's saved answers, as the page template reads them (GET).

Showing a page processes no input, yet building a WTForms form class per
request and binding five fields per question cost more than a third of the
page's server time. WTForms still checks every POST (forms.build_lever_form);
on GET the template gets these plain read-only fields with the same
attributes (id, name, data, label.text, errors; the choices come with the
question's fixed markup, survey/question_parts.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, bindparam, select

from ..content.model import Question
from ..extensions import db
from ..models import Answer
from .forms import EVIDENCE_FIELDS, evidence_labels, saved_form_data

_ANSWERS = Answer.__table__
_SAVED_ANSWERS = select(
    _ANSWERS.c.question_id,
    _ANSWERS.c.value,
    _ANSWERS.c.evidence_url,
    _ANSWERS.c.evidence_citation,
    _ANSWERS.c.evidence_note,
    _ANSWERS.c.evidence_shows,
    _ANSWERS.c.evidence_durability,
    _ANSWERS.c.note_internal,
    _ANSWERS.c.carried_from_year,
).where(_ANSWERS.c.assessment_id == bindparam("assessment_id"))


def saved_answers(assessment_id: int) -> dict[str, Row]:
    """Question id -> the saved answer's value and evidence columns, by name.

    Plain rows, not Answer objects: the page only reads them, and making ORM
    objects of every answer of the assessment (progress counts them all) cost
    the page more than the rest of its queries together.
    """
    return {row.question_id: row for row in db.session.execute(_SAVED_ANSWERS, {"assessment_id": assessment_id})}


@dataclass(frozen=True, slots=True)
class Label:
    text: str


@dataclass(frozen=True, slots=True)
class ShownField:
    name: str
    data: Any
    label: Label
    errors: tuple = ()

    @property
    def id(self) -> str:
        return self.name


class SavedLeverPage:
    """Stands in for the lever form when a page is shown with its saved answers."""

    def __init__(self, questions: list[Question], saved: dict, revision: int):
        data = saved_form_data(questions, saved)
        labels = evidence_labels()
        no_label = Label("")
        self.revision = ShownField("revision", str(revision), no_label)
        self._fields: dict[str, dict[str, ShownField]] = {}
        for question in questions:
            qid = question.id
            empty = [] if question.kind == "multi" else None
            fields = {
                "answer": ShownField(qid, data.get(qid, empty), Label(question.prompt)),
                "reason": ShownField(f"{qid}__reason", data.get(f"{qid}__reason"), no_label),
            }
            for name in EVIDENCE_FIELDS:
                fields[name] = ShownField(f"{qid}__{name}", data.get(f"{qid}__{name}", ""), Label(labels[name]))
            self._fields[qid] = fields

    def __iter__(self):
        # The page's error summary walks the fields; a saved page has no errors.
        return iter(())

    def question_fields(self, question: Question) -> dict[str, ShownField]:
        return self._fields[question.id]
