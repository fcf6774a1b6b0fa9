"""The Spanish questionnaire (questions/i18n/es/), and the check that keeps it complete."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest
import yaml

from assessment.content import (
    LANGUAGES,
    RESERVED_OPTION_LABELS,
    ContentError,
    check_questionnaire,
    load_questionnaire,
    load_questionnaires,
)
from assessment.content.i18n import CATALOG_SHAPES, LEVER_SHAPE, MAIN_SHAPE, translated_texts
from assessment.scoring import JurisdictionInfo, score
from tests.unit.content_helpers import QUESTIONS, edit_line, line_of, only_problem

ES = "i18n/es"


@pytest.fixture(scope="module")
def both():
    return load_questionnaires(QUESTIONS)


def where(problem) -> tuple:
    return problem.file, problem.line, problem.entry, problem.field


def all_texts(root: Path, language: str) -> list[str]:
    base = root if language == "en" else root / ES
    files = [("questionnaire.yaml", MAIN_SHAPE)]
    files += [(f"catalogs/{name}.yaml", shape) for name, shape in CATALOG_SHAPES.items()]
    files += [(f"levers/{path.name}", LEVER_SHAPE) for path in sorted((root / "levers").glob("*.yaml"))]
    texts: list[str] = []
    for relative, shape in files:
        texts += translated_texts(shape, yaml.safe_load((base / relative).read_text(encoding="utf-8")))
    return texts


# ---------------------------------------------------------------------------
# The real content


def test_real_content_is_complete_in_every_language(both):
    assert check_questionnaire(QUESTIONS) == []
    assert set(both) == set(LANGUAGES) == {"en", "es"}
    assert load_questionnaire(QUESTIONS) == load_questionnaire(QUESTIONS, "en") == both["en"]
    assert load_questionnaire(QUESTIONS, language="es") == both["es"]
    assert load_questionnaire(QUESTIONS.parent, "es") == both["es"]


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        load_questionnaire(QUESTIONS, "fr")


def test_spanish_has_the_same_structure_ids_and_points(both):
    en, es = both["en"], both["es"]
    assert (
        es.version,
        dict(es.overall_weights),
        es.methodology_sources,
        es.core_cap_level,
        tuple(r.points for r in es.rubric),
    ) == (
        en.version,
        dict(en.overall_weights),
        en.methodology_sources,
        en.core_cap_level,
        tuple(r.points for r in en.rubric),
    )
    assert {k: v.weight for k, v in es.lever_weights.items()} == {k: v.weight for k, v in en.lever_weights.items()}
    assert [(c.question_id, c.met_from) for c in es.core_items] == [(c.question_id, c.met_from) for c in en.core_items]
    assert [(s.id) for s in es.sections] == [s.id for s in en.sections]
    assert [(lv.id, lv.min_score) for lv in es.levels] == [(lv.id, lv.min_score) for lv in en.levels]
    assert list(es.controllers) == list(en.controllers)
    assert list(es.state_law_topics) == list(en.state_law_topics)
    for en_lever, es_lever in zip(en.levers, es.levers, strict=True):
        assert (es_lever.id, es_lever.area) == (en_lever.id, en_lever.area)
        for q_en, q_es in zip(en_lever.questions, es_lever.questions, strict=True):
            same = ("id", "lever_id", "tier", "controlled_by", "applies_to", "kind", "points", "state_law_topics")
            assert [getattr(q_es, name) for name in same] == [getattr(q_en, name) for name in same]
            assert [(o.id, o.points, o.exclusive) for o in q_es.options] == [
                (o.id, o.points, o.exclusive) for o in q_en.options
            ]
            rec_en, rec_es = q_en.recommendation, q_es.recommendation
            assert (rec_es.model_laws, rec_es.guides, rec_es.allies) == (
                rec_en.model_laws,
                rec_en.guides,
                rec_en.allies,
            )
    # Names and titles stay as published; only descriptions are translated.
    for catalog in ("model_laws", "guides", "allies"):
        en_items, es_items = getattr(en, catalog), getattr(es, catalog)
        assert list(es_items) == list(en_items)
        for item_id, item in es_items.items():
            assert vars(item) | {"description": None, "unconfirmed": None} == vars(en_items[item_id]) | {
                "description": None,
                "unconfirmed": None,
            }, item_id
            assert item.description != en_items[item_id].description, item_id
            assert (item.__dict__.get("unconfirmed") is None) == (en_items[item_id].__dict__.get("unconfirmed") is None)
    for law_en, law_es in zip(en.state_laws, es.state_laws, strict=True):
        assert vars(law_es) | {"description": None, "blocked_by": None} == vars(law_en) | {
            "description": None,
            "blocked_by": None,
        }
        assert law_es.description != law_en.description


def test_every_text_is_translated(both):
    en_texts, es_texts = all_texts(QUESTIONS, "en"), all_texts(QUESTIONS, "es")
    assert len(es_texts) == len(en_texts) > 500
    english = set(en_texts)
    # Only "No." reads the same in both languages.
    assert {text for text in es_texts if text in english} <= {"No."}
    en, es = both["en"], both["es"]
    q_en, q_es = en.question("detainers_hold_refusal"), es.question("detainers_hold_refusal")
    assert q_es.prompt.startswith("¿") and q_es.prompt != q_en.prompt
    assert q_es.help != q_en.help and q_es.evidence_prompt != q_en.evidence_prompt
    assert q_es.recommendation.action != q_en.recommendation.action
    assert [o.label for o in q_es.options] != [o.label for o in q_en.options]
    assert es.lever("detainers").title == "Órdenes de retención (detainers) de ICE"
    assert es.level_for(0).label == "Primeros pasos"
    assert es.controllers["sheriff"] == "Alguacil (sheriff) o cárcel"


def test_spanish_terminology_is_consistent():
    text = "\n".join(all_texts(QUESTIONS, "es"))
    # "detainer" only as the gloss of "orden de retención"; "sheriff" only as the gloss of "alguacil".
    assert not re.search(r"(?<!\()detainers?(?!\))", text)
    assert all(
        re.search(r"(?:órdenes|orden) de retención \($", text[: m.start()][-30:], re.IGNORECASE)
        for m in re.finditer(r"detainers?\)", text)
    ), "detainer must follow 'orden(es) de retención ('"
    assert not re.search(r"(?<!\()sheriff", text)
    assert all(text[: m.start()].lower().endswith("alguacil (") for m in re.finditer(r"sheriff\)", text))
    # judicial warrant, county, public defender, U visa, language access, municipal ID
    assert "orden judicial firmada por un juez" in text
    assert not re.search(
        r"\b(mandamiento|orden de arresto|county|public defender|U visa|visa-U)\b", text, re.IGNORECASE
    )
    for term in (
        "condado",
        "concejo municipal",
        "defensor público",
        "visa U",
        "acceso lingüístico",
        "identificación municipal",
        "santuario",
        "287(g)",
        "ICE",
    ):
        assert term in text, term
    # The answers the app adds are quoted in the help text with their agreed wording.
    assert "«Todavía no lo sé»" in text and "«No aplica aquí»" in text
    assert RESERVED_OPTION_LABELS["es"] == {"dont_know": "Todavía no lo sé", "not_applicable": "No aplica aquí"}
    assert set(RESERVED_OPTION_LABELS) == set(LANGUAGES)
    # usted, never tú
    assert not re.search(r"\b(tú|tu|tus|tienes|puedes|debes|elige)\b", text, re.IGNORECASE)


def _random_answers(qn, rng: random.Random) -> dict:
    answers = {}
    for q in qn.questions():
        pick = rng.random()
        if pick < 0.1:
            continue  # unanswered
        if pick < 0.2:
            answers[q.id] = "dont_know"
        elif pick < 0.25 and q.not_applicable_when:
            answers[q.id] = {"not_applicable": q.not_applicable_when[0].id}
        elif q.kind == "single":
            answers[q.id] = rng.choice(q.option_ids)
        else:
            plain = [o.id for o in q.options if not o.exclusive]
            chosen = rng.sample(plain, rng.randint(0, len(plain)))
            answers[q.id] = chosen or [next(o.id for o in q.options if o.exclusive)]
    return answers


def _numbers(card) -> dict:
    """Everything on a scorecard that does not depend on the language of the text
    (a score's level is compared by id; its label is text)."""

    def plain(s):
        return {key: value for key, value in s.to_dict().items() if key not in ("level", "local_level")}

    return {
        "version": card.questionnaire_version,
        "scores": [plain(card.scores.protection), plain(card.scores.next_level), plain(card.scores.overall)],
        "levers": [(lv.id, plain(lv.protection), plain(lv.next_level)) for lv in card.levers],
        "items": [
            (i.question_id, i.lever_id, i.tier, i.earned, i.possible, i.status, tuple(c.id for c in i.controlled_by))
            for i in card.items
        ],
        "strengths": [i.question_id for i in card.strengths],
        "gaps": [
            (
                g.question_id,
                g.points_available,
                [m["id"] for m in g.model_laws],
                [x["id"] for x in g.guides],
                [a["id"] for a in g.allies],
            )
            for g in card.gaps
        ],
        "to_verify": card.to_verify,
        "unanswered": card.unanswered,
        "excluded": [(e.question_id, e.tier) for e in card.excluded],
        "gate": (card.gate_open, card.gate_points_needed),
    }


@pytest.mark.parametrize(
    "where",
    [
        JurisdictionInfo("Travis County", "TX", "county"),
        JurisdictionInfo("Oakland", "CA", "city"),
        JurisdictionInfo("New York", "NY", "city_county"),
        JurisdictionInfo("Takoma Park", "MD", "town"),
        JurisdictionInfo("Miami-Dade County", "FL", "county"),
    ],
    ids=lambda j: f"{j.state}-{j.kind}",
)
def test_the_same_answers_score_identically_in_both_languages(both, where):
    en, es = both["en"], both["es"]
    rng = random.Random(f"{where.state}{where.kind}")
    answer_sets = [{}, {q.id: q.options[0].id if q.kind == "single" else [q.options[0].id] for q in en.questions()}]
    answer_sets += [_random_answers(en, rng) for _ in range(40)]
    for answers in answer_sets:
        card_en, card_es = score(en, where, answers), score(es, where, answers)
        assert _numbers(card_es) == _numbers(card_en)
    # The text on the card is the Spanish one.
    q_es = es.question("language_access_policy")
    card = score(es, where, {"language_access_policy": "plan_only"})
    item = next(i for i in card.items if i.question_id == "language_access_policy")
    assert item.prompt == q_es.prompt and item.chosen == (q_es.option("plan_only").label,)
    gap = next(g for g in card.gaps if g.question_id == "language_access_policy")
    assert gap.recommendation == q_es.recommendation.action


# ---------------------------------------------------------------------------
# Each way a translation can fall short names file, entry, field and line

LEVER = f"{ES}/levers/courthouses.yaml"


def test_missing_option_label(copy):
    line = line_of(copy, LEVER, "      - id: no_policy")
    edit_line(copy, LEVER, "        label: No hay una política escrita del tribunal.", None)
    problem = only_problem(copy)
    assert where(problem) == (f"questions/{LEVER}", line, "courthouses_court_policy", "options[no_policy].label")
    assert problem.message == "missing Spanish text (English: “No written court policy.”)"
    assert str(problem) == (
        f"questions/{LEVER}:{line}: entry 'courthouses_court_policy', field "
        "'options[no_policy].label': missing Spanish text "
        "(English: “No written court policy.”)"
    )
    with pytest.raises(ContentError) as raised:  # start-up and every language refuse it
        load_questionnaire(copy)
    assert raised.value.problems == [problem]
    with pytest.raises(ContentError):
        load_questionnaire(copy, "es")


def test_missing_option_entry(copy):
    edit_line(copy, LEVER, "      - id: no_policy", None)
    line = edit_line(copy, LEVER, "        label: No hay una política escrita del tribunal.", None)
    problem = only_problem(copy)
    # Reported on the question's "options:" line, since the option has no line of its own.
    assert where(problem) == (
        f"questions/{LEVER}",
        line_of(copy, LEVER, "    options:", nth=2),
        "courthouses_court_policy",
        "options[no_policy]",
    )
    assert problem.line < line
    assert "no Spanish translation for option 'no_policy'" in problem.message
    assert "questions/levers/courthouses.yaml:" in problem.message and "No written court policy." in problem.message


def test_missing_question(copy):
    path = copy / LEVER
    text = path.read_text(encoding="utf-8")
    start = text.index("\n  - id: courthouses_court_policy")
    end = text.index("\n  - id: ", start + 1)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    problem = only_problem(copy)
    assert (problem.file, problem.entry, problem.field) == (f"questions/{LEVER}", "courthouses_court_policy", None)
    assert problem.line == line_of(copy, LEVER, "questions:")
    assert problem.message.startswith(
        "no Spanish translation for question 'courthouses_court_policy' (questions/levers/courthouses.yaml:"
    )


def test_missing_help_and_action(copy):
    help_line = next(
        line
        for line in (copy / LEVER).read_text(encoding="utf-8").split("\n")
        if line.startswith("    help: Un arresto migratorio civil")
    )
    edit_line(copy, LEVER, help_line, None)
    problems = check_questionnaire(copy)
    assert [(p.entry, p.field) for p in problems] == [("courthouses_court_policy", "help")]
    assert problems[0].line == line_of(copy, LEVER, "  - id: courthouses_court_policy")


def test_stray_question_id(copy):
    line = edit_line(copy, LEVER, "  - id: courthouses_court_policy", "  - id: courthouses_court_polcy")
    problems = check_questionnaire(copy)
    assert [where(p) for p in problems] == [
        (f"questions/{LEVER}", line_of(copy, LEVER, "questions:"), "courthouses_court_policy", None),
        (f"questions/{LEVER}", line, "courthouses_court_polcy", "id"),
    ]
    assert problems[1].message == (
        "there is no question 'courthouses_court_polcy' in "
        "questions/levers/courthouses.yaml; remove this translation or correct its id"
    )


def test_stray_option_id(copy):
    line = edit_line(
        copy, LEVER, "      - id: no_policy", "      - id: maybe\n        label: Quizás.\n      - id: no_policy"
    )
    problems = check_questionnaire(copy)
    assert [where(p) for p in problems] == [
        (f"questions/{LEVER}", line, "courthouses_court_policy", "options[maybe].id")
    ]
    assert "there is no option 'maybe'" in problems[0].message


def test_translated_twice(copy):
    line = edit_line(copy, LEVER, "      - id: inside_only", "      - id: no_policy")
    problems = check_questionnaire(copy)
    assert [(p.line, p.entry, p.field) for p in problems] == [
        (line_of(copy, LEVER, "    options:", nth=2), "courthouses_court_policy", "options[inside_only]"),
        (line, "courthouses_court_policy", "options[no_policy].id"),
    ]
    assert "translated twice (first on line" in problems[1].message


def test_an_id_removed_from_english_is_stray_in_spanish(copy):
    # Renaming an English question (a clean English file) leaves its Spanish entry behind.
    edit_line(copy, "levers/health_care.yaml", "  - id: health_privacy", "  - id: health_care_program")
    problems = check_questionnaire(copy)
    spanish = f"questions/{ES}/levers/health_care.yaml"
    assert [(p.file, p.entry, p.field) for p in problems] == [
        (spanish, "health_care_program", None),
        (spanish, "health_privacy", "id"),
    ]
    assert "no Spanish translation for question 'health_care_program'" in problems[0].message
    assert "there is no question 'health_privacy'" in problems[1].message


def test_english_mistakes_are_not_repeated_for_spanish(copy):
    # A duplicate id in English is reported once, in English; the Spanish file waits for the fix.
    edit_line(copy, "levers/u_t_visas.yaml", "  - id: u_t_visas_t_declarations", "  - id: u_t_visas_u_certification")
    assert only_problem(copy).file == "questions/levers/u_t_visas.yaml"


@pytest.mark.parametrize(
    "value, message", [('""', "must not be blank"), ("'   '", "must not be blank"), ("", "should be text, not null")]
)
def test_empty_spanish_text(copy, value, message):
    line = edit_line(
        copy, LEVER, "        label: No hay una política escrita del tribunal.", f"        label: {value}".rstrip()
    )
    problem = only_problem(copy)
    assert where(problem) == (f"questions/{LEVER}", line, "courthouses_court_policy", "options[no_policy].label")
    assert message in problem.message


@pytest.mark.parametrize("markup", ["<b>no</b>", "{{ politica }}", "<script>x"])
def test_markup_in_spanish_is_rejected(copy, markup):
    line = edit_line(
        copy,
        LEVER,
        "        label: No hay una política escrita del tribunal.",
        f"        label: No hay una política {markup}.",
    )
    problem = only_problem(copy)
    assert where(problem) == (f"questions/{LEVER}", line, "courthouses_court_policy", "options[no_policy].label")
    assert "markup or a template" in problem.message


def test_missing_controller_and_stray_topic(copy):
    main = f"{ES}/questionnaire.yaml"
    edit_line(copy, main, "  sheriff: Alguacil (sheriff) o cárcel", None)
    stray = edit_line(copy, main, "  287g: Acuerdos 287(g)", "  287g: Acuerdos 287(g)\n  287h: Otros acuerdos")
    problems = check_questionnaire(copy)
    assert [where(p) for p in problems] == [
        (f"questions/{main}", line_of(copy, main, "controllers:"), None, "controllers.sheriff"),
        (f"questions/{main}", stray + 1, None, "state_law_topics.287h"),
    ]
    assert problems[0].message == "missing Spanish text for controller 'sheriff' (English: “Sheriff or jail”)"
    assert "there is no state-law topic '287h'" in problems[1].message


def test_missing_level_description(copy):
    main = f"{ES}/questionnaire.yaml"
    line = line_of(copy, main, "  - id: strong")
    edit_line(
        copy,
        main,
        "    description: Todas las protecciones básicas ya existen, la mayoría de las metas se "
        "cumplen mediante normas obligatorias, y ahora el trabajo es ampliar el acceso y la "
        "integración.",
        None,
    )
    assert where(only_problem(copy)) == (f"questions/{main}", line, "strong", "description")


def test_unconfirmed_note_follows_english(copy):
    catalog = f"{ES}/catalogs/model_laws.yaml"
    # Missing where English has one, and present where English has none.
    edit_line(copy, catalog, "    unconfirmed: El número de la ordenanza no está confirmado.", None, nth=1)
    extra = (
        edit_line(copy, catalog, "  - id: seattle_res_31730", "  - id: seattle_res_31730\n    unconfirmed: Nada.") + 1
    )
    problems = check_questionnaire(copy)
    assert [(p.entry, p.field) for p in problems] == [
        ("cook_county_detainer_policy", "unconfirmed"),
        ("seattle_res_31730", "unconfirmed"),
    ]
    assert problems[1].line == extra and "has no unconfirmed" in problems[1].message


def test_titles_and_names_are_not_translated(copy):
    line = (
        edit_line(
            copy,
            f"{ES}/catalogs/allies.yaml",
            "  - id: cpd",
            "  - id: cpd\n    name: Centro para la Democracia Popular",
        )
        + 1
    )
    problem = only_problem(copy)
    assert where(problem) == (f"questions/{ES}/catalogs/allies.yaml", line, "cpd", "name")
    assert "is not translated" in problem.message


def test_points_cannot_be_set_in_a_translation(copy):
    line = (
        edit_line(
            copy,
            LEVER,
            "        label: No hay una política escrita del tribunal.",
            "        label: No hay una política escrita del tribunal.\n        points: 100",
        )
        + 1
    )
    problem = only_problem(copy)
    assert where(problem) == (f"questions/{LEVER}", line, "courthouses_court_policy", "options[no_policy].points")


def test_unknown_field_in_translation(copy):
    evidence = "    evidence: La orden del tribunal o la política administrativa (número y fecha), y un enlace."
    line = edit_line(copy, LEVER, evidence, "    evidense: La orden del tribunal.")
    problems = check_questionnaire(copy)
    question_line = line_of(copy, LEVER, "  - id: courthouses_court_policy")
    assert [(p.line, p.entry, p.field) for p in problems] == [
        (question_line, "courthouses_court_policy", "evidence"),
        (line, "courthouses_court_policy", "evidense"),
    ]
    assert problems[0].message.startswith("missing Spanish text (English: “The court order")
    assert "did you mean 'evidence'" in problems[1].message


def test_missing_translation_file(copy):
    (copy / ES / "levers" / "health_care.yaml").unlink()
    problem = only_problem(copy)
    assert (problem.file, problem.line) == (f"questions/{ES}/levers/health_care.yaml", None)
    assert "levers/health_care.yaml needs its Spanish translation" in problem.message


def test_stray_translation_files(copy):
    shutil.copy(copy / ES / "levers" / "health_care.yaml", copy / ES / "levers" / "health_cares.yaml")
    shutil.copy(copy / ES / "levers" / "health_care.yaml", copy / ES / "levers" / "health_care.yml")
    (copy / ES / "catalogs" / "people.yaml").write_text("people: []\n", encoding="utf-8")
    (copy / "i18n" / "fr").mkdir()
    problems = check_questionnaire(copy)
    assert sorted(p.file for p in problems) == [
        "questions/i18n/es/catalogs/people.yaml",
        "questions/i18n/es/levers/health_care.yml",
        "questions/i18n/es/levers/health_cares.yaml",
        "questions/i18n/fr",
    ]


def test_lever_id_must_match_file_name(copy):
    line = edit_line(copy, LEVER, "id: courthouses", "id: courts")
    assert where(only_problem(copy)) == (f"questions/{LEVER}", line, "courts", "id")


def test_malformed_translation(copy):
    edit_line(copy, LEVER, "    options:", "    options: [", nth=1)
    problem = only_problem(copy)
    assert problem.file == f"questions/{LEVER}" and problem.message.startswith("malformed YAML")


def test_app_refuses_to_start_without_spanish(copy, tmp_path):
    from assessment import create_app

    line = line_of(copy, LEVER, "      - id: no_policy")
    edit_line(copy, LEVER, "        label: No hay una política escrita del tribunal.", None)
    with pytest.raises(ContentError) as raised:
        create_app({"QUESTIONS_DIR": str(copy), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    assert f"i18n/es/levers/courthouses.yaml:{line}: entry 'courthouses_court_policy'" in str(raised.value)
