"""Property-based tests of the answers file: the pure reader
(answers_file.parse_answers_data / load_answers_file) and the `flask score`
command. Whatever the file holds, the reader returns problems instead of
raising, and the command either prints a scorecard (exit 0) or one line per
problem (exit 2): never a traceback."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.scoring.answers_file import load_answers_file, parse_answers_data

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=15,
)
nasty_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", "<script>alert(1)</script>", "javascript:alert(1)", "http://[::1", "x" * 3000, "\x00", "dont_know"]
    ),
)


@pytest.fixture
def questionnaire(app):
    return app.extensions["questionnaire"]


def answers_files(questionnaire):
    """Files that are close to right: real ids mixed with wrong ones and wrong types."""
    questions = list(questionnaire.questions())
    question_ids = st.one_of(st.sampled_from([q.id for q in questions]), st.text(max_size=20))
    option_ids = st.one_of(st.sampled_from(sorted({o.id for q in questions for o in q.options})), nasty_text)
    answer = st.one_of(
        option_ids,
        st.lists(option_ids, max_size=4),
        st.just("dont_know"),
        st.fixed_dictionaries({"not_applicable": nasty_text}),
        json_values,
    )
    evidence_entry = st.one_of(
        st.dictionaries(st.sampled_from(["url", "citation", "note", "other"]), nasty_text, max_size=4), json_values
    )
    jurisdiction = st.one_of(
        st.fixed_dictionaries(
            {
                "name": nasty_text,
                "state": st.sampled_from(["WA", "TX", "wa", "ZZ", "", "Washington"]),
                "kind": st.sampled_from(["city", "county", "town", "village", "empire", ""]),
            }
        ),
        json_values,
    )
    return st.fixed_dictionaries(
        {},
        optional={
            "jurisdiction": jurisdiction,
            "year": st.one_of(st.integers(1900, 2200), json_values),
            "answers": st.one_of(st.dictionaries(question_ids, answer, max_size=8), json_values),
            "evidence": st.one_of(st.dictionaries(question_ids, evidence_entry, max_size=4), json_values),
            "extra": json_values,
        },
    )


def test_the_reader_reports_problems_instead_of_raising(questionnaire):
    @FUZZ
    @given(data=st.one_of(answers_files(questionnaire), json_values))
    def check(data):
        parsed, problems = parse_answers_data(data, questionnaire)
        assert (parsed is None) == bool(problems)
        assert all(isinstance(p, str) and len(p.splitlines()) == 1 for p in problems)

    check()


def test_the_reader_survives_any_text(questionnaire):
    @FUZZ
    @given(
        text=st.one_of(
            st.text(max_size=200), st.sampled_from(["", "{", "[]", "null", "1e999", '{"a": NaN}', "\ufeff{}"])
        )
    )
    def check(text):
        parsed, problems = load_answers_file(text, questionnaire)
        assert (parsed is None) == bool(problems)
        assert all(p.startswith("answers: ") for p in problems)

    check()


def test_the_score_command_prints_a_scorecard_or_one_line_per_problem(app, questionnaire, tmp_path):
    runner = app.test_cli_runner()
    path = tmp_path / "answers.json"

    @FUZZ
    @given(content=st.one_of(answers_files(questionnaire).map(json.dumps), st.binary(max_size=200)))
    def check(content):
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        result = runner.invoke(args=["score", str(path)])
        assert result.exit_code in (0, 2), (result.exit_code, result.output[-500:])
        assert "Traceback" not in result.output
        if result.exit_code == 0:
            assert "scores" in json.loads(result.stdout)
        else:
            lines = [line for line in result.stderr.splitlines() if line.strip()]
            assert lines and all(line.startswith(str(path)) for line in lines)

    check()


def test_the_bulk_import_command_imports_or_explains(app, questionnaire, make_user, tmp_path):
    assert "import-assessments" in app.cli.commands
    make_user("advocate@example.org")
    runner = app.test_cli_runner()
    path = tmp_path / "assessments.json"

    @FUZZ
    @given(
        content=st.one_of(
            st.lists(answers_files(questionnaire), max_size=3).map(json.dumps),
            answers_files(questionnaire).map(json.dumps),
            st.binary(max_size=100),
        ),
        publish=st.booleans(),
    )
    def check(content, publish):
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        args = ["import-assessments", str(path), "--user", "advocate@example.org", "--organisation", "Advocates"]
        result = runner.invoke(args=args + (["--publish"] if publish else []))
        assert result.exit_code in (0, 2), (result.exit_code, repr(result.exception), result.output[-500:])
        assert "Traceback" not in result.output
        if result.exit_code == 2:
            assert [line for line in result.stderr.splitlines() if line.strip()]

    check()
