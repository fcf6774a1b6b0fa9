"""An assessment's answers and evidence as scoring takes them: the one place
that turns saved rows into the pure scoring's inputs, for the scorecard and
for the stored scores alike."""

from __future__ import annotations

from assessment.content.current import questionnaire
from assessment.models import Assessment
from assessment.scoring import JurisdictionInfo
from assessment.scoring.answers import EVIDENCE_LIMITS, is_stale_answer, url_problems


def is_carried(answer) -> bool:
    """Copied from an earlier year and not yet confirmed or changed: counts as not answered."""
    return getattr(answer, "carried_from_year", None) is not None


def answers_dict(assessment: Assessment) -> dict:
    """The answers that count: a carried answer not yet confirmed is scored as still to answer."""
    return {a.question_id: a.value for a in assessment.answers if a.value not in (None, [], "") and not is_carried(a)}


def evidence_dict(assessment: Assessment) -> dict:
    return {a.question_id: found for a in assessment.answers if (found := a.evidence())}


def jurisdiction_info(assessment: Assessment) -> JurisdictionInfo:
    place = assessment.jurisdiction
    return JurisdictionInfo(place.name, place.state, place.kind, assessment.year)


def showable_evidence(entry: dict) -> dict:
    """The fields of one saved evidence entry that scoring accepts.

    Evidence never changes a score, so rather than refuse the whole
    scorecard over one saved field that the stricter shared rules refuse
    (a link with a space, a note over the limit), leave the link out and
    shorten the text.
    """
    kept = {}
    internal = entry.get("internal") == "yes"
    for field, text in entry.items():
        if field == "note" and internal:
            continue  # for the editors only: on no scorecard, PDF or API

        limit = EVIDENCE_LIMITS.get(field)
        if limit is None or not isinstance(text, str):
            continue
        if field == "url":
            if not url_problems(text) and len(text) <= limit:
                kept[field] = text
        else:
            kept[field] = text if len(text) <= limit else text[: limit - 1] + "…"
    return kept


def scoring_inputs(assessment: Assessment) -> tuple[dict, dict]:
    # Question ids are never reused, so an answer to a question that a newer
    # questionnaire dropped is simply no longer scored.
    # A "not applicable" saved before questions listed their conditions, or a
    # choice a newer questionnaire no longer offers, is kept in the answer table
    # but scored as still to answer (the lever page asks to answer again).
    known = questionnaire().question
    answers = {
        qid: value
        for qid, value in answers_dict(assessment).items()
        if known(qid) is not None and not is_stale_answer(known(qid), value)
    }
    evidence = {
        qid: showable_evidence(entry) for qid, entry in evidence_dict(assessment).items() if known(qid) is not None
    }
    return answers, evidence
