"""The JSON shapes the API promises, built from the content and the models.

Kept apart from the views so the shapes can be read (and tested) in one place.
"""

from __future__ import annotations

from typing import Any

from ..content.model import Question, Questionnaire
from ..models import Assessment


def _points(value: float) -> int | float:
    # 100.0 is sent as 100: the content's points are whole numbers.
    return int(value) if float(value).is_integer() else float(value)


def question_dict(questionnaire: Questionnaire, question: Question) -> dict[str, Any]:
    return {
        "id": question.id,
        "prompt": question.prompt,
        "tier": question.tier,
        "applies_to": list(question.applies_to),
        "controlled_by": [{"id": c, "label": questionnaire.controllers.get(c, c)} for c in question.controlled_by],
        "kind": question.kind,
        "points": _points(question.points),
        "options": [{"id": o.id, "label": o.label, "points": _points(o.points)} for o in question.options],
        "sources": list(question.sources),
        "limited_by": (
            {
                "question": question.limited_by.question,
                "unless": list(question.limited_by.unless),
                "at_most": _points(question.limited_by.at_most),
                "reason": question.limited_by.reason,
            }
            if question.limited_by
            else None
        ),
    }


def questionnaire_dict(questionnaire: Questionnaire) -> dict[str, Any]:
    return {
        "version": questionnaire.version,
        "levels": [
            {"id": lv.id, "label": lv.label, "min_score": _points(lv.min_score), "description": lv.description}
            for lv in questionnaire.levels
        ],
        "levers": [
            {
                "id": lever.id,
                "title": lever.title,
                "questions": [question_dict(questionnaire, q) for q in lever.questions],
            }
            for lever in questionnaire.levers
        ],
    }


def assessment_dict(assessment: Assessment) -> dict[str, Any]:
    """verification: who checked the publisher ("verified_official",
    "verified_organisation" or "unverified"); None before publication."""
    return {
        "id": assessment.id,
        "year": assessment.year,
        "kind": assessment.kind,
        "organisation": assessment.organisation,
        "status": assessment.status,
        "verification": assessment.verification if assessment.published_at is not None else None,
    }
