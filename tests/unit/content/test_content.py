"""The real questions/ content, and the loader's error reports on broken copies of it."""

from __future__ import annotations

import shutil

import pytest

from assessment.content import ContentError, check_questionnaire, load_questionnaire
from assessment.content.model import TIERS
from tests.unit.content_helpers import QUESTIONS, edit_line, line_of, only_problem

ROADMAP_LEVERS = [
    "detainers",
    "agreements_287g",
    "jail_access",
    "data_privacy",
    "local_resources",
    "courthouses",
    "compliance_body",
    "u_t_visas",
    "public_defense",
    "right_to_counsel",
    "community_outreach",
    "banking_access",
    "entrepreneurship",
    "low_wage_workers",
    "municipal_id",
    "drivers_licenses",
    "language_access",
    "right_to_services",
    "health_care",
    "higher_education",
    "civic_participation",
]
# Every model law, guide and ally the roadmap names, plus the further precedents in policy-facts.md.
ROADMAP_MODEL_LAWS = [
    "santa_cruz_county_detainers",
    "king_county_ord_17706",
    "king_county_ord_17886",
    "king_county_ord_18665",
    "king_county_courts_ice",
    "bernalillo_county_mdc_2014",
    "bernalillo_county_ar_2017_22",
    "bernalillo_county_2019_resolution",
    "cook_county_detainer_policy",
    "seattle_sanctuary_eo",
    "nyc_eo_120",
    "nyc_local_law_30",
    "saint_paul_lep_plan",
    "hartford_right_to_services",
    "madison_res_17_00125",
    "santa_clara_policy_3_54",
    "chicago_welcoming_city",
    "chicago_police_databases",
    "ca_truth_act",
    "nyc_identifying_information",
    "ca_sb_674",
    "ca_ab_2027",
    "nyifup",
    "safe_network",
    "la_justice_fund",
    "idnyc",
    "king_county_ord_16692",
    "healthy_san_francisco",
    "my_health_la",
    "takoma_park_voting",
    "seattle_oira",
    "sf_labor_standards_office",
]
ROADMAP_GUIDES = [
    "ilrc_local_options",
    "nelp_immigrant_worker_protections",
    "six_sanctuary_right_to_counsel",
    "ilrc_uwd_ending_collaboration",
    "ilrc_u_visa_certifications",
    "ilrc_public_defender_models",
    "welcoming_america_entrepreneurship",
    "cap_all_immigration_is_local",
    "bank_on_playbook",
    "cpd_building_identity",
    "six_drivers_licenses",
    "uc_berkeley_health",
    "six_dreamer_policies",
    "seattle_voting_report",
    "fpi_immigrants_economy",
    "ipc_collaboration_crime_report",
    "cap_nilc_sanctuary_study",
]
ROADMAP_ALLIES = [
    "ilrc",
    "nilc",
    "cap",
    "nelp",
    "cpd",
    "american_immigration_council",
    "six_action",
    "welcoming_america",
    "bank_on",
    "united_we_dream",
    "fiscal_policy_institute",
    "uc_berkeley_labor_center",
    "vera_institute",
    "immigrant_defense_project",
]
LICENSE_STATES = {
    "CA",
    "CO",
    "CT",
    "DE",
    "HI",
    "IL",
    "MD",
    "MA",
    "MN",
    "NV",
    "NJ",
    "NM",
    "NY",
    "OR",
    "RI",
    "UT",
    "VT",
    "VA",
    "WA",
    "DC",
}
# Topics a restrictive state may bar; anything wider would unscore unrelated questions.
PREEMPTABLE_TOPICS = {"detainers", "ice_cooperation", "287g", "status_inquiry"}
# Restrictions on the other levers that state-law-2026.md records.
RESTRICTED_ELSEWHERE = {
    "state_immigration_crimes",
    "municipal_id",
    "noncitizen_voting",
    "in_state_tuition",
    "official_penalties",
    "out_of_state_licenses",
    "drivers_licenses",
}


