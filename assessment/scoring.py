"""Turn a jurisdiction's answers into a scorecard. Pure: no app, no database
(its few sentences are in the request's language, English outside one).

Rules, in short (see score()):

* every question that applies is worth question.points; the answer earns the
  chosen option's points (multi: the sum, capped at question.points);
* "dont_know" and unanswered questions earn 0 but still count as possible;
* questions for another jurisdiction type, marked not applicable, or barred
  by a "preempts" state law are excluded: 0 earned and 0 possible;
* scores are earned / possible * 100 per lever and tier, per tier, and
  overall as the weighted mean of the tier scores.

Everything iterates the questionnaire, never the answers mapping, so the
result does not depend on the order answers were inserted in.

figures() gives the numbers of score() alone (no sentences, gaps or labels),
for the stored scores refreshed on every save; both add up their questions
with the same _tally(), so the figures are the same.
"""
from __future__ import annotations

import math
from typing import Any, Iterable, Iterator, Mapping, Sequence

from assessment.answers import (
    NOT_APPLICABLE,
    OPTIONS,
    InvalidAnswers,
    answer_kind,
    best_answer,
    chosen_options,
    clean_evidence,
    not_applicable_reason,
    validate_answers,
    validate_evidence,
)
from assessment.i18n import _, ngettext
from assessment.content.model import (
    DONT_KNOW,
    TIERS,
    Question,
    Questionnaire,
    Recommendation,
    StateLaw,
    scopes_for_kind,
)
from assessment.scoring_types import (  # re-exported: callers import them from here
    ANSWERED,
    JURISDICTION_KINDS,
    UNANSWERED,
    Controller,
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
)

__all__ = [
    "ANSWERED", "JURISDICTION_KINDS", "UNANSWERED", "Controller", "Exclusion", "Figures", "Gap", "Item",
    "JurisdictionInfo", "LeverScores", "Points", "Score", "Scorecard", "Scores",
    "answer_points", "figures", "project", "score",
]

# ---------------------------------------------------------------------------


def score(questionnaire: Questionnaire, jurisdiction: JurisdictionInfo, answers: Mapping[str, Any],
          evidence: Mapping[str, Any] | None = None) -> Scorecard:
    """Score answers (a draft is fine) for one jurisdiction.

    Raises InvalidAnswers (a ValueError listing every problem) when answers
    or evidence do not validate; callers show users validate_answers() first.
    """
    evidence = evidence or {}
    _check(questionnaire, answers, evidence)

    items: list[Item] = []
    excluded: list[Exclusion] = []
    for question, value, laws, cause in _each_question(questionnaire, jurisdiction, answers):
        if cause is not None:
            reason = _exclusion_reason(cause, question, value, laws)
            excluded.append(Exclusion(question.id, question.lever_id, question.tier, reason))
        else:
            items.append(_item(questionnaire, question, value, evidence.get(question.id), laws))

    scores, levers = _tally(questionnaire, items)
    gate_open, gate_message, needed = _gate(questionnaire, scores.protection)
    order = {q.id: n for n, q in enumerate(questionnaire.questions())}
    gaps = sorted(
        (_gap(questionnaire, item) for item in items if item.earned < item.possible or item.status != ANSWERED),
        key=lambda g: (_tier_rank(g.tier), -g.points_available, order[g.question_id]),
    )
    return Scorecard(
        questionnaire_version=questionnaire.version, jurisdiction=jurisdiction,
        scores=scores, levers=levers, items=tuple(items),
        strengths=tuple(i for i in items if i.fully_met),
        gaps=tuple(gaps),
        to_verify=tuple(i.question_id for i in items if i.status == DONT_KNOW),
        unanswered=tuple(i.question_id for i in items if i.status == UNANSWERED),
        excluded=tuple(excluded),
        gate_open=gate_open, gate_message=gate_message, gate_points_needed=needed,
    )


def figures(questionnaire: Questionnaire, jurisdiction: JurisdictionInfo, answers: Mapping[str, Any],
            evidence: Mapping[str, Any] | None = None) -> Figures:
    """score()'s figures alone: its scores, lever scores and each counted
    question's points, equal to score()'s, for a fraction of the work (no
    sentences, labels, gaps or catalog look-ups).

    Refuses what score() refuses (InvalidAnswers), evidence included.
    """
    _check(questionnaire, answers, evidence or {})
    counted = tuple(
        Points(question.id, question.lever_id, question.tier, answer_points(question, value), float(question.points))
        for question, value, _laws, cause in _each_question(questionnaire, jurisdiction, answers) if cause is None
    )
    scores, levers = _tally(questionnaire, counted)
    return Figures(questionnaire.version, scores, levers, counted)


