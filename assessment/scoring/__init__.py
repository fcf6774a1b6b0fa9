"""Turn a jurisdiction's answers into a scorecard. Pure: no app, no database
(its few sentences are in the request's language, English outside one).

Rules, in short (the methodology page says the same from the content):

* every question that applies is worth question.points; the answer earns the
  chosen option's points (multi: the sum, capped at question.points);
* "dont_know" and unanswered questions earn 0 but still count as possible,
  and lower `completeness`; below the content's threshold a level reads "Incomplete";
* questions for another jurisdiction type, or marked not applicable under one
  of the question's listed conditions, are excluded: 0 earned and 0 possible;
* state law in force in the assessment year (and not blocked by a court):
  where it *mandates* the harm the question counts as not met (0 points);
  where it *preempts* the local protection the answer counts as it is; both
  are left out of `local_score`, the figure of what local government controls;
  a *floor* law is noted, and the answer counts as it is;
* questions average within their lever; a tier's score is the weighted mean
  of its levers (weights in the content); overall is the weighted mean of the
  tier scores;
* the core items gate the levels: while one fails, the current-protections and
  overall levels go no higher than the content's cap.

Everything iterates the questionnaire, never the answers mapping, so the
result does not depend on the order answers were inserted in.

figures() gives the numbers of score() alone (no sentences, gaps or labels),
for the stored scores refreshed on every save; both add up their questions
with the same _tally(), so the figures are the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from assessment.content.model import DONT_KNOW, Questionnaire
from assessment.scoring.advice import gap_of, tier_rank
from assessment.scoring.answers import InvalidAnswers, best_answer, validate_answers, validate_evidence
from assessment.scoring.asking import (
    Asked,
    answer_points,
    asked_questions,
    exclusion_of,
    item_of,
    law_name,
    state_law_statuses,
)
from assessment.scoring.figures import core_gate, evidence_backing, gate_message, tally
from assessment.scoring.types import (  # re-exported: callers import them from here
    ANSWERED,
    JURISDICTION_KINDS,
    UNANSWERED,
    Controller,
    Core,
    Exclusion,
    Figures,
    Gap,
    Item,
    JurisdictionInfo,
    LeverScores,
    Points,
    Score,
    Scorecard,
    Scores,
    StateLawStatus,
)

__all__ = [
    "ANSWERED",
    "JURISDICTION_KINDS",
    "UNANSWERED",
    "Controller",
    "Core",
    "Exclusion",
    "Figures",
    "Gap",
    "Item",
    "JurisdictionInfo",
    "LeverScores",
    "Points",
    "Score",
    "Scorecard",
    "Scores",
    "StateLawStatus",
    "answer_points",
    "figures",
    "law_name",
    "points_of",
    "project",
    "score",
]

# ---------------------------------------------------------------------------


def score(
    questionnaire: Questionnaire,
    jurisdiction: JurisdictionInfo,
    answers: Mapping[str, Any],
    evidence: Mapping[str, Any] | None = None,
) -> Scorecard:
    """Score answers (a draft is fine) for one jurisdiction.

    Raises InvalidAnswers (a ValueError listing every problem) when answers
    or evidence do not validate; callers show users validate_answers() first.
    """
    evidence = evidence or {}
    _check(questionnaire, answers, evidence)

    items: list[Item] = []
    excluded: list[Exclusion] = []
    core_ids = {c.question_id for c in questionnaire.core_items}
    for asked in asked_questions(questionnaire, jurisdiction, answers):
        if asked.cause is not None:
            excluded.append(exclusion_of(asked))
        else:
            items.append(item_of(questionnaire, asked, evidence.get(asked.question.id), asked.question.id in core_ids))

    core = core_gate(questionnaire, items)
    scores, levers = tally(questionnaire, items, core)
    order = {q.id: n for n, q in enumerate(questionnaire.questions())}
    failing = {qid: n for n, qid in enumerate(core.failing)}
    gaps = sorted(
        (
            gap_of(questionnaire, item, jurisdiction)
            for item in items
            if item.earned < item.possible or item.status != ANSWERED
        ),
        # Failing core items first (in the content's order), then current
        # protections before next-level reforms, then by the points they would add.
        # Extra credit comes after every gap that costs points.
        key=lambda g: (
            g.question_id not in failing,
            failing.get(g.question_id, 0),
            g.item.extra,
            tier_rank(g.tier),
            -g.points_available,
            order[g.question_id],
        ),
    )
    return Scorecard(
        questionnaire_version=questionnaire.version,
        jurisdiction=jurisdiction,
        scores=scores,
        levers=levers,
        items=tuple(items),
        strengths=tuple(i for i in items if i.fully_met),
        gaps=tuple(gaps),
        to_verify=tuple(i.question_id for i in items if i.status == DONT_KNOW),
        unanswered=tuple(i.question_id for i in items if i.status == UNANSWERED),
        excluded=tuple(excluded),
        gate_open=core.met,
        gate_message=gate_message(questionnaire, core),
        gate_points_needed=None,
        core=core,
        state_laws=state_law_statuses(questionnaire, jurisdiction),
        evidence_backing=evidence_backing(questionnaire, items),
    )


def figures(
    questionnaire: Questionnaire,
    jurisdiction: JurisdictionInfo,
    answers: Mapping[str, Any],
    evidence: Mapping[str, Any] | None = None,
) -> Figures:
    """score()'s figures alone: its scores, lever scores, core gate and each
    counted question's points, equal to score()'s, for a fraction of the work
    (no sentences, labels, gaps or catalog look-ups).

    Refuses what score() refuses (InvalidAnswers), evidence included.
    """
    _check(questionnaire, answers, evidence or {})
    counted = tuple(
        points_of(asked) for asked in asked_questions(questionnaire, jurisdiction, answers) if asked.cause is None
    )
    core = core_gate(questionnaire, counted)
    scores, levers = tally(questionnaire, counted, core)
    return Figures(questionnaire.version, scores, levers, counted, core)


def points_of(asked: Asked) -> Points:
    """A counted question's numbers (asking.Asked with no cause), as figures() reports them."""
    return Points(
        asked.question.id,
        asked.question.lever_id,
        asked.question.tier,
        asked.earned,
        float(asked.question.points),
        asked.status,
        asked.effect,
        asked.question.extra_credit,
    )


def project(
    questionnaire: Questionnaire,
    jurisdiction: JurisdictionInfo,
    answers: Mapping[str, Any],
    close: Iterable[str],
    evidence: Mapping[str, Any] | None = None,
) -> Scorecard:
    """What if the listed questions were answered as well as possible?

    Works on a copy: the caller's answers are left untouched.
    """
    what_if = dict(answers)
    for question_id in close:
        question = questionnaire.question(question_id)
        if question is None:
            raise ValueError(f"cannot project unknown question id {question_id!r}")
        what_if[question_id] = best_answer(question)
    return score(questionnaire, jurisdiction, what_if, evidence)


def _check(questionnaire: Questionnaire, answers: Mapping[str, Any], evidence: Mapping[str, Any]) -> None:
    problems = validate_answers(questionnaire, answers) + validate_evidence(evidence, questionnaire)
    if problems:
        raise InvalidAnswers(problems)