@pytest.fixture(scope="module")
def real():
    return load_questionnaire(QUESTIONS)


def where(problem) -> tuple:
    return problem.file, problem.line, problem.entry, problem.field


# ---------------------------------------------------------------------------
# The real content


def test_real_questions_load_cleanly(real):
    assert check_questionnaire(QUESTIONS) == []
    assert real.version and real.title
    assert [s.id for s in real.sections] == ["protection", "economic", "next_level"]


def test_project_root_is_accepted_too():
    assert load_questionnaire(QUESTIONS.parent).version == load_questionnaire(QUESTIONS).version


def test_all_21_roadmap_levers_in_order_each_with_questions(real):
    assert [lever.id for lever in real.levers] == ROADMAP_LEVERS
    for lever in real.levers:
        assert lever.questions, lever.id
        assert all(q.lever_id == lever.id for q in lever.questions)
        assert lever.area in {s.id for s in real.sections}


def test_both_tiers_and_both_kinds_present(real):
    questions = list(real.questions())
    assert {q.tier for q in questions} == set(TIERS)
    multi = [q for q in questions if q.kind == "multi"]
    assert multi
    for q in multi:
        assert any(o.exclusive and o.points == 0 for o in q.options), q.id


def test_question_ids_unique_and_snake_case(real):
    ids = [q.id for q in real.questions()]
    assert len(ids) == len(set(ids))
    assert all(i.replace("_", "").isalnum() and i == i.lower() for i in ids)


def test_every_question_is_worth_100_with_a_zero_answer(real):
    # Scoring sums raw points, so equal maxima make questions weigh the same.
    for q in real.questions():
        assert q.points == 100, q.id
        assert min(o.points for o in q.options) == 0, q.id
        assert len(q.options) >= 2, q.id


def test_roadmap_catalog_entries_exist(real):
    assert set(ROADMAP_MODEL_LAWS) <= set(real.model_laws)
    assert set(ROADMAP_GUIDES) <= set(real.guides)
    assert set(ROADMAP_ALLIES) <= set(real.allies)


def test_unconfirmed_entries_have_no_invented_links(real):
    # The facts did not confirm these instruments or documents: no url, no number.
    assert real.model_laws["king_county_courts_ice"].url is None
    assert real.model_laws["king_county_courts_ice"].identifier is None
    assert real.model_laws["cook_county_detainer_policy"].identifier is None
    for guide_id in (
        "six_sanctuary_right_to_counsel",
        "six_drivers_licenses",
        "six_dreamer_policies",
        "ipc_collaboration_crime_report",
        "ilrc_local_options",
    ):
        assert real.guides[guide_id].url is None and real.guides[guide_id].unconfirmed, guide_id
    for entry in (*real.model_laws.values(), *real.guides.values()):
        if entry.url is None or entry.year is None:
            assert entry.unconfirmed, entry.id


def test_every_recommendation_links_a_law_or_guide_and_an_ally(real):
    for q in real.questions():
        rec = q.recommendation
        assert rec.model_laws or rec.guides, q.id
        assert rec.allies, q.id
        assert rec.action.strip(), q.id


def test_jail_questions_are_county_only(real):
    for question_id in (
        "detainers_hold_refusal",
        "detainers_written_rule",
        "jail_access_ice_interviews",
        "jail_access_release_info",
        "public_defense_plea_advice",
    ):
        assert real.question(question_id).applies_to == ("county",), question_id
    assert real.question("health_program_scope").applies_to == ("city", "county")
    assert real.question("detainers_city_lockup").applies_to == ("city",)
    # Counties run elections, so the voting-help question reaches them too.
    assert real.question("civic_participation_voter_help").applies_to == ("city", "county")


