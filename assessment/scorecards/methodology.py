"""How scores are computed, in words, derived from the questionnaire data.

The methodology page and the PDF appendix both read these, so the numbers
they state (weights, thresholds) are always the ones scoring uses.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..content.model import TIERS, Level, Questionnaire
from .wording import TIER_LABELS, number


@dataclass(frozen=True)
class LevelBand:
    level: Level
    low: float
    high: float | None  # None for the top level

    @property
    def range_text(self) -> str:
        if self.high is None:
            return f"{number(self.low)} to 100"
        return f"{number(self.low)} to under {number(self.high)}"


def _percent(weight: float) -> str:
    return f"{number(round(weight * 100, 2))}%"


def overall_formula(questionnaire: Questionnaire) -> str:
    """The overall figure as a formula with the weights from the data."""
    weights = {tier: float(questionnaire.overall_weights.get(tier, 0.0)) for tier in TIERS}
    terms = " + ".join(f"{number(weights[tier])} × {TIER_LABELS[tier].lower()}" for tier in TIERS)
    total = sum(weights.values())
    if abs(total - 1) < 1e-9:
        return f"Overall = {terms}"
    return f"Overall = ({terms}) ÷ {number(total)}"


def weights_text(questionnaire: Questionnaire) -> str:
    parts = [f"{TIER_LABELS[tier].lower()} {_percent(float(questionnaire.overall_weights.get(tier, 0.0)))}"
             for tier in TIERS]
    return " and ".join(parts)


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
