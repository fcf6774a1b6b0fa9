"""`flask import-assessments FILE`: JSON lists of answers files and CSVs,
all or nothing, every problem with its row and column, exit status 2."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest

from assessment.extensions import db
from assessment.models import Answer, Assessment, AssessmentScore, AuditEvent
from tests.web.public_helpers import all_applicable, approve_claim
from tests.web.scorecard_helpers import best, worst


@pytest.fixture
def runner(app, make_user, places):
    make_user("advocate@example.org")
    return app.test_cli_runner()


def run(runner, path, *options):
    return runner.invoke(args=["import-assessments", str(path), "--user", "advocate@example.org", *options])


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def answers_for(app, kind: str, choose=best) -> dict:
    return {q.id: choose(q) for q in all_applicable(app.extensions["questionnaire"], kind)}


def test_a_json_list_of_answers_files_is_imported_and_published(app, runner, tmp_path):
    # The importer works for the organisation, as a moderator checked.
    approve_claim(app, "advocate@example.org", organisation="ACLU of Washington")
    files = [
        {
            "jurisdiction": {"name": "King County", "state": "WA", "kind": "county"},
            "year": 2026,
            "answers": answers_for(app, "county"),
            "evidence": {"detainers_hold_refusal": {"citation": "Ord. 17886", "url": "https://kingcounty.gov/x"}},
        },
        {
            "jurisdiction": {"name": "seattle", "state": "wa", "kind": "city"},
            "year": 2026,
            "answers": answers_for(app, "city", worst),
        },
    ]
    path = tmp_path / "batch.json"
    path.write_text(json.dumps(files))
    result = run(runner, path, "--organisation", "ACLU of Washington", "--publish")
    assert result.exit_code == 0, result.output
    assert "Imported and published 2 independent assessment(s)" in result.output
    with app.app_context():
        rows = db.session.scalars(db.select(Assessment).order_by(Assessment.id)).all()
        assert [(a.kind, a.organisation, a.status) for a in rows] == [
            ("independent", "ACLU of Washington", "submitted")
        ] * 2
        assert all(a.published_at is not None for a in rows)
        assert db.session.get(AssessmentScore, rows[0].id).protection_score == 100
        assert db.session.get(AssessmentScore, rows[1].id).protection_score == 0
        cited = db.session.scalars(db.select(Answer).where(Answer.question_id == "detainers_hold_refusal")).one()
        assert cited.evidence_citation == "Ord. 17886"
        actions = {e.action for e in db.session.scalars(db.select(AuditEvent))}
        assert {"imported", "publish"} <= actions
    listing = app.test_client().get("/directory?assessed=yes").get_data(as_text=True)
    assert "Independent assessment by ACLU of Washington" in listing


def write_csv(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def csv_answer(value) -> str:
    return ";".join(value) if isinstance(value, list) else value


def test_a_csv_is_imported_with_organisations_per_row(app, runner, tmp_path):
    county_answers = answers_for(app, "county")
    question_ids = list(county_answers)
    header = ["name", "state", "kind", "year", "organisation", *question_ids, "detainers_hold_refusal.citation"]
    partial = dict(list(county_answers.items())[:3])
    write_csv(
        tmp_path / "batch.csv",
        header,
        [
            [
                "King County",
                "WA",
                "county",
                "2025",
                "Watchdog WA",
                *(csv_answer(county_answers[q]) for q in question_ids),
                "Ord. 1",
            ],
            ["Harris County", "TX", "county", "2025", "", *(csv_answer(partial.get(q, "")) for q in question_ids), ""],
        ],
    )
    result = run(runner, tmp_path / "batch.csv", "--organisation", "Default Org")
    assert result.exit_code == 0, result.output
    assert "1 submitted, 1 left as drafts" in result.output
    with app.app_context():
        rows = db.session.scalars(db.select(Assessment).order_by(Assessment.id)).all()
        assert [(a.organisation, a.status, a.published_at) for a in rows] == [
            ("Watchdog WA", "submitted", None),
            ("Default Org", "draft", None),
        ]


def test_one_bad_row_imports_nothing_and_every_problem_names_row_and_column(app, runner, tmp_path):
    county_answers = answers_for(app, "county")
    question_ids = list(county_answers)
    good = ["King County", "WA", "county", "2026", "Org", *(csv_answer(county_answers[q]) for q in question_ids)]
    bad_option = list(good)
    bad_option[0], bad_option[1] = "Harris County", "TX"
    bad_option[5] = "no_such_option"
    unknown_place = list(good)
    unknown_place[0] = "Atlantis County"
    bad_year = list(good)
    bad_year[3] = "20x6"
    future = list(good)
    future[3] = str(date.today().year + 1)
    write_csv(
        tmp_path / "bad.csv",
        ["name", "state", "kind", "year", "organisation", *question_ids],
        [good, bad_option, unknown_place, bad_year, future],
    )
    result = run(runner, tmp_path / "bad.csv", "--publish")
    assert result.exit_code == 2
    output = result.output
    assert f"row 3, column {question_ids[0]}: 'no_such_option' is not an option" in output
    assert "row 4, column name: no county called 'Atlantis County' in WA" in output
    assert "row 5, column year: '20x6' is not a year" in output
    assert f"row 6, column year: {date.today().year + 1} is in the future" in output
    assert "nothing was imported" in output
    assert "Traceback" not in output
    assert count(app, Assessment) == 0 and count(app, Answer) == 0 and count(app, AuditEvent) == 0


def test_bad_json_items_are_reported_by_item_and_key(app, runner, tmp_path):
    good = {
        "jurisdiction": {"name": "King County", "state": "WA", "kind": "county"},
        "year": 2026,
        "answers": answers_for(app, "county"),
    }
    bad = {
        "jurisdiction": {"name": "Seattle", "state": "WA", "kind": "city"},
        "year": 2026,
        "answers": {"detainers_hold_refusal": "maybe", "no_such_question": "x"},
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([good, bad]))
    result = run(runner, path, "--organisation", "Org")
    assert result.exit_code == 2
    assert "row 2, column answers.detainers_hold_refusal: 'maybe' is not an option" in result.output
    assert "row 2, column answers.no_such_question: unknown question id" in result.output
    assert count(app, Assessment) == 0


@pytest.mark.parametrize(
    "content, name, message",
    [
        ("not json", "x.json", "not valid JSON"),
        ('{"a": 1}', "x.json", "expected a JSON list"),
        ("name,state\n", "x.csv", "row 1, column kind: missing column"),
        ("name,state,kind,year,colour\n", "x.csv", "row 1, column colour: unknown column"),
        ("whatever", "x.txt", "expected a .json or .csv file"),
    ],
)
def test_malformed_files(app, runner, tmp_path, content, name, message):
    path = tmp_path / name
    path.write_text(content)
    result = run(runner, path, "--organisation", "Org")
    assert result.exit_code == 2 and message in result.output
    assert count(app, Assessment) == 0


def test_missing_file_unknown_user_and_missing_organisation(app, runner, tmp_path):
    assert run(runner, tmp_path / "nope.json", "--organisation", "Org").exit_code == 2
    path = tmp_path / "one.json"
    path.write_text(
        json.dumps(
            [{"jurisdiction": {"name": "King County", "state": "WA", "kind": "county"}, "year": 2026, "answers": {}}]
        )
    )
    result = runner.invoke(args=["import-assessments", str(path), "--user", "nobody@example.org"])
    assert result.exit_code == 2 and "no account" in result.output
    result = run(runner, path)
    assert (
        result.exit_code == 2 and "row 1, column organisation: empty, and no --organisation was given" in result.output
    )


def test_importing_the_same_assessment_twice_is_refused(app, runner, tmp_path):
    path = tmp_path / "one.json"
    path.write_text(
        json.dumps(
            [
                {
                    "jurisdiction": {"name": "King County", "state": "WA", "kind": "county"},
                    "year": 2026,
                    "answers": answers_for(app, "county"),
                }
            ]
        )
    )
    assert run(runner, path, "--organisation", "Org").exit_code == 0
    again = run(runner, path, "--organisation", "Org")
    assert again.exit_code == 2 and "already has an independent assessment" in again.output
    assert count(app, Assessment) == 1


def test_a_csv_not_applicable_takes_a_listed_condition_and_evidence_its_kind(app, runner, tmp_path):
    county_answers = answers_for(app, "county")
    question_ids = list(county_answers)
    na = next(q for q in question_ids if app.extensions["questionnaire"].question(q).not_applicable_when)
    condition = app.extensions["questionnaire"].question(na).not_applicable_when[0].id
    header = [
        "name",
        "state",
        "kind",
        "year",
        *question_ids,
        "detainers_hold_refusal.shows",
        "detainers_hold_refusal.durability",
    ]
    cells = [f"not_applicable: {condition}" if q == na else csv_answer(county_answers[q]) for q in question_ids]
    write_csv(tmp_path / "ok.csv", header, [["King County", "WA", "county", "2026", *cells, "records", "ordinance"]])
    assert run(runner, tmp_path / "ok.csv", "--organisation", "Watchdog").exit_code == 0
    with app.app_context():
        answers = {a.question_id: a for a in db.session.scalars(db.select(Answer))}
        assert answers[na].value == {"not_applicable": condition}
        held = answers["detainers_hold_refusal"]
        assert (held.evidence_shows, held.evidence_durability) == ("records", "ordinance")
    cells = [
        "not_applicable: we would rather not say" if q == na else csv_answer(county_answers[q]) for q in question_ids
    ]
    write_csv(tmp_path / "bad.csv", header, [["Harris County", "TX", "county", "2026", *cells, "rumour", ""]])
    result = run(runner, tmp_path / "bad.csv", "--organisation", "Watchdog")
    assert result.exit_code == 2
    assert (
        f"column {na}: marked not applicable, but 'we would rather not say' is not one of the conditions"
        in result.output
    )
    assert "column detainers_hold_refusal.shows: 'rumour' is not one of: rule, records, verified" in result.output


def test_an_import_by_someone_nobody_verified_is_published_unverified_and_left_out_of_lists(app, runner, tmp_path):
    """An approved claim for another organisation does not count; the
    publications are readable at their address, labelled unverified."""
    approve_claim(app, "advocate@example.org", organisation="Some Other Group")
    files = [
        {
            "jurisdiction": {"name": "King County", "state": "WA", "kind": "county"},
            "year": 2026,
            "answers": answers_for(app, "county"),
        }
    ]
    path = tmp_path / "batch.json"
    path.write_text(json.dumps(files))
    result = run(runner, path, "--organisation", "ACLU of Washington", "--publish")
    assert result.exit_code == 0, result.output
    with app.app_context():
        row = db.session.scalars(db.select(Assessment)).one()
        assert (row.verification, row.verified_claim_id) == ("unverified", None)
        assert row.published_by_id is not None
    client = app.test_client()
    assert "ACLU of Washington" not in client.get("/directory?assessed=yes").get_data(as_text=True)
    page = client.get(f"/assessments/{row.id}/scorecard").get_data(as_text=True)
    assert "no one has checked who published this" in page


def test_an_import_by_a_verified_member_is_verified_whatever_the_case_and_spaces(app, runner, tmp_path):
    claim_id = approve_claim(app, "advocate@example.org", organisation="  aclu OF washington ")
    files = [
        {
            "jurisdiction": {"name": "King County", "state": "WA", "kind": "county"},
            "year": 2026,
            "answers": answers_for(app, "county"),
        }
    ]
    path = tmp_path / "batch.json"
    path.write_text(json.dumps(files))
    assert run(runner, path, "--organisation", "ACLU of Washington", "--publish").exit_code == 0
    with app.app_context():
        row = db.session.scalars(db.select(Assessment)).one()
        assert (row.verification, row.verified_claim_id) == ("verified_organisation", claim_id)