def test_state_laws(real):
    by_id = {law.id: law for law in real.state_laws}
    assert by_id["tx_sb4"].effects == {"detainers": "mandates", "ice_cooperation": "preempts"}
    assert by_id["tx_sb8"].effects == {"287g": "mandates"} and by_id["tx_sb8"].in_force_from.isoformat() == "2026-01-01"
    # The Florida jail 287(g) mandate is s. 908.11 (SB 1808, 2022), not SB 168 (state-law-2026.md §3a).
    assert by_id["fl_sb1808"].effects == {"287g": "mandates"} and "287g" not in by_id["fl_sb168"].topics
    assert by_id["tx_sb4_2023"].blocked_by and not by_id["tx_sb8"].blocked_by
    assert set(by_id["ca_sb54"].effects.values()) == {"floor"}
    for law in real.state_laws:
        for topic, effect in law.effects.items():
            if effect in ("mandates", "preempts"):
                assert topic in PREEMPTABLE_TOPICS | RESTRICTED_ELSEWHERE, (law.id, topic)
    licenses = {law.state for law in real.state_laws if "drivers_licenses" in law.topics}
    assert licenses == LICENSE_STATES
    # Texas SB 4 leaves language access scored.
    assert not real.state_laws_for("TX", real.question("language_access_policy").state_law_topics)
    assert real.state_laws_for("TX", real.question("detainers_hold_refusal").state_law_topics)


def test_levels_are_sorted_whatever_the_file_order(copy):
    path = copy / "questionnaire.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  - id: getting_started"), text.index("  - id: developing")
    path.write_text(
        text[:start]
        + text[end : text.index("\n# The gate")]
        + "\n"
        + text[start:end].rstrip("\n")
        + text[text.index("\n# The gate") :],
        encoding="utf-8",
    )
    levels = load_questionnaire(copy).levels
    assert [lv.min_score for lv in levels] == sorted(lv.min_score for lv in levels)
    assert levels[0].min_score == 0


# ---------------------------------------------------------------------------
# Each kind of error names file, entry, field and line


def test_bad_points(copy):
    line = edit_line(copy, "levers/detainers.yaml", "    points: 100", "    points: 150")
    problem = only_problem(copy)
    assert where(problem) == ("questions/levers/detainers.yaml", line, "detainers_hold_refusal", "points")
    assert str(problem) == (
        f"questions/levers/detainers.yaml:{line}: entry 'detainers_hold_refusal', "
        "field 'points': declared 150 but options give at most 100"
    )
    with pytest.raises(ContentError) as raised:
        load_questionnaire(copy)
    assert raised.value.problems == [problem]
    assert str(problem) in str(raised.value)


def test_multi_points_are_the_sum_of_plain_options(copy):
    line = edit_line(
        copy,
        "levers/courthouses.yaml",
        "        points: 25",
        "        points: 50",
        nth=nth_after(copy, "levers/courthouses.yaml", "  - id: court_areas_covered", "        points: 25"),
    )
    problem = only_problem(copy)
    assert problem.entry == "court_areas_covered" and problem.field == "points"
    assert problem.line < line
    assert "together at most 125" in problem.message


def test_no_zero_option(copy):
    edit_line(copy, "levers/health_care.yaml", "        points: 0", "        points: 25")
    problem = only_problem(copy)
    assert (problem.entry, problem.field) == ("health_program_scope", "options")
    assert "0 points" in problem.message


def test_duplicate_question_id(copy):
    line = edit_line(
        copy, "levers/u_t_visas.yaml", "  - id: u_t_visas_t_declarations", "  - id: u_t_visas_u_certification"
    )
    problem = only_problem(copy)
    assert where(problem) == ("questions/levers/u_t_visas.yaml", line, "u_t_visas_u_certification", "id")
    assert "already used at questions/levers/u_t_visas.yaml:" in problem.message


def test_duplicate_id_across_files(copy):
    line = edit_line(copy, "levers/health_care.yaml", "  - id: health_privacy", "  - id: detainers_hold_refusal")
    problem = only_problem(copy)
    assert where(problem)[:3] == ("questions/levers/health_care.yaml", line, "detainers_hold_refusal")
    assert "questions/levers/detainers.yaml" in problem.message


