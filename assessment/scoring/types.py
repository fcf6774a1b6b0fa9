"""What scoring takes and gives: the jurisdiction scored, and the scorecard
(scores, items, gaps, exclusions) or its figures alone. Pure, like
assessment/scoring/ (score() in its __init__), which computes them and re-exports these names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assessment.content.model import Level

JURISDICTION_KINDS = ("city", "county", "city_county", "town", "village", "township")

# Item status: how the question was answered.
ANSWERED = "answered"
UNANSWERED = "unanswered"


@dataclass(frozen=True)
class JurisdictionInfo:
    name: str
    state: str  # two-letter code
    kind: str  # one of JURISDICTION_KINDS
    # The assessment year: state law is taken as it stood at its end. None: no
    # year given, so every law in the catalog that is not blocked applies.
    year: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in JURISDICTION_KINDS:
            raise ValueError(f"unknown jurisdiction kind {self.kind!r} (one of {', '.join(JURISDICTION_KINDS)})")

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "state": self.state, "kind": self.kind, "year": self.year}


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


@dataclass(frozen=True)
class Score:
    """One figure pair: `score`, the protection in effect for residents (state-imposed
    harm counted as not met), and `local_score`, the same over what local
    government controls (state-imposed questions left out)."""

    earned: float  # plain sums of the counted questions' points (score basis)
    possible: float
    score: float | None  # exact, 0-100, lever-weighted; None when nothing was possible
    level: Level | None  # None when score is None; "incomplete" below the completeness threshold
    local_score: float | None = None
    local_level: Level | None = None
    completeness: float | None = None  # 0-1: share of counted questions answered other than "don't know"
    answered: int = 0  # counted questions with a real answer (or settled by state law)
    to_find_out: int = 0  # counted questions answered "don't know yet" or not at all
    capped: bool = False  # the level was held down because a core item fails

    @property
    def display(self) -> float | None:
        """The score rounded to one decimal, for people to read."""
        return _round(self.score)

    @property
    def local_display(self) -> float | None:
        return _round(self.local_score)

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.display,
            "earned": self.earned,
            "possible": self.possible,
            "level": self.level.label if self.level is not None else None,
            "level_id": self.level.id if self.level is not None else None,
            "local_score": self.local_display,
            "local_level": self.local_level.label if self.local_level is not None else None,
            "local_level_id": self.local_level.id if self.local_level is not None else None,
            "completeness": _round(self.completeness, 3),
            "answered": self.answered,
            "to_find_out": self.to_find_out,
            "level_capped_by_core": self.capped,
        }


@dataclass(frozen=True)
class Scores:
    protection: Score
    next_level: Score
    overall: Score  # earned/possible are plain sums; score is the weighted mean

    def to_dict(self) -> dict[str, Any]:
        return {
            "protection": self.protection.to_dict(),
            "next_level": self.next_level.to_dict(),
            "overall": self.overall.to_dict(),
        }


@dataclass(frozen=True)
class LeverScores:
    id: str
    title: str
    protection: Score
    next_level: Score

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "protection": self.protection.to_dict(),
            "next_level": self.next_level.to_dict(),
        }


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
    earned: float  # what counts in `score`: 0 when state law forces the harm
    possible: float
    status: str  # ANSWERED, DONT_KNOW or UNANSWERED
    chosen: tuple[str, ...]  # labels of the chosen options, in question order
    evidence: Mapping[str, str] | None
    state_law_notes: tuple[str, ...]
    # "mandates", "preempts" or "floor" when a state law in force touches the
    # question (the strongest), else None; mandates and preempts leave it out of local_score.
    state_effect: str | None = None
    state_laws: tuple[str, ...] = ()  # names of the laws with that effect ("Texas SB 8 (2025)")
    core: bool = False  # one of the questionnaire's core items
    # Why the answer earns less than its option's points (Question.limited_by), when it does.
    limit_note: str | None = None
    extra: bool = False  # extra credit (Question.extra_credit): its possible points are not counted

    @property
    def fully_met(self) -> bool:
        return self.status == ANSWERED and self.earned >= self.possible

    @property
    def state_imposed(self) -> bool:
        return self.state_effect in ("mandates", "preempts")

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question_id,
            "lever": self.lever_id,
            "tier": self.tier,
            "prompt": self.prompt,
            "controlled_by": [{"id": c.id, "label": c.label} for c in self.controlled_by],
            "earned": self.earned,
            "possible": self.possible,
            "status": self.status,
            "chosen": list(self.chosen),
            "evidence": dict(self.evidence) if self.evidence else None,
            "state_law_notes": list(self.state_law_notes),
            "state_effect": self.state_effect,
            "state_laws": list(self.state_laws),
            "core": self.core,
            "limit_note": self.limit_note,
            "extra_credit": self.extra,
        }


@dataclass(frozen=True)
class Points:
    """One question that counts towards the scores, as figures() reports it: numbers only."""

    question_id: str
    lever_id: str
    tier: str
    earned: float
    possible: float
    status: str = ANSWERED
    state_effect: str | None = None
    extra: bool = False

    @property
    def state_imposed(self) -> bool:
        return self.state_effect in ("mandates", "preempts")


@dataclass(frozen=True)
class Core:
    """The gate of core prerequisites."""

    met: bool  # every core item that applies is met
    failing: tuple[str, ...]  # question ids, in the questionnaire's core order
    state_imposed: tuple[str, ...]  # those of `failing` that state law forces or bars
    local_met: bool  # every failing item is state-imposed: local government did all it controls

    def to_dict(self) -> dict[str, Any]:
        return {
            "met": self.met,
            "failing": list(self.failing),
            "state_imposed": list(self.state_imposed),
            "local_met": self.local_met,
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
    # Whose advice `recommendation` is: "action" (the question's own), or the
    # state-law effect whose room-left advice replaced it ("mandates", "preempts", "floor").
    advice_for: str = "action"

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
            "advice_for": self.advice_for,
        }


@dataclass(frozen=True)
class Exclusion:
    question_id: str
    lever_id: str
    tier: str
    reason: str
    condition: str | None = None  # the not-applicable condition's id, when that is why

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question_id,
            "lever": self.lever_id,
            "tier": self.tier,
            "reason": self.reason,
            "condition": self.condition,
        }


@dataclass(frozen=True)
class StateLawStatus:
    """A law of the jurisdiction's state and how it stood in the assessment year."""

    id: str
    name: str  # "Texas SB 8 (2025)"
    status: str  # "in_force", "blocked" or "not_in_force"
    effects: Mapping[str, str]
    blocked_by: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "effects": dict(self.effects),
            "blocked_by": self.blocked_by,
        }


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
    gate_open: bool  # the core items are all met (core.met)
    gate_message: str | None  # names the failing core items; None when the gate is open
    gate_points_needed: float | None  # kept for older readers: always None (the gate is no longer a threshold)
    core: Core = Core(True, (), (), True)
    state_laws: tuple[StateLawStatus, ...] = ()  # every law of the state in the catalog, with its status
    # Share (0-1) of the points earned that each kind of evidence backs, by the
    # content's evidence kind ids, and "none" for answers given without saying
    # what backs them (self-reported); empty when no point is earned.
    evidence_backing: Mapping[str, float] = field(default_factory=dict)

    @property
    def method_version(self) -> str:
        """The questionnaire version is the scoring method's version."""
        return self.questionnaire_version

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (the shape the API and bulk export promise)."""
        return {
            "questionnaire_version": self.questionnaire_version,
            "method_version": self.method_version,
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
            "core": self.core.to_dict(),
            "state_laws": [law.to_dict() for law in self.state_laws],
            "evidence_backing": dict(self.evidence_backing),
        }


@dataclass(frozen=True)
class Figures:
    """The numbers of a Scorecard (the same attributes, equal values), without its words."""

    questionnaire_version: str
    scores: Scores
    levers: tuple[LeverScores, ...]
    items: tuple[Points, ...]  # every counted question, in questionnaire order
    core: Core = Core(True, (), (), True)
