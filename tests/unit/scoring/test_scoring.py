"""Scoring rules, case by case, then as properties over generated and real content."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.scoring import JurisdictionInfo, figures, project, score
from assessment.scoring.answers import InvalidAnswers, best_answer, worst_answer
from tests.unit import factories as f

# A small roadmap: two levers, both tiers, a county-only and a city-only question,
# one question touched by state law.
HOLD = f.question(
    "hold_refusal", lever_id="detainers", points=10, controlled_by=("sheriff",), state_law_topics=("detainers",)
)
DATA = f.question(
    "data_limits",
    lever_id="detainers",
    kind="multi",
    points=6,
    options=(f.option("x", 4), f.option("y", 4), f.option("z", 1), f.option("none", 0, exclusive=True)),
)
JAIL = f.question("jail_access", lever_id="detainers", points=4, applies_to=("county",))
FUND = f.question("legal_fund", lever_id="services", tier="next_level", points=5)
IDS = f.question("id_card", lever_id="services", tier="next_level", points=3, applies_to=("city",))
LAWS = (
    f.state_law("tx_sb4", "TX", "preempts", ("detainers",), title="Texas SB 4"),
    f.state_law("ca_sb54", "CA", "floor", ("detainers",), title="California SB 54"),
)
QN = f.questionnaire([HOLD, DATA, JAIL, FUND, IDS], state_laws=LAWS)

CITY = JurisdictionInfo("Albany", "NY", "city")
COUNTY = JurisdictionInfo("Erie County", "NY", "county")
CONSOLIDATED = JurisdictionInfo("New York", "NY", "city_county")
TOWN = JurisdictionInfo("Hempstead", "NY", "town")
TX_CITY = JurisdictionInfo("Austin", "TX", "city")
CA_CITY = JurisdictionInfo("Oakland", "CA", "city")
NA = dict(f.NOT_APPLICABLE)


@pytest.mark.parametrize(
    "answers, where, protection, next_level",
    [
        pytest.param({"hold_refusal": "full"}, CITY, (10, 16), (0, 8), id="single-full"),
        pytest.param({"hold_refusal": "half"}, CITY, (5, 16), (0, 8), id="single-half"),
        pytest.param({"data_limits": ["x", "y"]}, CITY, (6, 16), (0, 8), id="multi-capped"),
        pytest.param({"data_limits": ["z", "y", "x"]}, CITY, (6, 16), (0, 8), id="multi-all-capped"),
        pytest.param({"data_limits": ["x", "z"]}, CITY, (5, 16), (0, 8), id="multi-sum"),
        pytest.param({"data_limits": ["none"]}, CITY, (0, 16), (0, 8), id="multi-exclusive"),
        pytest.param({"hold_refusal": "dont_know"}, CITY, (0, 16), (0, 8), id="dont-know"),
        pytest.param({}, CITY, (0, 16), (0, 8), id="unanswered"),
        pytest.param({"hold_refusal": NA, "legal_fund": "full"}, CITY, (0, 6), (5, 8), id="not-applicable"),
        pytest.param({"jail_access": "full"}, COUNTY, (4, 20), (0, 5), id="county-type"),
        pytest.param({"jail_access": "full", "id_card": "full"}, CONSOLIDATED, (4, 20), (3, 8), id="city-county"),
        pytest.param({"id_card": "full"}, TOWN, (0, 16), (3, 8), id="town-is-city"),
        pytest.param({"hold_refusal": "full"}, TX_CITY, (10, 16), (0, 8), id="preempted-counts-as-answered"),
        pytest.param(
            {"hold_refusal": "full"},
            JurisdictionInfo("Austin", "tx", "city"),
            (10, 16),
            (0, 8),
            id="preempted-lowercase-state",
        ),
        pytest.param({"hold_refusal": "full"}, CA_CITY, (10, 16), (0, 8), id="floor-counts"),
    ],
)
def test_earned_and_possible(answers, where, protection, next_level):
    card = score(QN, where, answers)
    assert (card.scores.protection.earned, card.scores.protection.possible) == protection
    assert (card.scores.next_level.earned, card.scores.next_level.possible) == next_level
    assert card.scores.protection.score == pytest.approx(protection[0] / protection[1] * 100)


@pytest.mark.parametrize(
    "answers, where, excluded",
    [
        pytest.param({}, CITY, [("jail_access", "Applies to counties only")], id="city"),
        pytest.param({}, COUNTY, [("id_card", "Applies to cities only")], id="county"),
        pytest.param({}, CONSOLIDATED, [], id="city-county"),
        pytest.param(
            {"hold_refusal": NA},
            CITY,
            [("hold_refusal", "Does not apply here: We run no jail."), ("jail_access", "Applies to counties only")],
            id="not-applicable",
        ),
        pytest.param({"jail_access": NA}, CITY, [("jail_access", "Applies to counties only")], id="type-wins-over-na"),
        pytest.param({}, TX_CITY, [("jail_access", "Applies to counties only")], id="preempted-stays-in"),
        pytest.param({}, CA_CITY, [("jail_access", "Applies to counties only")], id="floor-not-excluded"),
    ],
)
def test_exclusions_and_reasons(answers, where, excluded):
    assert [(e.question_id, e.reason) for e in score(QN, where, answers).excluded] == excluded


def test_preemption_without_year_and_by_several_laws():
    laws = (
        f.state_law("a", "TX", "preempts", ("detainers",), title="Law A", year=None),
        f.state_law("b", "TX", "preempts", ("data", "detainers"), title="Law B", year=2023),
        f.state_law("c", "TX", "preempts", ("everify",), title="Unrelated"),
    )
    card = score(f.questionnaire([HOLD], state_laws=laws), TX_CITY, {"hold_refusal": "half"})
    assert card.excluded == ()
    (item,) = card.items
    assert item.state_effect == "preempts" and item.state_laws == ("Law A", "Law B (2023)")
    assert item.state_law_notes == (
        "State law bars the local choice (Law A; Law B (2023)): counted as it is, and left out of the local score.",
    )
    assert item.earned == 5 and card.scores.protection.score == 50 and card.scores.protection.local_score is None


def test_floor_law_adds_note_but_keeps_question():
    card = score(QN, CA_CITY, {"hold_refusal": "half", "data_limits": ["x", "y"]})
    notes = {item.question_id: item.state_law_notes for item in card.items}
    assert notes["hold_refusal"] == (
        "State law already sets a floor: California SB 54 (2017). What does local law add?",
    )
    assert notes["data_limits"] == ()
    assert card.gaps[0].question_id == "hold_refusal"
    assert card.gaps[0].item.state_law_notes == notes["hold_refusal"]
    assert all(not item.state_law_notes for item in score(QN, CITY, {}).items)


def test_to_verify_unanswered_strengths_and_gaps():
    card = score(QN, CITY, {"hold_refusal": "dont_know", "data_limits": ["x", "y"], "legal_fund": "half"})
    assert card.to_verify == ("hold_refusal",)
    assert card.unanswered == ("id_card",)
    assert [i.question_id for i in card.strengths] == ["data_limits"]
    assert [(g.question_id, g.points_available) for g in card.gaps] == [
        ("hold_refusal", 10),
        ("id_card", 3),
        ("legal_fund", 2.5),
    ]
    assert {i.question_id: i.status for i in card.items} == {
        "hold_refusal": "dont_know",
        "data_limits": "answered",
        "legal_fund": "answered",
        "id_card": "unanswered",
    }


def test_item_details_and_gap_catalog_entries():
    card = score(
        QN,
        CITY,
        {"hold_refusal": "half", "data_limits": ["z", "x"]},
        evidence={"hold_refusal": {"url": "https://a.example/o", "citation": "", "note": None}},
    )
    hold = card.gaps[0]
    assert hold.item.controlled_by[0].id == "sheriff" and hold.item.controlled_by[0].label == "Sheriff or jail"
    assert hold.item.chosen == ("Option half",) and hold.item.evidence == {"url": "https://a.example/o"}
    assert hold.recommendation == "Adopt the model policy."
    assert hold.model_laws == (
        {
            "id": "ml_one",
            "title": "Model Ordinance",
            "url": "https://example.org/ml",
            "jurisdiction": "Example City",
            "year": 2019,
            "identifier": "Ord. 1",
            "unconfirmed": None,
        },
    )
    assert hold.guides == (
        {
            "id": "guide_one",
            "title": "A Guide",
            "url": "https://example.org/g",
            "publisher": "Example Org",
            "unconfirmed": "year",
        },
    )
    assert hold.allies == ({"id": "ally_one", "name": "Example Ally", "url": "https://example.org/a"},)
    data = next(i for i in card.items if i.question_id == "data_limits")
    assert data.chosen == ("Option x", "Option z") and data.evidence is None


def test_gap_order_tier_then_points_available_then_questionnaire_order():
    qn = f.questionnaire(
        [
            f.question("p_small", lever_id="l1", points=2),
            f.question("n_big", lever_id="l1", tier="next_level", points=10),
            f.question("p_big_1", lever_id="l2", points=8),
            f.question("p_big_2", lever_id="l2", points=8),
            f.question("p_half", lever_id="l2", points=20),
        ]
    )
    card = score(qn, CITY, {"p_half": "half"})
    assert [g.question_id for g in card.gaps] == ["p_half", "p_big_1", "p_big_2", "p_small", "n_big"]
    assert [g.points_available for g in card.gaps] == [10, 8, 8, 2, 10]


@pytest.mark.parametrize(
    "weights, expected",
    [
        pytest.param({"protection": 0.6, "next_level": 0.4}, 60, id="60-40"),
        pytest.param({"protection": 0.75, "next_level": 0.25}, 75, id="75-25"),
        pytest.param({"protection": 1.0, "next_level": 0.0}, 100, id="protection-only"),
    ],
)
def test_overall_is_weighted_mean_of_tiers(weights, expected):
    qn = f.questionnaire([HOLD, DATA, JAIL, FUND, IDS], weights=weights)
    card = score(qn, CITY, {"hold_refusal": "full", "data_limits": ["x", "y"]})
    assert (card.scores.protection.score, card.scores.next_level.score) == (100, 0)
    assert card.scores.overall.score == pytest.approx(expected)
    assert (card.scores.overall.earned, card.scores.overall.possible) == (16, 24)


def test_tier_without_possible_points_is_none_and_overall_renormalises():
    card = score(f.questionnaire([HOLD, IDS]), COUNTY, {"hold_refusal": "half"})
    assert card.scores.next_level.score is None and card.scores.next_level.level is None
    assert card.scores.overall.score == 50 and card.scores.overall.level.id == "building"
    lever = {lv.id: lv for lv in card.levers}
    assert lever["services"].next_level.score is None and lever["detainers"].protection.score == 50


def test_only_zero_weight_tiers_present_are_weighed_equally():
    qn = f.questionnaire([HOLD, FUND], weights={"protection": 1.0, "next_level": 0.0}, state_laws=LAWS)
    card = score(qn, TX_CITY, {"hold_refusal": NA, "legal_fund": "half"})
    assert card.scores.protection.score is None and card.scores.overall.score == 50


def test_no_possible_points_anywhere_gives_none():
    card = score(f.questionnaire([JAIL]), CITY, {})
    assert card.scores.protection.score is None and card.scores.overall.score is None
    assert card.scores.overall.level is None and card.gate_open and card.gate_message is None


LEVEL_Q = f.question("graded", points=100, options=tuple(f.option(f"p{p}", p) for p in (0, 39.9, 40, 69.99, 70, 100)))


@pytest.mark.parametrize(
    "option_id, level",
    [
        ("p0", "starting"),
        ("p39.9", "starting"),
        ("p40", "building"),
        ("p69.99", "building"),
        ("p70", "leading"),
        ("p100", "leading"),
    ],
)
def test_level_boundaries(option_id, level):
    card = score(f.questionnaire([LEVEL_Q]), CITY, {"graded": option_id})
    assert card.scores.protection.level.id == level and card.scores.overall.level.id == level


CORE_QN = f.questionnaire([HOLD, DATA, FUND], core={"hold_refusal": 10, "data_limits": 4}, core_cap_level="building")


@pytest.mark.parametrize(
    "answers, met, failing, protection_level, overall_level",
    [
        pytest.param(
            {"hold_refusal": "full", "data_limits": ["x"], "legal_fund": "full"},
            True,
            (),
            "leading",
            "leading",
            id="all-met",
        ),
        pytest.param(
            {"hold_refusal": "half", "data_limits": ["x", "y"], "legal_fund": "full"},
            False,
            ("hold_refusal",),
            "building",
            "building",
            id="one-fails-caps-both-levels",
        ),
        pytest.param(
            {"hold_refusal": "dont_know", "data_limits": ["x", "y"], "legal_fund": "full"},
            False,
            ("hold_refusal",),
            "starting",
            "building",
            id="dont-know-fails",
        ),
        pytest.param(
            {"hold_refusal": NA, "data_limits": ["z"], "legal_fund": "full"},
            False,
            ("data_limits",),
            "starting",
            "building",
            id="not-applicable-is-not-asked",
        ),
        pytest.param(
            {"hold_refusal": "none", "data_limits": ["none"], "legal_fund": "none"},
            False,
            ("hold_refusal", "data_limits"),
            "starting",
            "starting",
            id="below-the-cap-stays",
        ),
    ],
)
def test_core_gate_caps_protection_and_overall_levels(answers, met, failing, protection_level, overall_level):
    card = score(CORE_QN, CITY, answers)
    assert (card.core.met, card.core.failing) == (met, failing)
    assert card.gate_open is met and card.gate_points_needed is None
    assert (card.scores.protection.level.id, card.scores.overall.level.id) == (protection_level, overall_level)
    assert card.scores.next_level.capped is False
    if met:
        assert card.gate_message is None
    else:
        assert card.gate_message.startswith(
            "Core protections still missing: hold_refusal is met"
            if "hold_refusal" in failing
            else "Core protections still missing"
        )
        assert "no higher than Building" in card.gate_message
        assert [g.question_id for g in card.gaps][: len(failing)] == list(failing)


def test_a_core_item_that_state_law_forces_fails_the_score_but_not_the_local_gate():
    laws = (f.state_law("sb8", "TX", "mandates", ("detainers",), title="Texas SB 8", year=2025),)
    qn = f.questionnaire([HOLD, DATA, FUND], core={"hold_refusal": 10}, core_cap_level="building", state_laws=laws)
    card = score(qn, TX_CITY, {"hold_refusal": "full", "data_limits": ["x", "y"], "legal_fund": "full"})
    assert card.core.to_dict() == {
        "met": False,
        "failing": ["hold_refusal"],
        "state_imposed": ["hold_refusal"],
        "local_met": True,
    }
    protection = card.scores.protection
    assert (protection.earned, protection.possible, protection.score) == (6, 16, 37.5)
    assert protection.local_score == 100 and protection.local_level.id == "leading"
    assert protection.level.id == "starting"
    hold = next(i for i in card.items if i.question_id == "hold_refusal")
    assert hold.state_effect == "mandates" and hold.earned == 0 and hold.status == "answered"
    assert hold.state_law_notes[0].startswith("Required by state law (Texas SB 8 (2025))")


def test_to_dict_shape_is_json_serialisable():
    card = score(
        QN,
        TX_CITY,
        {"data_limits": ["x"], "legal_fund": "dont_know"},
        evidence={"data_limits": {"note": "See policy."}},
    )
    data = json.loads(json.dumps(card.to_dict()))
    assert data["questionnaire_version"] == "test-1"
    assert data["jurisdiction"] == {"name": "Austin", "state": "TX", "kind": "city", "year": None}
    for tier in ("protection", "next_level", "overall"):
        assert {"score", "earned", "possible", "level"} <= set(data["scores"][tier])
    assert data["scores"]["protection"] == {
        **data["scores"]["protection"],
        "score": 25,
        "earned": 4,
        "possible": 16,
        "level": "Starting",
        "local_score": 66.7,
        "local_level": "Building",
        "completeness": 0.5,
        "answered": 1,
        "to_find_out": 1,
    }
    assert data["core"] == {"met": True, "failing": [], "state_imposed": [], "local_met": True}
    assert data["method_version"] == "test-1"
    assert [law["id"] for law in data["state_laws"]] == ["tx_sb4"]
    assert [lv["id"] for lv in data["levers"]] == ["detainers", "services"]
    assert {"id", "title", "protection", "next_level"} <= set(data["levers"][0])
    assert data["levers"][1]["protection"]["score"] is None and data["levers"][1]["protection"]["level"] is None
    assert data["gaps"][0]["question"] == "hold_refusal" and data["gaps"][0]["state_effect"] == "preempts"
    gap = data["gaps"][1]
    assert {"question", "tier", "controlled_by", "recommendation", "model_laws", "guides", "allies"} <= set(gap)
    assert gap["question"] == "data_limits" and gap["controlled_by"] == [
        {"id": "council", "label": "City or county council"}
    ]
    assert {"id", "title", "url"} <= set(gap["model_laws"][0]) and {"id", "name", "url"} <= set(gap["allies"][0])
    assert data["excluded"] == [
        {
            "question": "jail_access",
            "lever": "detainers",
            "tier": "protection",
            "reason": "Applies to counties only",
            "condition": None,
        }
    ]


def test_project_closes_listed_gaps_without_touching_answers():
    answers = {"hold_refusal": "none", "data_limits": ["z"]}
    before = copy.deepcopy(answers)
    card = project(QN, CITY, answers, close=["hold_refusal", "data_limits", "id_card"])
    assert answers == before
    assert (card.scores.protection.earned, card.scores.next_level.earned) == (16, 3)
    assert [g.question_id for g in card.gaps] == ["legal_fund"]
    with pytest.raises(ValueError, match="nope"):
        project(QN, CITY, answers, close=["nope"])


def test_invalid_answers_are_refused_with_every_problem():
    with pytest.raises(InvalidAnswers) as err:
        score(QN, CITY, {"hold_refusal": "maybe", "zz": "a"}, evidence={"hold_refusal": {"url": "file:///x"}})
    assert len(err.value.problems) == 3 and "answers.zz: unknown question id" in err.value.problems


def test_unknown_jurisdiction_kind_is_refused():
    with pytest.raises(ValueError, match="borough"):
        JurisdictionInfo("X", "NY", "borough")


# ---------------------------------------------------------------------------
# Properties, over generated questionnaires and the real one.

REAL = f.load_real_questionnaire()
SOURCES = ["synthetic", "real"]
PROPERTY = settings(max_examples=f.property_examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def draw_case(data, source):
    qn = data.draw(f.questionnaires()) if source == "synthetic" else REAL
    return qn, data.draw(f.jurisdictions(qn))


def all_scores(card):
    """Every score on a card, keyed by where it sits."""
    found = {"protection": card.scores.protection, "next_level": card.scores.next_level, "overall": card.scores.overall}
    for lever in card.levers:
        found[f"{lever.id}.protection"] = lever.protection
        found[f"{lever.id}.next_level"] = lever.next_level
    return found


def oracle_points(q, value):
    """Points an option answer should earn, written independently of assessment/scoring."""
    if value is f.MISSING or value == "dont_know":
        return 0
    ids = [value] if isinstance(value, str) else value
    return min(sum(o.points for o in q.options if o.id in ids), q.points)


@pytest.mark.parametrize("source", SOURCES)
@PROPERTY
@given(data=st.data())
def test_best_answers_score_100_everywhere(source, data):
    """All best answers: 100 everywhere and complete; where state law forces a harm,
    only the local score stays at 100."""
    qn, where = draw_case(data, source)
    card = score(qn, where, {q.id: best_answer(q) for q in qn.questions()})
    forced = [i for i in card.items if i.state_effect == "mandates"]
    for name, s in all_scores(card).items():
        assert s.local_score is None or s.local_score == pytest.approx(100), name
        if not forced:
            assert s.score is None if s.possible == 0 else s.score == pytest.approx(100), name
        assert s.completeness is None or s.completeness == 1, name
    if not forced:
        assert card.gaps == () and card.gate_open and card.core.met
    assert card.core.local_met


@pytest.mark.parametrize("source", SOURCES)
@PROPERTY
@given(data=st.data())
def test_worst_answers_score_0_everywhere(source, data):
    qn, where = draw_case(data, source)
    card = score(qn, where, {q.id: worst_answer(q) for q in qn.questions()})
    for name, s in all_scores(card).items():
        assert s.score is None if s.possible == 0 else s.score == 0, name
        assert s.local_score is None or s.local_score == 0, name
    assert card.strengths == ()


@pytest.mark.parametrize("source", SOURCES)
@PROPERTY
@given(data=st.data())
def test_improving_one_answer_never_lowers_a_score(source, data):
    qn, where = draw_case(data, source)
    answers = data.draw(f.answer_sets(qn))
    q = data.draw(st.sampled_from(list(qn.questions())))
    low, high = sorted(
        [data.draw(f.answer_values(q, not_applicable=False)) for _ in range(2)],
        key=lambda v: (oracle_points(q, v), v is not f.MISSING and v != "dont_know"),
    )
    before, after = (
        {**{k: v for k, v in answers.items() if k != q.id}, **({} if v is f.MISSING else {q.id: v})}
        for v in (low, high)
    )
    old_card, new_card = score(qn, where, before), score(qn, where, after)
    old, new = all_scores(old_card), all_scores(new_card)
    for name in old:
        assert (old[name].score is None) == (new[name].score is None), name
        if old[name].score is not None:
            assert new[name].score >= old[name].score - 1e-9, name
            assert new[name].earned >= old[name].earned, name
            assert new[name].completeness >= old[name].completeness, name
            assert level_rank(qn, new[name].level) >= level_rank(qn, old[name].level), name
        if old[name].local_score is not None:
            assert new[name].local_score >= old[name].local_score - 1e-9, name
    assert new_card.core.met >= old_card.core.met and len(new_card.core.failing) <= len(old_card.core.failing)


def level_rank(qn, level) -> int:
    """Incomplete below every level; the levels in their order."""
    if level is None or level.id == qn.incomplete_level.id:
        return -1
    return [lv.id for lv in qn.levels].index(level.id)


@pytest.mark.parametrize("source", SOURCES)
@PROPERTY
@given(data=st.data())
def test_one_dont_know_lowers_completeness_and_never_raises_a_score(source, data):
    qn, where = draw_case(data, source)
    best = {q.id: best_answer(q) for q in qn.questions()}
    card = score(qn, where, best)
    # Extra credit is never missing: "don't know" there costs nothing (tested apart).
    counted = [i for i in card.items if i.state_effect != "mandates" and not i.extra]
    if not counted:
        return
    item = data.draw(st.sampled_from(counted))
    unsure = score(qn, where, {**best, item.question_id: "dont_know"})
    tier_before, tier_after = getattr(card.scores, item.tier), getattr(unsure.scores, item.tier)
    assert tier_after.completeness < tier_before.completeness
    assert tier_after.to_find_out == tier_before.to_find_out + 1
    # Extra credit earned in the same lever may make up the lost points (never beyond 100).
    if any(i.extra and i.earned > 0 and i.lever_id == item.lever_id for i in card.items):
        assert tier_after.score <= tier_before.score
    else:
        assert tier_after.score < tier_before.score
    assert unsure.scores.overall.completeness < card.scores.overall.completeness
    assert unsure.to_verify == (item.question_id,)


@pytest.mark.parametrize("source", SOURCES)
@PROPERTY
@given(data=st.data())
def test_not_applicable_outside_the_listed_conditions_is_refused(source, data):
    qn, where = draw_case(data, source)
    answers = data.draw(f.answer_sets(qn, not_applicable=False))
    q = data.draw(st.sampled_from(list(qn.questions())))
    reason = data.draw(st.sampled_from(["We would rather not say", "", "not_listed"]))
    with pytest.raises(InvalidAnswers) as refused:
        score(qn, where, {**answers, q.id: {"not_applicable": reason}})
    assert any(problem.startswith(f"answers.{q.id}: marked not applicable") for problem in refused.value.problems)
    with pytest.raises(InvalidAnswers):
        figures(qn, where, {**answers, q.id: {"not_applicable": reason}})


@pytest.mark.parametrize("source", SOURCES)
@PROPERTY
@given(data=st.data())
def test_not_applicable_equals_removing_the_question(source, data):
    qn, where = draw_case(data, source)
    answers = data.draw(f.answer_sets(qn))
    q = data.draw(st.sampled_from(list(qn.questions())))
    if not q.not_applicable_when:
        return
    marked = score(qn, where, {**answers, q.id: {"not_applicable": q.not_applicable_when[0].id}}).to_dict()
    removed = score(f.without_question(qn, q.id), where, {k: v for k, v in answers.items() if k != q.id}).to_dict()
    assert [e for e in marked.pop("excluded") if e["question"] != q.id] == removed.pop("excluded")
    assert marked == removed


@pytest.mark.parametrize("source", SOURCES)
@PROPERTY
@given(data=st.data())
def test_answer_order_does_not_matter(source, data):
    qn, where = draw_case(data, source)
    answers = data.draw(f.answer_sets(qn))
    shuffled = {}
    for key in data.draw(st.permutations(sorted(answers))):
        value = answers[key]
        shuffled[key] = data.draw(st.permutations(value)) if isinstance(value, list) else value
    assert score(qn, where, shuffled) == score(qn, where, answers)
    assert score(qn, where, shuffled).to_dict() == score(qn, where, answers).to_dict()


@pytest.mark.parametrize("source", SOURCES)
@PROPERTY
@given(data=st.data())
def test_scores_add_up(source, data):
    qn, where = draw_case(data, source)
    card = score(qn, where, data.draw(f.answer_sets(qn)))
    gap_ids = {g.question_id for g in card.gaps}
    strength_ids = {i.question_id for i in card.strengths}
    assert gap_ids | strength_ids == {i.question_id for i in card.items} and not gap_ids & strength_ids
    for tier in ("protection", "next_level"):
        # The plain sums are of the counted questions; extra credit shows only in the figures.
        tier_items = [i for i in card.items if i.tier == tier and not i.extra]
        s = getattr(card.scores, tier)
        assert s.earned == pytest.approx(sum(i.earned for i in tier_items))
        assert s.possible == pytest.approx(sum(i.possible for i in tier_items))
        assert 0 <= s.earned <= s.possible
    counted = {i.question_id for i in card.items} | {e.question_id for e in card.excluded}
    assert sorted(counted) == sorted(q.id for q in qn.questions())
    json.dumps(card.to_dict())


def same_figures(card, quick) -> None:
    """figures() reports exactly score()'s numbers."""
    assert quick.questionnaire_version == card.questionnaire_version
    assert quick.scores == card.scores
    assert quick.levers == card.levers
    assert quick.core == card.core
    assert [(p.question_id, p.lever_id, p.tier, p.earned, p.possible) for p in quick.items] == [
        (i.question_id, i.lever_id, i.tier, i.earned, i.possible) for i in card.items
    ]