def test_duplicate_option_id(copy):
    line = edit_line(copy, "levers/jail_access.yaml", "      - id: on_request", "      - id: routinely")
    problem = only_problem(copy)
    assert where(problem) == (
        "questions/levers/jail_access.yaml",
        line,
        "jail_access_release_info",
        "options[routinely].id",
    )


def test_dangling_model_law_reference(copy):
    line = edit_line(
        copy,
        "levers/u_t_visas.yaml",
        "      model_laws: [ca_sb_674, il_voices_act]",
        "      model_laws: [ca_sb_675, il_voices_act]",
    )
    problem = only_problem(copy)
    assert where(problem) == (
        "questions/levers/u_t_visas.yaml",
        line,
        "u_t_visas_u_certification",
        "recommendation.model_laws",
    )
    assert "'ca_sb_675'" in problem.message


def test_unknown_controller(copy):
    line = edit_line(copy, "levers/courthouses.yaml", "    controlled_by: [courts]", "    controlled_by: [court]")
    problem = only_problem(copy)
    assert where(problem) == ("questions/levers/courthouses.yaml", line, "courthouses_court_policy", "controlled_by")


def test_unknown_field(copy):
    line = edit_line(copy, "levers/health_care.yaml", "    kind: single", "    kind: single\n    tierr: next_level")
    problem = only_problem(copy)
    assert where(problem) == ("questions/levers/health_care.yaml", line + 1, "health_program_scope", "tierr")
    assert "did you mean 'tier'" in problem.message


def test_missing_field(copy):
    help_line = next(
        line
        for line in (copy / "levers/health_care.yaml").read_text(encoding="utf-8").split("\n")
        if line.startswith("    help: A medical home is a regular clinic")
    )
    line = edit_line(copy, "levers/health_care.yaml", help_line, "")
    problem = only_problem(copy)
    assert (problem.entry, problem.field, problem.message) == ("health_program_scope", "help", "missing required field")
    assert problem.line < line


def test_bad_tier(copy):
    line = edit_line(copy, "levers/jail_access.yaml", "    tier: protection", "    tier: defence")
    problem = only_problem(copy)
    assert where(problem) == ("questions/levers/jail_access.yaml", line, "jail_access_ice_interviews", "tier")
    assert "'defence'" in problem.message


def test_templating_string(copy):
    line = edit_line(
        copy,
        "levers/courthouses.yaml",
        "        label: No written court policy.",
        "        label: No written court {{ policy }}.",
    )
    problem = only_problem(copy)
    assert where(problem) == (
        "questions/levers/courthouses.yaml",
        line,
        "courthouses_court_policy",
        "options[no_policy].label",
    )


@pytest.mark.parametrize("markup", ["<b>bold</b>", "<script>alert(1)", "{% if x %}", "<a href='x'>"])
def test_markup_is_rejected(copy, markup):
    line = edit_line(
        copy,
        "catalogs/allies.yaml",
        "    name: Center for Popular Democracy (CPD)",
        f"    name: Center for Popular Democracy {markup}",
    )
    problem = only_problem(copy)
    assert where(problem) == ("questions/catalogs/allies.yaml", line, "cpd", "name")


def test_malformed_yaml(copy):
    line = edit_line(copy, "levers/banking_access.yaml", "    kind: single", "    kind: [single", nth=2)
    problem = only_problem(copy)
    assert problem.file == "questions/levers/banking_access.yaml"
    assert problem.message.startswith("malformed YAML")
    assert line <= problem.line <= line + 1


def test_duplicate_yaml_key(copy):
    line = edit_line(copy, "levers/health_care.yaml", "    kind: single", "    kind: single\n    kind: multi")
    problems = check_questionnaire(copy)
    duplicate = [p for p in problems if "duplicate key" in p.message]
    assert [where(p) for p in duplicate] == [
        ("questions/levers/health_care.yaml", line + 1, "health_program_scope", "kind")
    ]