def project(questionnaire: Questionnaire, jurisdiction: JurisdictionInfo, answers: Mapping[str, Any],
            close: Iterable[str], evidence: Mapping[str, Any] | None = None) -> Scorecard:
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


def answer_points(question: Question, value: Any) -> float:
    """Points an answer earns: chosen options' sum, capped at question.points."""
    if value is None or answer_kind(value) != OPTIONS:
        return 0.0
    return min(float(sum(opt.points for opt in chosen_options(question, value))), float(question.points))


# ---------------------------------------------------------------------------


def _law_name(law: StateLaw) -> str:
    return f"{law.title} ({law.year})" if law.year else law.title


def _check(questionnaire: Questionnaire, answers: Mapping[str, Any], evidence: Mapping[str, Any]) -> None:
    problems = validate_answers(questionnaire, answers) + validate_evidence(evidence, questionnaire)
    if problems:
        raise InvalidAnswers(problems)


def _each_question(questionnaire: Questionnaire, jurisdiction: JurisdictionInfo, answers: Mapping[str, Any]
                   ) -> Iterator[tuple[Question, Any, tuple[StateLaw, ...], str | None]]:
    """Every question with its answer, the state laws on its topics, and why
    it does not count (None when it does), in questionnaire order."""
    scopes = scopes_for_kind(jurisdiction.kind)
    state = jurisdiction.state.upper()
    for question in questionnaire.questions():
        value = answers.get(question.id)
        laws = questionnaire.state_laws_for(state, question.state_law_topics)
        yield question, value, laws, _exclusion(question, scopes, value, laws)


# Why a question does not count (_exclusion), worded by _exclusion_reason.
OTHER_KIND = "other_kind"
MARKED_NOT_APPLICABLE = "marked_not_applicable"
PREEMPTED = "preempted"


def _exclusion(question: Question, scopes: frozenset[str], value: Any, laws: tuple[StateLaw, ...]) -> str | None:
    # Order matters only for which reason is shown: the type of jurisdiction
    # is the most basic, then the user's own judgement, then state law.
    if not question.applies_in(scopes):
        return OTHER_KIND
    if value is not None and answer_kind(value) == NOT_APPLICABLE:
        return MARKED_NOT_APPLICABLE
    if any(law.effect == "preempts" for law in laws):
        return PREEMPTED
    return None


def _exclusion_reason(cause: str, question: Question, value: Any, laws: tuple[StateLaw, ...]) -> str:
    if cause == OTHER_KIND:
        if set(question.applies_to) == {"city"}:
            return _("Applies to cities only")
        if set(question.applies_to) == {"county"}:
            return _("Applies to counties only")
        return _("Applies to no jurisdiction type")
    if cause == MARKED_NOT_APPLICABLE:
        return _("Marked not applicable: %(reason)s", reason=not_applicable_reason(value))
    preempting = [_law_name(law) for law in laws if law.effect == "preempts"]
    return _("Preempted by state law: %(laws)s", laws="; ".join(preempting))


def _item(questionnaire: Questionnaire, question: Question, value: Any, evidence: Any,
          laws: tuple[StateLaw, ...]) -> Item:
    if value is None:
        status = UNANSWERED
    elif answer_kind(value) == DONT_KNOW:
        status = DONT_KNOW
    else:
        status = ANSWERED
    return Item(
        question_id=question.id,
        lever_id=question.lever_id,
        tier=question.tier,
        prompt=question.prompt,
        controlled_by=tuple(Controller(c, questionnaire.controllers.get(c, c)) for c in question.controlled_by),
        earned=answer_points(question, value),
        possible=float(question.points),
        status=status,
        chosen=tuple(opt.label for opt in chosen_options(question, value)) if value is not None else (),
        evidence=clean_evidence(evidence),
        state_law_notes=tuple(
            _("State law already sets a floor: %(law)s", law=_law_name(law)) for law in laws if law.effect == "floor"
        ),
    )


