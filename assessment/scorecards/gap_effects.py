"""What closing one gap alone does to its tier's figure, e.g. "Current
protections: 37.3 → 49.1".

The scores are lever-weighted means out of 100, so a question's own points
("100 to gain") say nothing a reader can compare with the figures on the
page: a 100-point question in a lever of five moves its tier by a few
points. Each gap is therefore re-scored with that one answer at its best,
with figures() (numbers only, no sentences), and its tier's figure is read
before and after.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from assessment.scoring.answers import best_answer
from ..content.model import Questionnaire
from ..scoring import JurisdictionInfo, Scorecard, figures


@dataclass(frozen=True)
class GapEffect:
    tier: str  # "protection" or "next_level": the figure the gap counts in
    before: float | None  # that figure now, rounded as shown (Score.display)
    after: float | None  # the same with only this gap closed

    @property
    def changes(self) -> bool:
        return self.before is not None and self.after is not None and self.after != self.before


def gap_effects(questionnaire: Questionnaire, jurisdiction: JurisdictionInfo, answers: Mapping[str, Any],
                evidence: Mapping[str, Any] | None, scorecard: Scorecard) -> dict[str, GapEffect]:
    """Question id of each of the scorecard's gaps -> the effect of closing it alone.

    `answers` and `evidence` are the ones `scorecard` was scored from; they are
    copied, never changed.
    """
    effects = {}
    for gap in scorecard.gaps:
        question = questionnaire.question(gap.question_id)
        if question is None:
            continue
        closed = dict(answers)
        closed[gap.question_id] = best_answer(question)
        after = getattr(figures(questionnaire, jurisdiction, closed, evidence).scores, gap.tier)
        before = getattr(scorecard.scores, gap.tier)
        effects[gap.question_id] = GapEffect(gap.tier, before.display, after.display)
    return effects
