"""Pure pieces of the scorecard: the SVG chart, the methodology wording, the file name."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace

from assessment.scorecards.chart import lever_chart_svg
from assessment.scorecards.context import ScorecardContext
from assessment.scorecards.methodology import level_bands, overall_formula, weights_text
from assessment.scoring import JurisdictionInfo, score
from tests.unit import factories as f

SVG = "{http://www.w3.org/2000/svg}"


def card_with_titles(title: str, place: str = "Springfield"):
    questions = [f.question("q1", lever_id="a"), f.question("q2", lever_id="b", tier="next_level")]
    qn = f.questionnaire(questions)
    qn = replace(qn, levers=tuple(replace(lever, title=title) for lever in qn.levers))
    return score(qn, JurisdictionInfo(place, "IL", "city"), {"q1": "half"})


def test_chart_escapes_titles_and_is_well_formed_svg():
    hostile = '<script>alert(1)</script> & "quotes" ' + "x" * 80
    svg = str(lever_chart_svg(card_with_titles(hostile, place='Evil <b>"town"</b>')))
    assert "<script>" not in svg and "<b>" not in svg
    root = ET.fromstring(svg)  # escaping kept it well-formed XML
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id and 'Evil <b>"town"</b>' in root.find(f"{SVG}title").text
    assert root.find(f"{SVG}desc").get("id") == desc_id
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "<script>alert(1)</script>" in texts  # shown as text, wrapped over lines
    assert not re.search(r"\sstyle=", svg)


def test_chart_shows_each_score_as_text_and_not_scored_tiers_in_words():
    svg = str(lever_chart_svg(card_with_titles("Lever")))
    root = ET.fromstring(svg)
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "50" in texts  # q1 "half" earns 5 of 10
    # Each lever shows its own tier only: no "not scored" line for the tier it is not in.
    # the hatch pattern, two legend swatches and the two bars
    assert "not scored" not in texts and len(root.findall(f".//{SVG}rect")) == 1 + 2 + 2
    assert root.find(f".//{SVG}pattern") is not None  # hatching tells the tiers apart without colour
    questions = [f.question("q1", lever_id="a"), f.question("q2", lever_id="a", applies_to=("county",))]
    only_county = score(f.questionnaire(questions), JurisdictionInfo("X", "IL", "city"), {"q1": f.NOT_APPLICABLE})
    texts = ["".join(t.itertext()) for t in ET.fromstring(str(lever_chart_svg(only_county))).iter(f"{SVG}text")]
    assert texts.count("not scored") == 1  # a lever with nothing scored says so once


def test_formula_states_the_weights_from_the_data():
    qn = f.questionnaire([f.question("q1")], weights={"protection": 0.75, "next_level": 0.25})
    assert overall_formula(qn) == "Overall = 0.75 × current protections + 0.25 × next-level reforms"
    assert weights_text(qn) == "current protections 75% and next-level reforms 25%"
    uneven = f.questionnaire([f.question("q1")], weights={"protection": 3, "next_level": 1})
    assert overall_formula(uneven) == "Overall = (3 × current protections + 1 × next-level reforms) ÷ 4"


def test_level_bands_follow_the_thresholds():
    bands = level_bands(f.questionnaire([f.question("q1")]))
    assert [b.range_text for b in bands] == ["0 to under 40", "40 to under 70", "70 to 100"]


def test_file_name_is_plain_ascii():
    context = ScorecardContext(questionnaire=None, year=2026, provenance="", status=None)
    assert (
        context.file_name(JurisdictionInfo("Doña Ana County", "NM", "county"))
        == "scorecard-dona-ana-county-nm-2026.pdf"
    )