def test_non_http_url(copy):
    line = edit_line(copy, "catalogs/allies.yaml", "    url: https://www.nilc.org", "    url: ftp://www.nilc.org")
    problem = only_problem(copy)
    assert where(problem) == ("questions/catalogs/allies.yaml", line, "nilc", "url")


def test_javascript_url(copy):
    line = edit_line(
        copy,
        "catalogs/guides.yaml",
        "    url: https://www.nilc.org/issues/immigration-enforcement/sanctuary-city-toolkit/",
        "    url: javascript:alert(1)",
    )
    assert where(only_problem(copy)) == ("questions/catalogs/guides.yaml", line, "nilc_sanctuary_toolkit", "url")


def test_missing_lever_file(copy):
    (copy / "levers" / "civic_participation.yaml").unlink()
    problem = only_problem(copy)
    assert where(problem) == (
        "questions/questionnaire.yaml",
        line_of(copy, "questionnaire.yaml", "  - civic_participation"),
        "civic_participation",
        "levers",
    )


def test_unlisted_lever_file(copy):
    shutil.copy(copy / "levers" / "health_care.yaml", copy / "levers" / "health_care_copy.yaml")
    problems = check_questionnaire(copy)
    assert any(p.file == "questions/levers/health_care_copy.yaml" and "not listed" in p.message for p in problems)
    assert any("does not match its file name" in p.message for p in problems)


def test_reserved_option_id(copy):
    line = edit_line(copy, "levers/health_care.yaml", "      - id: none", "      - id: dont_know")
    problem = only_problem(copy)
    assert where(problem) == (
        "questions/levers/health_care.yaml",
        line,
        "health_program_scope",
        "options[dont_know].id",
    )


def nth_after(copy, relative: str, entry_line: str, line: str) -> int:
    """Which occurrence of `line` is the first one after `entry_line` (for edit_line)."""
    lines = (copy / relative).read_text(encoding="utf-8").split("\n")
    start = lines.index(entry_line)
    return sum(1 for text in lines[:start] if text == line) + 1


def test_unknown_state_law_topic(copy):
    effects = "    effects: {detainers: mandates, ice_cooperation: preempts}"
    line = edit_line(
        copy,
        "catalogs/state_laws.yaml",
        effects,
        "    effects: {detainers: mandates, language: preempts}",
        nth=nth_after(copy, "catalogs/state_laws.yaml", "  - id: tx_sb4", effects),
    )
    problem = only_problem(copy)
    assert where(problem) == ("questions/catalogs/state_laws.yaml", line, "tx_sb4", "effects.language")


def test_levels_must_start_at_zero(copy):
    line = edit_line(copy, "questionnaire.yaml", "    min_score: 0", "    min_score: 5")
    assert where(only_problem(copy)) == ("questions/questionnaire.yaml", line, "getting_started", "min_score")


def test_weights_must_sum_to_one(copy):
    edit_line(copy, "questionnaire.yaml", "  next_level: 0.4", "  next_level: 0.5")
    problem = only_problem(copy)
    assert (problem.file, problem.field) == ("questions/questionnaire.yaml", "overall_weights")
    assert "1.1" in problem.message


def test_version_must_be_text(copy):
    line = edit_line(copy, "questionnaire.yaml", 'version: "2026.3"', "version: 2026.3")
    problem = only_problem(copy)
    assert (problem.file, problem.line, problem.entry, problem.field) == (
        "questions/questionnaire.yaml",
        line,
        None,
        "version",
    )


def test_problems_are_collected_not_stopped_at_the_first(copy):
    edit_line(copy, "levers/detainers.yaml", "    points: 100", "    points: 150")
    edit_line(copy, "catalogs/allies.yaml", "    url: https://www.nilc.org", "    url: ftp://www.nilc.org")
    (copy / "levers" / "civic_participation.yaml").unlink()
    files = {p.file for p in check_questionnaire(copy)}
    assert files == {
        "questions/levers/detainers.yaml",
        "questions/catalogs/allies.yaml",
        "questions/questionnaire.yaml",
    }