def _tally(questionnaire: Questionnaire, counted: Sequence[Item] | Sequence[Points]
           ) -> tuple[Scores, tuple[LeverScores, ...]]:
    """The tier, overall and lever scores of the counted questions (Items or Points alike)."""
    tier_scores = {tier: _score_of(questionnaire, [i for i in counted if i.tier == tier]) for tier in TIERS}
    by_lever: dict[tuple[str, str], list] = {}
    for item in counted:
        by_lever.setdefault((item.lever_id, item.tier), []).append(item)
    levers = tuple(
        LeverScores(lever.id, lever.title,
                    *(_score_of(questionnaire, by_lever.get((lever.id, tier), [])) for tier in TIERS))
        for lever in questionnaire.levers
    )
    scores = Scores(tier_scores["protection"], tier_scores["next_level"], _overall(questionnaire, tier_scores))
    return scores, levers


def _score_of(questionnaire: Questionnaire, items: Sequence[Item] | Sequence[Points]) -> Score:
    earned = sum(i.earned for i in items)
    possible = sum(i.possible for i in items)
    return _make_score(questionnaire, float(earned), float(possible),
                       earned / possible * 100 if possible > 0 else None)


def _make_score(questionnaire: Questionnaire, earned: float, possible: float, value: float | None) -> Score:
    level = questionnaire.level_for(value) if value is not None else None
    return Score(earned, possible, value, level)


def _overall(questionnaire: Questionnaire, tiers: Mapping[str, Score]) -> Score:
    # Re-normalise the weights over the tiers that have anything to score, so
    # a jurisdiction with no applicable next-level questions is not marked
    # down for them. If those tiers all weigh 0, weigh them equally rather
    # than report no overall score for a card that has points.
    present = [t for t in TIERS if tiers[t].score is not None]
    weights = {t: questionnaire.overall_weights.get(t, 0.0) for t in present}
    if sum(weights.values()) <= 0:
        weights = {t: 1.0 for t in present}
    value = None
    if present:
        value = sum(weights[t] * tiers[t].score for t in present) / sum(weights.values())
    return _make_score(questionnaire, sum(tiers[t].earned for t in TIERS),
                       sum(tiers[t].possible for t in TIERS), value)


def _gate(questionnaire: Questionnaire, protection: Score) -> tuple[bool, str | None, float | None]:
    # With no current-protection question left to score there is no measured
    # weakness to warn about, so the gate stays open.
    if protection.score is None or protection.score >= questionnaire.gate_threshold:
        return True, None, None
    threshold = questionnaire.gate_threshold
    # Rounded up (to 0.1 point) so earning the stated points really opens it.
    needed = math.ceil(round((threshold / 100 * protection.possible - protection.earned) * 10, 6)) / 10
    message = ngettext(
        "Current protections score %(score)s out of 100, below the threshold of %(threshold)s, so next-level "
        "reforms rest on an unprotected base. Earning %(needed)s more current-protection point would reach "
        "the threshold.",
        "Current protections score %(score)s out of 100, below the threshold of %(threshold)s, so next-level "
        "reforms rest on an unprotected base. Earning %(needed)s more current-protection points would reach "
        "the threshold.",
        1 if needed == 1 else 2,
        score=_fmt(round(protection.score, 1)), threshold=_fmt(threshold), needed=_fmt(needed),
    )
    return False, message, needed


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def _tier_rank(tier: str) -> int:
    return TIERS.index(tier) if tier in TIERS else len(TIERS)


def _gap(questionnaire: Questionnaire, item: Item) -> Gap:
    question = questionnaire.question(item.question_id)
    rec: Recommendation = question.recommendation

    def lookup(catalog: Mapping[str, Any], ids: tuple[str, ...], what: str) -> list[Any]:
        missing = [i for i in ids if i not in catalog]
        if missing:
            # The loader checks references; reaching this is a content bug.
            raise ValueError(f"{question.id}: recommendation names unknown {what} {', '.join(missing)}")
        return [catalog[i] for i in ids]

    model_laws = tuple(
        {"id": m.id, "title": m.title, "url": m.url, "jurisdiction": m.jurisdiction, "year": m.year,
         "identifier": m.identifier, "unconfirmed": m.unconfirmed}
        for m in lookup(questionnaire.model_laws, rec.model_laws, "model law")
    )
    guides = tuple(
        {"id": g.id, "title": g.title, "url": g.url, "publisher": g.publisher, "unconfirmed": g.unconfirmed}
        for g in lookup(questionnaire.guides, rec.guides, "guide")
    )
    allies = tuple({"id": a.id, "name": a.name, "url": a.url}
                   for a in lookup(questionnaire.allies, rec.allies, "ally"))
    return Gap(item, rec.action, model_laws, guides, allies, item.possible - item.earned)