@pytest.mark.parametrize("source", SOURCES)
@PROPERTY
@given(data=st.data())
def test_figures_equal_the_full_scoring(source, data):
    qn, where = draw_case(data, source)
    answers = data.draw(f.answer_sets(qn))
    evidence = {qid: {"citation": "Ord. 12", "note": "Seen."} for qid in list(answers)[::2]}
    same_figures(score(qn, where, answers, evidence), figures(qn, where, answers, evidence))


@pytest.mark.parametrize(
    "answers, where",
    [
        pytest.param({"hold_refusal": "full", "data_limits": ["x", "z"]}, CITY, id="city"),
        pytest.param({"hold_refusal": NA, "jail_access": "full"}, COUNTY, id="not-applicable"),
        pytest.param({"hold_refusal": "full"}, TX_CITY, id="preempted"),
        pytest.param({"jail_access": "full", "id_card": "full"}, CONSOLIDATED, id="city-county"),
        pytest.param({}, CA_CITY, id="empty"),
    ],
)
def test_figures_equal_the_full_scoring_case_by_case(answers, where):
    same_figures(score(QN, where, answers), figures(QN, where, answers))


def test_figures_refuse_what_scoring_refuses():
    bad_answers, bad_evidence = {"hold_refusal": "nope"}, {"legal_fund": {"url": "not a link"}}
    for answers, evidence in ((bad_answers, {}), ({}, bad_evidence)):
        with pytest.raises(InvalidAnswers) as full:
            score(QN, CITY, answers, evidence)
        with pytest.raises(InvalidAnswers) as quick:
            figures(QN, CITY, answers, evidence)
        assert quick.value.problems == full.value.problems