# ---------------------------------------------------------------------------
# The scoring method's parts of the content


def test_an_option_off_the_rubric_is_refused(copy):
    line = edit_line(copy, "levers/jail_access.yaml", "        points: 25", "        points: 33")
    problem = only_problem(copy)
    assert where(problem) == (
        "questions/levers/jail_access.yaml",
        line,
        "jail_access_ice_interviews",
        "options[notice_first].points",
    )
    assert problem.message == "33 points is off the rubric's scale (0, 25, 50, 75, 100)"


def test_ending_collaboration_must_weigh_at_least_half(copy):
    edit_line(copy, "questionnaire.yaml", "    weight: 14", "    weight: 1")
    edit_line(copy, "questionnaire.yaml", "    weight: 14", "    weight: 1")
    messages = [p.message for p in check_questionnaire(copy)]
    assert any(
        "ending collaboration with ICE weighs" in m and "in a county's current protections" in m for m in messages
    ), messages


def test_every_lever_needs_a_weight_and_core_items_must_be_current_protections(copy):
    edit_line(copy, "questionnaire.yaml", "  - id: civic_participation", "  - id: civic_participation_x")
    edit_line(copy, "questionnaire.yaml", "  - id: local_resources_enforcement_ban", "  - id: language_access_policy")
    messages = sorted(p.message for p in check_questionnaire(copy))
    assert "lever 'civic_participation' has no weight" in messages
    assert "unknown lever 'civic_participation_x' (not under 'levers')" in messages
    assert "core item 'language_access_policy' is not a current-protection question" in messages


def test_the_real_method(real):
    assert len(real.core_items) in range(5, 11)
    assert {q.id for q in real.questions() if q.extra_credit} == {
        "civic_participation_noncitizen_voting",
        "school_board_voting",
    }
    assert real.core_cap_level == "developing" and real.completeness_threshold == 0.8
    assert [step.points for step in real.rubric] == [0, 25, 50, 75, 100]
    assert set(real.lever_weights) == {lever.id for lever in real.levers}
    assert all(weight.reason.strip() for weight in real.lever_weights.values())
    for question in real.questions():
        assert {o.points for o in question.options} <= {0, 25, 50, 75, 100}, question.id
        # Sections and tiers agree: the protection section holds the current protections.
        assert (question.tier == "protection") == (real.lever(question.lever_id).area == "protection"), question.id
    assert real.question("detainers_hold_refusal").condition("no_jail") is not None
    assert not real.question("local_resources_enforcement_ban").not_applicable_when


def test_a_law_may_be_dated_as_precisely_as_its_source(copy):
    exact = '    in_force_from: "2026-01-01"'
    nth = nth_after(copy, "catalogs/state_laws.yaml", "  - id: tx_sb8", exact)
    edit_line(copy, "catalogs/state_laws.yaml", exact, '    in_force_from: "2026-01"', nth=nth)
    by_id = {law.id: law for law in load_questionnaire(copy).state_laws}
    assert by_id["tx_sb8"].in_force_from.isoformat() == "2026-01-01"
    month = '    in_force_from: "2026-01"'
    line = edit_line(
        copy,
        "catalogs/state_laws.yaml",
        month,
        '    in_force_from: "2026-13"',
        nth=nth_after(copy, "catalogs/state_laws.yaml", "  - id: tx_sb8", month),
    )
    problem = only_problem(copy)
    assert (problem.line, problem.entry, problem.field) == (line, "tx_sb8", "in_force_from")
    assert problem.message == "'2026-13' is not a real date"


