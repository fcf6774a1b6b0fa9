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
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

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
    Level,
    Question,
    Questionnaire,
    Recommendation,
    StateLaw,
    scopes_for_kind,
)

JURISDICTION_KINDS = ("city", "county", "city_county", "town", "village", "township")

# Item status: how the question was answered.
ANSWERED = "answered"
UNANSWERED = "unanswered"


@dataclass(frozen=True)
class JurisdictionInfo:
    name: str
    state: str  # two-letter code
    kind: str  # one of JURISDICTION_KINDS

    def __post_init__(self) -> None:
        if self.kind not in JURISDICTION_KINDS:
            raise ValueError(f"unknown jurisdiction kind {self.kind!r} (one of {', '.join(JURISDICTION_KINDS)})")

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "state": self.state, "kind": self.kind}


@dataclass(frozen=True)
class Score:
    earned: float
    possible: float
    score: float | None  # exact, 0-100; None when nothing was possible
    level: Level | None  # None when score is None

    @property
    def display(self) -> float | None:
        """The score rounded to one decimal, for people to read."""
        return None if self.score is None else round(self.score, 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.display,
            "earned": self.earned,
            "possible": self.possible,
            "level": self.level.label if self.level is not None else None,
            "level_id": self.level.id if self.level is not None else None,
        }


@dataclass(frozen=True)
class Scores:
    protection: Score
    next_level: Score
    overall: Score  # earned/possible are plain sums; score is the weighted mean

    def to_dict(self) -> dict[str, Any]:
        return {"protection": self.protection.to_dict(), "next_level": self.next_level.to_dict(),
                "overall": self.overall.to_dict()}


@dataclass(frozen=True)
class LeverScores:
    id: str
    title: str
    protection: Score
    next_level: Score

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "protection": self.protection.to_dict(),
                "next_level": self.next_level.to_dict()}


@dataclass(frozen=True)
class Controller:
    id: str
    label: str


@dataclass(frozen=True)
class Item:
    """One question that counts towards the scores."""

    question_id: str
    lever_id: str
    tier: str
    prompt: str
    controlled_by: tuple[Controller, ...]
    earned: float
    possible: float
    status: str  # ANSWERED, DONT_KNOW or UNANSWERED
    chosen: tuple[str, ...]  # labels of the chosen options, in question order
    evidence: Mapping[str, str] | None
    state_law_notes: tuple[str, ...]

    @property
    def fully_met(self) -> bool:
        return self.status == ANSWERED and self.earned >= self.possible

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question_id, "lever": self.lever_id, "tier": self.tier,
            "prompt": self.prompt,
            "controlled_by": [{"id": c.id, "label": c.label} for c in self.controlled_by],
            "earned": self.earned, "possible": self.possible, "status": self.status,
            "chosen": list(self.chosen),
            "evidence": dict(self.evidence) if self.evidence else None,
            "state_law_notes": list(self.state_law_notes),
        }


@dataclass(frozen=True)
class Gap:
    """A question earning less than full points, with what to do about it."""

    item: Item
    recommendation: str
    model_laws: tuple[Mapping[str, Any], ...]
    guides: tuple[Mapping[str, Any], ...]
    allies: tuple[Mapping[str, Any], ...]
    points_available: float

    @property
    def question_id(self) -> str:
        return self.item.question_id

    @property
    def tier(self) -> str:
        return self.item.tier

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.item.to_dict(),
            "recommendation": self.recommendation,
            "model_laws": [dict(m) for m in self.model_laws],
            "guides": [dict(g) for g in self.guides],
            "allies": [dict(a) for a in self.allies],
            "points_available": self.points_available,
        }


@dataclass(frozen=True)
class Exclusion:
    question_id: str
    lever_id: str
    tier: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"question": self.question_id, "lever": self.lever_id, "tier": self.tier,
                "reason": self.reason}