# A written rule counts in full only when the hold rule it writes down protects:
# rule_form earns at most 25 unless hold is answered "full".
from assessment.content.model import Limit  # noqa: E402

LIMITED_HOLD = f.question(
    "hold", lever_id="detainers", points=100, options=(f.option("full", 100), f.option("half", 50), f.option("none", 0))
)
RULE_FORM = f.replace_fields(
    f.question(
        "rule_form",
        lever_id="detainers",
        points=100,
        options=(f.option("ordinance", 100), f.option("resolution", 25), f.option("none", 0)),
    ),
    limited_by=Limit("hold", ("full",), 25, "A written rule counts in full only when it bars every hold."),
)
LIMITED_QN = f.questionnaire([LIMITED_HOLD, RULE_FORM])


@pytest.mark.parametrize(
    "hold, rule, earned, note",
    [
        pytest.param("full", "ordinance", 100, False, id="protective-content-lifts-the-cap"),
        pytest.param("half", "ordinance", 25, True, id="carve-outs-cap-the-form"),
        pytest.param("none", "ordinance", 25, True, id="no-limit-caps-the-form"),
        pytest.param(f.MISSING, "ordinance", 25, True, id="unanswered-content-caps"),
        pytest.param("dont_know", "ordinance", 25, True, id="dont-know-caps"),
        pytest.param(NA, "ordinance", 100, False, id="content-not-applicable-lifts"),
        pytest.param("half", "resolution", 25, False, id="under-the-cap-no-note"),
        pytest.param("half", "none", 0, False, id="zero-stays-zero"),
    ],
)
def test_limited_by_caps_an_answer_until_the_answer_it_depends_on_protects(hold, rule, earned, note):
    answers = {"rule_form": rule, **({} if hold is f.MISSING else {"hold": hold})}
    card = score(LIMITED_QN, COUNTY, answers)
    item = next(i for i in card.items if i.question_id == "rule_form")
    assert item.earned == earned
    assert (item.limit_note == RULE_FORM.limited_by.reason) is note
    assert item.to_dict()["limit_note"] == item.limit_note
    # figures(), which every save stores, agrees with the scorecard
    assert figures(LIMITED_QN, COUNTY, answers).scores.protection.earned == card.scores.protection.earned