def test_every_state_law_has_a_source_link_an_effect_and_its_start(real):
    for law in real.state_laws:
        assert any(source.startswith(("https://", "http://")) for source in law.sources), law.id
        assert law.effects, law.id
        assert law.in_force_from is not None, law.id
        assert law.in_force_until is None or law.in_force_until > law.in_force_from, law.id
    states = {law.state for law in real.state_laws}
    assert len(states) >= 45 and {"TX", "FL", "GA", "CA", "IL", "MD", "NM", "WA"} <= states


def test_every_question_cites_a_source_and_the_deep_questionnaire_is_there(real):
    questions = list(real.questions())
    assert len(questions) >= 110
    for question in questions:
        assert question.sources and all(s.startswith(("https://", "http://")) for s in question.sources), question.id
    # The review's five loopholes each have a question that closes them.
    for question_id in (
        "detention_contracts",
        "detainers_paid_holds",
        "detainers_carve_outs",
        "jail_release_info_channels",
        "jail_ice_presence",
        "court_areas_covered",
        "detainers_city_lockup",
        "county_election_languages",
    ):
        assert real.question(question_id) is not None, question_id
    assert real.question("detainers_city_lockup").applies_to == ("city",)
    assert real.question("county_election_languages").applies_to == ("county",)


def test_a_question_without_sources_is_refused(copy):
    text = (copy / "levers/courthouses.yaml").read_text(encoding="utf-8")
    start = text.index("    sources:", text.index("  - id: courthouses_warrant_rule"))
    end = text.index("\n  - id: ", start)
    (copy / "levers/courthouses.yaml").write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    problem = only_problem(copy)
    assert (problem.entry, problem.field, problem.message) == (
        "courthouses_warrant_rule",
        "sources",
        "missing required field",
    )
    first = (
        "      - http://losaltos.patch.com/groups/politics-and-elections/p/violent-crimes-committed-by-"
        "undocumented-suspects-released-by-the-county"
    )
    line = edit_line(copy, "levers/detainers.yaml", first, "      - the Patch article on Santa Clara")
    problems = [p for p in check_questionnaire(copy) if p.entry == "detainers_hold_refusal"]
    assert [(p.line, p.field) for p in problems] == [(line, "sources")]
    assert "is not a web address" in problems[0].message


@pytest.mark.parametrize(
    "old, new, field, message",
    [
        (
            "      question: detainers_hold_refusal",
            "      question: detainers_hold_refusl",
            "limited_by.question",
            "unknown question 'detainers_hold_refusl'",
        ),
        (
            "      unless: [judicial_warrant_only]",
            "      unless: [judicial_warrant]",
            "limited_by.unless",
            "question 'detainers_hold_refusal' has no option 'judicial_warrant'",
        ),
        ("      at_most: 25", "      at_most: 30", "limited_by.at_most", "30 points is off the rubric's scale"),
        ("      at_most: 25", "      at_most: 100", "limited_by.at_most", "100 does not limit a question worth 100"),
        (
            "      question: detainers_hold_refusal",
            "      question: detainers_written_rule",
            "limited_by.question",
            "a question cannot be limited by itself",
        ),
    ],
)
def test_a_limit_must_name_a_real_question_option_and_cap(copy, old, new, field, message):
    line = edit_line(copy, "levers/detainers.yaml", old, new)
    problem = only_problem(copy)
    assert where(problem) == ("questions/levers/detainers.yaml", line, "detainers_written_rule", field)
    assert problem.message == message


def test_a_retired_question_id_is_never_used_again(copy):
    line = edit_line(copy, "questionnaire.yaml", "  - id: health_care_access_program", "  - id: health_privacy")
    problem = only_problem(copy)
    assert (problem.file, problem.line) == ("questions/questionnaire.yaml", line)
    assert problem.message == "question 'health_privacy' was retired and its id may not be used again"


def test_a_core_item_cannot_be_extra_credit(copy):
    edit_line(copy, "levers/detainers.yaml", "    kind: single", "    kind: single\n    extra_credit: true")
    problem = only_problem(copy)
    assert problem.message == (
        "core item 'detainers_hold_refusal' is extra credit: a prerequisite must count when it is missing"
    )
