"""The scoring method on the real questionnaire: the promises the methodology page makes.

A county or city that works with ICE can never look protected; one that ended
collaboration is never told it lacks a base; state law shapes the figures and
the advice, in the year it was in force.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.scorecards.stress_cases import CASES, stress_results
from assessment.scoring import JurisdictionInfo, score
from assessment.scoring.answers import best_answer, worst_answer
from tests.unit import factories as f

REAL = f.load_real_questionnaire()
PROPERTY = settings(max_examples=f.property_examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])

TOP_LEVELS = {"strong", "leading"}
COLLABORATION = set(REAL.collaboration_levers)
# Every state the catalog names, and one it does not.
STATES = sorted({law.state for law in REAL.state_laws} | {"PA"})
KINDS = ("county", "city", "city_county", "town")


def collaboration_questions(qn):
    return [q for q in qn.questions() if q.lever_id in COLLABORATION]


def interfering_states(year: int) -> set[str]:
    """States with a law in force that forces or bars a choice on an ICE-collaboration question."""
    topics = {t for q in collaboration_questions(REAL) for t in q.state_law_topics}
    return {
        law.state
        for law in REAL.state_laws
        if law.in_force_in(year)
        and not law.blocked_in(year)
        and any(law.effects.get(t) in ("mandates", "preempts") for t in topics)
    }


def gap_for(card, question_id):
    return next(g for g in card.gaps if g.question_id == question_id)


def item_for(card, question_id):
    return next(i for i in card.items if i.question_id == question_id)


def best_except_collaboration(qn, **extra) -> dict:
    answers = {q.id: best_answer(q) for q in qn.questions()}
    answers.update({q.id: worst_answer(q) for q in collaboration_questions(qn)})
    answers.update(extra)
    return answers


@PROPERTY
@given(
    state=st.sampled_from(STATES), kind=st.sampled_from(KINDS), year=st.sampled_from((2024, 2025, 2026)), data=st.data()
)
def test_collaborating_on_every_count_never_looks_protected(state, kind, year, data):
    """Every other answer drawn freely: the score is at most 50 and no level is Strong or Leading."""
    answers = {q.id: data.draw(f.option_answers(q)) for q in REAL.questions()}
    answers.update({q.id: worst_answer(q) for q in collaboration_questions(REAL)})
    card = score(REAL, JurisdictionInfo("Anywhere", state, kind, year), answers)
    assert card.scores.protection.score <= 50
    assert not card.core.met and card.core.failing
    assert card.scores.protection.level.id not in TOP_LEVELS
    assert card.scores.overall.level.id not in TOP_LEVELS
    assert card.gaps[0].question_id in card.core.failing


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("state", ["PA", "WA", "CA"])
def test_ending_collaboration_and_nothing_else_passes_the_gate(state, kind):
    assert state not in interfering_states(2026)
    where = JurisdictionInfo("Somewhere", state, kind, 2026)
    ended = {q.id: worst_answer(q) for q in REAL.questions()}
    ended.update({q.id: best_answer(q) for q in collaboration_questions(REAL)})
    ended_card = score(REAL, where, ended)
    collaborating = score(REAL, where, best_except_collaboration(REAL))
    assert ended_card.scores.protection.score >= 50
    assert ended_card.core.met and ended_card.gate_message is None
    assert ended_card.scores.protection.score > collaborating.scores.protection.score
    assert ended_card.scores.protection.level.id == "established"


@pytest.mark.parametrize("state", sorted({"TX", "FL", "GA"}))
def test_in_a_state_that_mandates_287g_a_county_doing_all_it_can_has_a_high_local_score(state):
    best = {q.id: best_answer(q) for q in REAL.questions()}
    here = score(REAL, JurisdictionInfo("Mandated County", state, "county", 2026), best)
    elsewhere = score(REAL, JurisdictionInfo("Free County", "PA", "county", 2026), best)
    protection = here.scores.protection
    assert protection.local_score >= 90 and here.core.local_met
    assert protection.score <= elsewhere.scores.protection.score
    assert not here.core.met and "agreements_287g_held" in here.core.state_imposed
    held = item_for(here, "agreements_287g_held")
    assert held.state_effect == "mandates" and held.earned == 0
    assert "mandated_287g_model" in {i.question_id for i in here.items}
    assert "mandated_287g_model" not in {i.question_id for i in elsewhere.items}


def test_the_same_287g_gap_gets_advice_that_fits_the_state():
    answers = {"agreements_287g_held": "task_force", "mandated_287g_model": "task_force"}
    texas = score(REAL, JurisdictionInfo("Harris County", "TX", "county", 2026), answers)
    washington = score(REAL, JurisdictionInfo("King County", "WA", "county", 2026), answers)

    tx, wa = gap_for(texas, "agreements_287g_held"), gap_for(washington, "agreements_287g_held")
    assert tx.recommendation != wa.recommendation
    assert "Texas SB 8" in tx.recommendation and tx.advice_for == "mandates"
    assert "Warrant Service Officer" in tx.recommendation
    assert wa.advice_for == "action" and "SB 8" not in wa.recommendation
    assert any("Required by state law (Texas SB 8" in note for note in tx.item.state_law_notes)
    # Where the law forces the agreement, the model chosen is the room left, and it has its own advice.
    assert "Warrant Service Officer" in gap_for(texas, "mandated_287g_model").recommendation


def test_state_law_is_taken_as_it_stood_in_the_assessment_year():
    answers = {"agreements_287g_held": "none"}
    before = score(REAL, JurisdictionInfo("Travis County", "TX", "county", 2025), answers)
    after = score(REAL, JurisdictionInfo("Travis County", "TX", "county", 2026), answers)
    held_before, held_after = item_for(before, "agreements_287g_held"), item_for(after, "agreements_287g_held")
    assert held_before.state_effect is None and held_before.earned == 100
    assert held_after.state_effect == "mandates" and held_after.earned == 0
    statuses = {law.id: law.status for law in before.state_laws}
    assert statuses["tx_sb8"] == "not_in_force" and statuses["tx_sb4"] == "in_force"
    assert {law.id: law.status for law in after.state_laws}["tx_sb8"] == "in_force"


def test_a_law_blocked_by_a_court_is_shown_as_blocked_and_not_applied():
    card = score(REAL, JurisdictionInfo("El Paso County", "TX", "county", 2026), {})
    blocked = {law.id: law for law in card.state_laws}["tx_sb4_2023"]
    assert blocked.status == "blocked" and "injunction" in blocked.blocked_by
    assert "mandates:state_immigration_crimes" not in REAL.scopes_for("county", "TX", 2026)


def test_a_jurisdiction_is_never_offered_its_own_law_as_the_model():
    card = score(REAL, JurisdictionInfo("King County", "WA", "county", 2026), {"detainers_hold_refusal": "honors_all"})
    gap = gap_for(card, "detainers_hold_refusal")
    assert gap.model_laws and all(law["jurisdiction"] != "King County, WA" for law in gap.model_laws)
    elsewhere = score(
        REAL, JurisdictionInfo("Pierce County", "WA", "county", 2026), {"detainers_hold_refusal": "honors_all"}
    )
    assert any(
        law["jurisdiction"] == "King County, WA" for law in gap_for(elsewhere, "detainers_hold_refusal").model_laws
    )


def test_a_state_that_issues_licenses_is_asked_to_defend_them_not_to_back_a_bill():
    answers = {"drivers_licenses_state_support": "not_backed"}
    california = score(REAL, JurisdictionInfo("Alameda County", "CA", "county", 2026), answers)
    texas = score(REAL, JurisdictionInfo("Bexar County", "TX", "county", 2026), answers)
    ca, tx = gap_for(california, "drivers_licenses_state_support"), gap_for(texas, "drivers_licenses_state_support")
    assert ca.advice_for == "floor" and "defend" in ca.recommendation and "back the bill" not in ca.recommendation
    assert tx.advice_for == "action" and "back the bill" in tx.recommendation


def test_not_applicable_with_any_reason_no_longer_lifts_a_score():
    everything_na = {q.id: {"not_applicable": "We would rather not say"} for q in collaboration_questions(REAL)}
    from assessment.scoring.answers import validate_answers

    problems = validate_answers(REAL, everything_na)
    assert len(problems) == len(everything_na)
    assert all("is not one of the conditions" in p or "lists no condition" in p for p in problems)


def test_the_six_stress_cases():
    results = {r.case.id: r.scorecard for r in stress_results(REAL)}
    assert list(results) == [case.id for case in CASES] == ["A", "A2", "B", "C", "D", "E"]
    for case_id in ("A", "A2", "B", "C", "D"):
        card = results[case_id]
        assert not card.core.met, case_id
        assert card.scores.protection.level.id not in TOP_LEVELS | {"established"}, case_id
        assert card.scores.overall.level.id not in TOP_LEVELS, case_id
    assert results["C"].scores.protection.score < 100 and results["B"].scores.protection.score < 90.9
    assert results["E"].core.met and results["E"].scores.protection.score >= 50


def test_the_scorecard_says_what_share_of_the_points_each_kind_of_evidence_backs():
    answers = {
        "detainers_hold_refusal": "judicial_warrant_only",
        "agreements_287g_held": "none",
        "local_resources_enforcement_ban": "resolution_only",
        "detainers_written_rule": "not_written",
    }
    evidence = {
        "detainers_hold_refusal": {"shows": "verified", "durability": "ordinance"},
        "agreements_287g_held": {"shows": "rule"},
        "detainers_written_rule": {"shows": "records"},
    }  # earns nothing, so backs nothing
    card = score(REAL, JurisdictionInfo("King County", "WA", "county", 2026), answers, evidence)
    # 100 + 100 + 25 points earned: verified 100, rule 100, nothing said 25 (a resolution).
    assert card.evidence_backing == pytest.approx(
        {"rule": 100 / 225, "records": 0.0, "verified": 100 / 225, "none": 25 / 225}
    )
    assert card.to_dict()["evidence_backing"]["none"] == pytest.approx(25 / 225)
    held = item_for(card, "detainers_hold_refusal")
    assert held.evidence == {"shows": "verified", "durability": "ordinance"}
    assert score(REAL, JurisdictionInfo("X", "WA", "county", 2026), {}).evidence_backing == {}


@pytest.mark.parametrize("field, value", [("shows", "rumour"), ("durability", "handshake")])
def test_evidence_choices_off_the_content_lists_are_refused(field, value):
    from assessment.scoring.answers import validate_evidence

    problems = validate_evidence({"detainers_hold_refusal": {field: value}}, REAL)
    assert len(problems) == 1 and problems[0].startswith(
        f"evidence.detainers_hold_refusal.{field}: '{value}' is not one of"
    )
    allowed = [k.id for k in (REAL.evidence_kinds if field == "shows" else REAL.durability_levels)]
    assert ", ".join(allowed) in problems[0]


def test_a_city_is_not_told_its_sheriff_or_county_board_decides():
    answers = {"agreements_287g_held": "task_force"}
    city = gap_for(score(REAL, JurisdictionInfo("Seattle", "WA", "city", 2026), answers), "agreements_287g_held")
    county = gap_for(
        score(REAL, JurisdictionInfo("King County", "WA", "county", 2026), answers), "agreements_287g_held"
    )
    both = gap_for(score(REAL, JurisdictionInfo("Denver", "CO", "city_county", 2026), answers), "agreements_287g_held")
    assert [c.id for c in city.item.controlled_by] == ["police", "council"]
    assert [c.id for c in county.item.controlled_by] == list(REAL.question("agreements_287g_held").controlled_by)
    assert [c.id for c in both.item.controlled_by] == list(REAL.question("agreements_287g_held").controlled_by)