# Extra credit (noncitizen voting): what it earns counts, what it misses costs nothing.
BASE = f.question(
    "voter_help",
    lever_id="civic",
    tier="next_level",
    points=100,
    options=(f.option("full", 100), f.option("half", 50), f.option("none", 0)),
)
EXTRA = f.replace_fields(
    f.question(
        "noncitizen_voting",
        lever_id="civic",
        tier="next_level",
        points=100,
        options=(f.option("allowed", 100), f.option("not_allowed", 0)),
    ),
    extra_credit=True,
)
EXTRA_QN = f.questionnaire([BASE, EXTRA], completeness_threshold=0.8)


@pytest.mark.parametrize(
    "answers, lever_score, completeness",
    [
        pytest.param({"voter_help": "half"}, 50, 1.0, id="unanswered-extra-costs-nothing"),
        pytest.param(
            {"voter_help": "half", "noncitizen_voting": "not_allowed"}, 50, 1.0, id="missed-extra-costs-nothing"
        ),
        pytest.param({"voter_help": "half", "noncitizen_voting": "allowed"}, 100, 1.0, id="extra-adds-capped-at-100"),
        pytest.param({"voter_help": "none", "noncitizen_voting": "allowed"}, 100, 1.0, id="extra-can-fill-the-lever"),
        pytest.param({"voter_help": "full", "noncitizen_voting": "allowed"}, 100, 1.0, id="never-above-100"),
        pytest.param({"noncitizen_voting": "allowed"}, 100, 0.0, id="incomplete-without-the-counted-question"),
    ],
)
def test_extra_credit_adds_what_it_earns_and_costs_nothing(answers, lever_score, completeness):
    card = score(EXTRA_QN, COUNTY, answers)
    lever = next(lv for lv in card.levers if lv.id == "civic")
    assert lever.next_level.score == pytest.approx(lever_score)
    assert card.scores.next_level.completeness == completeness
    assert card.scores.next_level.possible == 100  # the extra question's points are not possible points
    numbers = figures(EXTRA_QN, COUNTY, answers)
    assert numbers.scores.next_level.score == pytest.approx(card.scores.next_level.score)
    extra = next(i for i in card.items if i.question_id == "noncitizen_voting")
    assert extra.extra and extra.to_dict()["extra_credit"] is True
    if "noncitizen_voting" not in answers or answers["noncitizen_voting"] != "allowed":
        assert card.gaps[-1].question_id == "noncitizen_voting"  # after every gap that costs points
