"""What closing one gap alone does to its tier's figure, e.g. "Current
protections: 37.3 → 49.1".

The scores are lever-weighted means out of 100, so a question's own points
("100 to gain") say nothing a reader can compare with the figures on the
page: a 100-point question in a lever of five moves its tier by a few
points. Each gap is therefore re-scored with that one answer at its best,
as figures() would (numbers only, no sentences), and its tier's figure is
read before and after.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assessment.scoring.answers import best_answer

from ..content.model import Questionnaire
from ..scoring import JurisdictionInfo, Scorecard, points_of
from ..scoring.asking import ask, asked_questions
from ..scoring.figures import core_gate, tally


@dataclass(frozen=True)
class GapEffect:
    tier: str  # "protection" or "next_level": the figure the gap counts in
    before: float | None  # that figure now, rounded as shown (Score.display)
    after: float | None  # the same with only this gap closed

    @property
    def changes(self) -> bool:
        return self.before is not None and self.after is not None and self.after != self.before


def gap_effects(
    questionnaire: Questionnaire,
    jurisdiction: JurisdictionInfo,
    answers: Mapping[str, Any],
    evidence: Mapping[str, Any] | None,
    scorecard: Scorecard,
) -> dict[str, GapEffect]:
    """Question id of each of the scorecard's gaps -> the effect of closing it alone.

    `answers` and `evidence` are the ones `scorecard` was scored from (so
    already validated); they are copied, never changed. The figures equal
    figures()'s with the one answer closed, for a fifth of the work: a
    scorecard's 40 to 110 gaps re-scored in full took 200 to 290 ms of CPU (now 45 to 60),
    on every view of a draft just saved (the realistic morning of make bench
    spent a third of its server time there). Closing a gap changes what is
    asked of that question and of those whose limited_by cap depends on it,
    nothing else; so each question is asked once, and for each gap only
    those are asked again before the tiers are tallied.
    """
    scopes = questionnaire.scopes_for(jurisdiction.kind, jurisdiction.state, jurisdiction.year)
    asked = {a.question.id: a for a in asked_questions(questionnaire, jurisdiction, answers)}
    counted = {qid: points_of(a) for qid, a in asked.items() if a.cause is None}
    capped_by: dict[str, list] = {}  # question id -> the questions its answer can cap (limited_by)
    for question in questionnaire.questions():
        if question.limited_by is not None:
            capped_by.setdefault(question.limited_by.question, []).append(question)
    effects = {}
    for gap in scorecard.gaps:
        question = questionnaire.question(gap.question_id)
        if question is None:
            continue
        closed = dict(answers)
        closed[gap.question_id] = best_answer(question)
        changed = dict(counted)
        for touched in (question, *capped_by.get(question.id, ())):
            again = ask(questionnaire, jurisdiction, scopes, touched, closed)
            if again.cause is None:
                changed[touched.id] = points_of(again)
            else:
                changed.pop(touched.id, None)
        # In questionnaire order, as figures() counts them.
        rows = tuple(changed[qid] for qid in asked if qid in changed)
        scores, _levers = tally(questionnaire, rows, core_gate(questionnaire, rows))
        after = getattr(scores, gap.tier)
        before = getattr(scorecard.scores, gap.tier)
        effects[gap.question_id] = GapEffect(gap.tier, before.display, after.display)
    return effects
