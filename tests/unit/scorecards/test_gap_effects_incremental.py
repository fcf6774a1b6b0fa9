"""The gap effects (scorecards/gap_effects.py) ask again only the question a
gap closes and those its answer caps (limited_by); they must equal scoring
every gap's closed answers in full with figures(), on the real questionnaire
and on generated ones, every state and kind of place."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.scorecards.gap_effects import GapEffect, gap_effects
from assessment.scoring import JurisdictionInfo, figures, score
from assessment.scoring.answers import best_answer
from tests.unit import factories as f

REAL = f.load_real_questionnaire()
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def rescored_in_full(questionnaire, place, answers, scorecard) -> dict[str, GapEffect]:
    """Each gap's closed answers scored in full, as gap_effects() did before."""
    effects = {}
    for gap in scorecard.gaps:
        closed = {**answers, gap.question_id: best_answer(questionnaire.question(gap.question_id))}
        after = getattr(figures(questionnaire, place, closed).scores, gap.tier)
        effects[gap.question_id] = GapEffect(gap.tier, getattr(scorecard.scores, gap.tier).display, after.display)
    return effects


@PROPERTY
@given(
    data=st.data(),
    state=st.sampled_from(sorted({*f.STATES, "WA", *(law.state for law in REAL.state_laws)})),
    kind=st.sampled_from(f.KINDS),
    year=st.sampled_from((2024, 2025, 2026)),
)
def test_the_real_questionnaire_s_gap_effects_equal_a_full_rescore(data, state, kind, year):
    answers = data.draw(f.answer_sets(REAL))
    place = JurisdictionInfo("Testville", state, kind, year)
    scorecard = score(REAL, place, answers)
    assert gap_effects(REAL, place, answers, None, scorecard) == rescored_in_full(REAL, place, answers, scorecard)


@PROPERTY
@given(data=st.data())
def test_generated_questionnaires_gap_effects_equal_a_full_rescore(data):
    questionnaire = data.draw(f.questionnaires())
    place = data.draw(f.jurisdictions(questionnaire))
    answers = data.draw(f.answer_sets(questionnaire))
    scorecard = score(questionnaire, place, answers)
    expected = rescored_in_full(questionnaire, place, answers, scorecard)
    assert gap_effects(questionnaire, place, answers, None, scorecard) == expected


def test_a_gap_whose_answer_caps_another_question_moves_that_one_too():
    """The case asking only the closed question again would get wrong."""
    capped = next(q for q in REAL.questions() if q.limited_by is not None and q.limited_by.at_most < q.points)
    other = REAL.question(capped.limited_by.question)
    place = JurisdictionInfo("Testville", "WA", "county", 2026)
    worst = min(other.options, key=lambda o: o.points).id
    answers = {capped.id: best_answer(capped), other.id: [worst] if other.kind == "multi" else worst}
    scorecard = score(REAL, place, answers)
    assert other.id in {g.question_id for g in scorecard.gaps}
    effects = gap_effects(REAL, place, answers, None, scorecard)
    assert effects == rescored_in_full(REAL, place, answers, scorecard)
