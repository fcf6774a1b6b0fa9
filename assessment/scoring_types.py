"""What scoring takes and gives: the jurisdiction scored, and the scorecard
(scores, items, gaps, exclusions) or its figures alone. Pure, like
assessment/scoring.py, which computes them and re-exports these names.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

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
class Points:
    """One question that counts towards the scores, as figures() reports it: numbers only."""

    question_id: str
    lever_id: str
    tier: str
    earned: float
    possible: float


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


@dataclass(frozen=True)
class Figures:
    """The numbers of a Scorecard (the same attributes, equal values), without its words."""

    questionnaire_version: str
    scores: Scores
    levers: tuple[LeverScores, ...]
    items: tuple[Points, ...]  # every counted question, in questionnaire order
