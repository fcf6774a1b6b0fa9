"""`flask score ANSWERS.json [--pdf OUT.pdf]` and the answers-file reader behind it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assessment.scoring.answers_file import load_answers_file
from tests.unit.factories import load_real_questionnaire

ROOT = Path(__file__).resolve().parents[3]
REQUIRED_KEYS = {
    "questionnaire_version",
    "jurisdiction",
    "scores",
    "levers",
    "strengths",
    "gaps",
    "to_verify",
    "unanswered",
    "excluded",
    "gate_open",
    "gate_message",
}


def good_file(questionnaire) -> dict:
    questions = [q for q in questionnaire.questions() if "county" in q.applies_to]
    first, second = questions[:2]
    third = next(q for q in questions[2:] if q.not_applicable_when)
    return {
        "jurisdiction": {"name": "King County", "state": "WA", "kind": "county"},
        "year": 2026,
        "answers": {
            first.id: first.options[-1].id if first.kind == "single" else [first.options[0].id],
            second.id: "dont_know",
            third.id: {"not_applicable": third.not_applicable_when[0].id},
        },
        "evidence": {
            first.id: {
                "url": "https://kingcounty.gov/ord/17886",
                "citation": "Ordinance 17886",
                "note": "Adopted 2014.",
            }
        },
    }


@pytest.fixture
def questionnaire(app):
    return app.extensions["questionnaire"]


@pytest.fixture
def run(app, tmp_path):
    runner = app.test_cli_runner()

    def invoke(data=None, *, text=None, name="answers.json", extra=()):
        path = tmp_path / name
        if data is not None:
            path.write_text(json.dumps(data))
        elif text is not None:
            path.write_text(text)
        return runner.invoke(args=["score", str(path), *extra])

    return invoke


def problem_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def test_a_good_file_prints_the_scorecard_as_json(run, questionnaire):
    result = run(good_file(questionnaire))
    assert result.exit_code == 0, result.output
    card = json.loads(result.stdout)
    assert REQUIRED_KEYS <= set(card)
    assert card["jurisdiction"] == {"name": "King County", "state": "WA", "kind": "county", "year": 2026}
    assert card["questionnaire_version"] == card["method_version"] == questionnaire.version
    assert len(card["to_verify"]) == 1 and card["scores"]["protection"]["score"] is not None
    assert any(e["reason"].startswith("Does not apply here: ") and e["condition"] for e in card["excluded"])
    # The contract: two figures, completeness and a level for every tier, and the core gate.
    for tier in ("protection", "next_level", "overall"):
        figures = card["scores"][tier]
        assert {"score", "local_score", "completeness", "level_id"} <= set(figures), tier
        assert 0 <= figures["completeness"] < 0.8 and figures["level_id"] == "incomplete", tier
    assert card["core"]["met"] is False and card["core"]["failing"]
    assert all({"question", "recommendation", "state_law_notes"} <= set(gap) for gap in card["gaps"])


def test_not_applicable_outside_the_listed_conditions_exits_2_naming_the_question(run, questionnaire):
    data = good_file(questionnaire)
    third = next(iter(q for q in questionnaire.questions() if q.id == list(data["answers"])[2]))
    data["answers"][third.id] = {"not_applicable": "We would rather not say"}
    result = run(data)
    assert result.exit_code == 2 and result.stdout == ""
    (line,) = problem_lines(result)
    assert (
        f"answers.{third.id}: marked not applicable, but 'We would rather not say' is not one of the conditions" in line
    )
    assert third.not_applicable_when[0].id in line


def test_pdf_option_writes_the_pdf_too(run, questionnaire, tmp_path):
    out = tmp_path / "king.pdf"
    result = run(good_file(questionnaire), extra=["--pdf", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    assert json.loads(result.stdout)["jurisdiction"]["name"] == "King County"


def test_unknown_question_and_option_ids_give_one_line_each_and_status_2(run, questionnaire, tmp_path):
    data = good_file(questionnaire)
    single = next(q for q in questionnaire.questions() if q.kind == "single")
    data["answers"] = {"no_such_question": "yes", single.id: "no_such_option"}
    result = run(data)
    assert result.exit_code == 2
    lines = problem_lines(result)
    assert len(lines) == 2, lines
    assert any("no_such_question" in line and "unknown question id" in line for line in lines)
    assert any(single.id in line and "'no_such_option' is not an option" in line for line in lines)
    assert all(line.startswith(f"{tmp_path / 'answers.json'}: ") for line in lines)  # each names the file
    assert "Traceback" not in result.output and result.stdout == ""


@pytest.mark.parametrize(
    "text, expected",
    [
        (None, "no such file"),
        ('{"jurisdiction": {"name": "X", ', "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
    ],
)
def test_missing_or_malformed_files_give_one_line_and_status_2(run, text, expected, tmp_path, app):
    if text is None:
        result = app.test_cli_runner().invoke(args=["score", str(tmp_path / "missing.json")])
    else:
        result = run(text=text)
    assert result.exit_code == 2
    lines = problem_lines(result)
    assert len(lines) == 1 and expected in lines[0], lines
    assert "Traceback" not in result.output


def test_every_problem_in_the_file_is_listed_at_once(run, questionnaire):
    data = good_file(questionnaire)
    data["jurisdiction"] = {"name": "", "state": "XX", "kind": "borough"}
    data["year"] = "2026"
    data["colour"] = "blue"
    data["evidence"] = {next(iter(data["answers"])): {"url": "file:///etc/passwd"}}
    result = run(data)
    assert result.exit_code == 2
    text = result.stderr
    for fragment in (
        "unknown key 'colour'",
        "jurisdiction.name",
        "jurisdiction.state: 'XX'",
        "jurisdiction.kind: 'borough'",
        "year:",
        "must start with http",
    ):
        assert fragment in text, fragment
    assert len(problem_lines(result)) == 6


@pytest.mark.slow
def test_the_real_command_exits_2_without_a_traceback(tmp_path):
    env = {**os.environ, "SECRET_KEY": "s" * 40, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"jurisdiction": {"name": "Austin", "state": "TX", "kind": "city"}, "year": 2026, "answers": {"nope": "x"}}'
    )
    for path in (bad, tmp_path / "missing.json"):
        result = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", "score", str(path)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


# ---------------------------------------------------------------- the reader alone


def test_reader_takes_json_text_and_normalises_the_state():
    questionnaire = load_real_questionnaire()
    data = good_file(questionnaire)
    data["jurisdiction"]["state"] = "wa"
    parsed, problems = load_answers_file(json.dumps(data), questionnaire)
    assert problems == []
    assert parsed.jurisdiction.state == "WA" and parsed.year == 2026
    assert parsed.answers == data["answers"] and parsed.evidence == data["evidence"]


def test_reader_refuses_a_year_given_as_true_and_a_missing_answers_key():
    questionnaire = load_real_questionnaire()
    data = good_file(questionnaire)
    data["year"] = True
    del data["answers"]
    parsed, problems = load_answers_file(json.dumps(data), questionnaire)
    assert parsed is None
    assert [p.split(": ", 1)[1].split(":")[0] for p in problems] == ["year", "answers"]
