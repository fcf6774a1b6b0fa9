"""How scores are computed, in words, derived from the questionnaire data.

The methodology page and its PDF both read these, so the numbers
they state (weights, thresholds) are always the ones scoring uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessment.content.model import scopes_for_kind

from ..content.model import TIERS, Level, Questionnaire
from ..i18n import _
from .wording import and_list, number, tier_label


@dataclass(frozen=True)
class LevelBand:
    level: Level
    low: float
    high: float | None  # None for the top level

    @property
    def range_text(self) -> str:
        if self.high is None:
            return _("%(low)s to 100", low=number(self.low))
        return _("%(low)s to under %(high)s", low=number(self.low), high=number(self.high))


def _percent(weight: float) -> str:
    return f"{number(round(weight * 100, 2))}%"


def overall_formula(questionnaire: Questionnaire) -> str:
    """The overall figure as a formula with the weights from the data."""
    weights = {tier: float(questionnaire.overall_weights.get(tier, 0.0)) for tier in TIERS}
    terms = " + ".join(f"{number(weights[tier])} × {tier_label(tier).lower()}" for tier in TIERS)
    total = sum(weights.values())
    if abs(total - 1) < 1e-9:
        return _("Overall = %(terms)s", terms=terms)
    return _("Overall = (%(terms)s) ÷ %(total)s", terms=terms, total=number(total))


def weights_text(questionnaire: Questionnaire) -> str:
    return and_list(
        f"{tier_label(tier).lower()} {_percent(float(questionnaire.overall_weights.get(tier, 0.0)))}" for tier in TIERS
    )


def level_bands(questionnaire: Questionnaire) -> list[LevelBand]:
    levels = sorted(questionnaire.levels, key=lambda lv: lv.min_score)
    return [
        LevelBand(level, level.min_score, levels[n + 1].min_score if n + 1 < len(levels) else None)
        for n, level in enumerate(levels)
    ]


def question_counts(questionnaire: Questionnaire) -> dict[str, int]:
    counts = {tier: 0 for tier in TIERS}
    for question in questionnaire.questions():
        counts[question.tier] = counts.get(question.tier, 0) + 1
    return counts


@dataclass(frozen=True)
class WeightRow:
    lever_id: str
    title: str
    weight: float
    share: float  # 0-100: the lever's share of its tier in a jurisdiction that is asked every lever
    reason: str
    ends_collaboration: bool


def weight_rows(questionnaire: Questionnaire, tier: str, kind: str = "county") -> list[WeightRow]:
    """The levers with questions in `tier` for a jurisdiction of this type, with their
    weights and shares: what the methodology page shows."""

    scopes = scopes_for_kind(kind)
    levers = [
        lever
        for lever in questionnaire.levers
        if any(q.tier == tier and not scopes.isdisjoint(q.applies_to) for q in lever.questions)
    ]
    total = sum(questionnaire.lever_weight(lever.id) for lever in levers)
    rows = []
    for lever in levers:
        weight = questionnaire.lever_weight(lever.id)
        found = questionnaire.lever_weights.get(lever.id)
        rows.append(
            WeightRow(
                lever.id,
                lever.title,
                weight,
                weight / total * 100 if total else 0.0,
                found.reason if found else "",
                lever.id in questionnaire.collaboration_levers,
            )
        )
    return rows


def collaboration_share(questionnaire: Questionnaire, kind: str) -> float:
    """0-100: the share of current protections that ending collaboration with ICE weighs."""
    return sum(row.share for row in weight_rows(questionnaire, "protection", kind) if row.ends_collaboration)


def core_rows(questionnaire: Questionnaire) -> list[tuple[str, str, str]]:
    """(question id, lever title, what is true when it is met), in the content's order."""
    rows = []
    for item in questionnaire.core_items:
        question = questionnaire.question(item.question_id)
        lever = questionnaire.lever(question.lever_id) if question else None
        rows.append((item.question_id, lever.title if lever else "", item.summary))
    return rows