@dataclass(frozen=True)
class Scorecard:
    questionnaire_version: str
    jurisdiction: JurisdictionInfo
    scores: Scores
    levers: tuple[LeverScores, ...]
    items: tuple[Item, ...]  # every counted question (answered, dont_know, unanswered)
    strengths: tuple[Item, ...]
    gaps: tuple[Gap, ...]
    to_verify: tuple[str, ...]  # question ids answered "dont_know"
    unanswered: tuple[str, ...]  # question ids with no answer yet
    excluded: tuple[Exclusion, ...]
    gate_open: bool
    gate_message: str | None
    gate_points_needed: float | None  # protection points short of the threshold

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (the shape the API and bulk export promise)."""
        return {
            "questionnaire_version": self.questionnaire_version,
            "jurisdiction": self.jurisdiction.to_dict(),
            "scores": self.scores.to_dict(),
            "levers": [lever.to_dict() for lever in self.levers],
            "strengths": [item.to_dict() for item in self.strengths],
            "gaps": [gap.to_dict() for gap in self.gaps],
            "to_verify": list(self.to_verify),
            "unanswered": list(self.unanswered),
            "excluded": [e.to_dict() for e in self.excluded],
            "gate_open": self.gate_open,
            "gate_message": self.gate_message,
            "gate_points_needed": self.gate_points_needed,
        }


# ---------------------------------------------------------------------------


def score(questionnaire: Questionnaire, jurisdiction: JurisdictionInfo, answers: Mapping[str, Any],
          evidence: Mapping[str, Any] | None = None) -> Scorecard:
    """Score answers (a draft is fine) for one jurisdiction.

    Raises InvalidAnswers (a ValueError listing every problem) when answers
    or evidence do not validate; callers show users validate_answers() first.
    """
    evidence = evidence or {}
    problems = validate_answers(questionnaire, answers) + validate_evidence(evidence, questionnaire)
    if problems:
        raise InvalidAnswers(problems)

    scopes = scopes_for_kind(jurisdiction.kind)
    items: list[Item] = []
    excluded: list[Exclusion] = []
    for question in questionnaire.questions():
        laws = questionnaire.state_laws_for(jurisdiction.state.upper(), question.state_law_topics)
        reason = _exclusion_reason(question, scopes, answers.get(question.id), laws)
        if reason is not None:
            excluded.append(Exclusion(question.id, question.lever_id, question.tier, reason))
        else:
            items.append(_item(questionnaire, question, answers.get(question.id), evidence.get(question.id), laws))

    tier_scores = {tier: _score_of(questionnaire, [i for i in items if i.tier == tier]) for tier in TIERS}
    overall = _overall(questionnaire, tier_scores)
    levers = tuple(
        LeverScores(
            lever.id, lever.title,
            *(_score_of(questionnaire, [i for i in items if i.lever_id == lever.id and i.tier == tier])
              for tier in TIERS),
        )
        for lever in questionnaire.levers
    )
    gate_open, gate_message, needed = _gate(questionnaire, tier_scores["protection"])
    order = {q.id: n for n, q in enumerate(questionnaire.questions())}
    gaps = sorted(
        (_gap(questionnaire, item) for item in items if item.earned < item.possible or item.status != ANSWERED),
        key=lambda g: (_tier_rank(g.tier), -g.points_available, order[g.question_id]),
    )
    return Scorecard(
        questionnaire_version=questionnaire.version, jurisdiction=jurisdiction,
        scores=Scores(tier_scores["protection"], tier_scores["next_level"], overall),
        levers=levers, items=tuple(items),
        strengths=tuple(i for i in items if i.fully_met),
        gaps=tuple(gaps),
        to_verify=tuple(i.question_id for i in items if i.status == DONT_KNOW),
        unanswered=tuple(i.question_id for i in items if i.status == UNANSWERED),
        excluded=tuple(excluded),
        gate_open=gate_open, gate_message=gate_message, gate_points_needed=needed,
    )


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


def _exclusion_reason(question: Question, scopes: frozenset[str], value: Any,
                      laws: tuple[StateLaw, ...]) -> str | None:
    # Order matters only for which reason is shown: the type of jurisdiction
    # is the most basic, then the user's own judgement, then state law.
    if not scopes & set(question.applies_to):
        if set(question.applies_to) == {"city"}:
            return _("Applies to cities only")
        if set(question.applies_to) == {"county"}:
            return _("Applies to counties only")
        return _("Applies to no jurisdiction type")
    if value is not None and answer_kind(value) == NOT_APPLICABLE:
        return _("Marked not applicable: %(reason)s", reason=not_applicable_reason(value))
    preempting = [_law_name(law) for law in laws if law.effect == "preempts"]
    if preempting:
        return _("Preempted by state law: %(laws)s", laws="; ".join(preempting))
    return None


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


def _score_of(questionnaire: Questionnaire, items: list[Item]) -> Score:
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
