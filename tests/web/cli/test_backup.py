"""`flask export-data FILE` / `flask import-data FILE` (assessment/cli/backup.py):
a round trip restores every row and gives identical scorecards."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from assessment.extensions import db
from assessment.models import Assessment, Claim, PdfJobFailure
from assessment.scorecards import service as scorecard_service
from tests.conftest import TEST_PASSWORD, Browser
from tests.web.public_helpers import approve_claim
from tests.web.survey_helpers import applicable, lever_form, save, start

ROOT = Path(__file__).resolve().parents[3]
STUB_PDF = b"%PDF-1.4\n\x00\x01\xff binary bytes survive\n%%EOF\n"


def empty_every_table(app) -> None:
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


def all_rows(app) -> dict:
    """Like route_walk.snapshot, but the cache tables too."""
    with app.app_context():
        db.session.remove()
        with db.engine.connect() as connection:
            return {
                table.name: [
                    tuple(row)
                    for row in connection.execute(
                        db.select(table).order_by(*(list(table.primary_key.columns) or list(table.columns)))
                    )
                ]
                for table in db.metadata.sorted_tables
            }


def scorecards(app) -> dict[int, dict]:
    with app.app_context():
        return {
            a.id: scorecard_service.scorecard_for(a).to_dict()
            for a in db.session.scalars(db.select(Assessment).order_by(Assessment.id))
        }


@pytest.fixture
def populated(app, make_user, places, monkeypatch):
    """Data in every table, made the way users make it."""
    monkeypatch.setattr(scorecard_service, "render_scorecard_pdf", lambda scorecard, context, **extras: STUB_PDF)
    make_user("admin@example.org", is_moderator=True)
    make_user("editor@king.example.gov")
    make_user("colleague@king.example.gov")
    # A moderator checked that the editor is an official of King County: their publication is verified.
    approve_claim(app, "editor@king.example.gov", jurisdiction_id=places["county"])
    editor = Browser(app.test_client())
    editor.login("editor@king.example.gov")
    added = editor.post("/jurisdictions/new", {"name": "Village of Snoqualmie Pass", "state": "WA", "kind": "village"})
    assert added.status_code == 302
    village_id = int(added.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    county = start(editor, places["county"])
    evidence = {}
    for number, (lever, questions) in enumerate(applicable(app, "county")):
        evidence = {
            questions[0].id: {
                "url": f"https://king.example.gov/doc/{number}",
                "citation": f"Ord. {number}",
                "note": 'Ünïcode, <b>markup</b> & "quotes" kept as typed',
            }
        }
        assert save(editor, county, lever.id, lever_form(questions, evidence=evidence)).status_code == 302
    assert editor.post(f"/assessments/{county}/submit", {}, page=f"/assessments/{county}/review").status_code == 302
    if "publishing.publish" in app.view_functions:
        assert (
            editor.post(
                f"/assessments/{county}/publish", {"checked": "y"}, page=f"/assessments/{county}/publish"
            ).status_code
            == 302
        )
    village = start(editor, village_id)
    lever, questions = applicable(app, "village")[0]
    assert save(editor, village, lever.id, lever_form(questions)).status_code == 302
    invite_page = editor.post(
        f"/assessments/{village}/invitations",
        {"email": "colleague@king.example.gov", "role": "editor"},
        page=f"/assessments/{village}/editors",
    )
    link = invite_page.get_data(as_text=True).split('readonly value="')[1].split('"')[0]
    colleague = Browser(app.test_client())
    colleague.login("colleague@king.example.gov")
    assert colleague.post(link.split("localhost", 1)[1], {}).status_code == 302
    editor.post(
        f"/assessments/{village}/invitations",
        {"email": "later@king.example.gov", "role": "viewer"},
        page=f"/assessments/{village}/editors",
    )  # left unused
    assert editor.get(f"/assessments/{county}/scorecard.pdf").status_code == 200  # a cached PDF row
    # A comparison PDF (rendered and kept), and the error a render job left (written by the job worker).
    assert editor.get(f"/compare.pdf?j={places['county']},{places['city']}").status_code == 200
    with app.app_context():
        db.session.add(
            PdfJobFailure(
                job_id=7,
                task_name="render_scorecard_pdf",
                attempt=2,
                error="RuntimeError: Ünïcode <b>error</b>",
                failed_at=datetime(2026, 3, 4, 5, 6),
            )
        )
        db.session.commit()
    # Who says so (issue 15): a claim, approved by a moderator (the record), and a reader's report.
    make_user("clerk@king.example.gov", email_confirmed_at=datetime(2026, 1, 5))
    clerk = Browser(app.test_client())
    clerk.login("clerk@king.example.gov")
    assert (
        clerk.post(
            f"/claims/new?place={places['county']}", {"title": "Clerk", "how_to_check": "Call 206-555-0100"}
        ).status_code
        == 302
    )
    moderator = Browser(app.test_client())
    moderator.login("admin@example.org")
    with app.app_context():
        claim_id = db.session.scalar(db.select(db.func.max(Claim.id)))
    assert moderator.post(f"/moderation/claims/{claim_id}/approve", {}, page="/moderation").status_code == 302
    if "publishing.publish" in app.view_functions:
        assert (
            Browser(app.test_client())
            .post(f"/assessments/{county}/report", {"reason": "other", "details": "Ünïcode <b>report</b>"})
            .status_code
            == 302
        )
    # The action plan (issue 19): a plan with its items, one edited, and a section signed off.
    assert editor.post(f"/assessments/{village}/plan", {}, page=f"/assessments/{village}/plan").status_code == 302
    assert (
        editor.post(
            f"/assessments/{village}/sign-offs",
            [
                ("levers", lever.id),
                ("reviewer_name", "Ünïcode Name"),
                ("reviewer_title", "Counsel"),
                ("reviewed_on", "2026-01-05"),
            ],
            page=f"/assessments/{village}/sign-offs",
        ).status_code
        == 302
    )
    # The agreements watch (issue 19): a record, and the reminder the daily command mailed for it.
    renews = date.today() + timedelta(days=20)
    assert (
        editor.post(
            f"/assessments/{county}/agreements/new",
            {
                "kind": "igsa",
                "counterparty": "ICE",
                "renews_on": renews.isoformat(),
                "renewal": "renews",
                "notice_days": "10",
                "notes": "Ünïcode <b>note</b>",
            },
        ).status_code
        == 302
    )
    assert "1 reminder(s) sent" in app.test_cli_runner().invoke(args=["agreements", "send-reminders"]).output
    rows = all_rows(app)
    empty = [name for name, table_rows in rows.items() if not table_rows]
    assert not empty, f"the fixture should put rows in every table; empty: {empty}"
    return rows


def cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_a_round_trip_restores_every_row_and_identical_scorecards(app, populated, tmp_path):
    before_cards = scorecards(app)
    export = tmp_path / "backup.json"
    result = cli(app, "export-data", str(export))
    assert result.exit_code == 0, result.output
    data = json.loads(export.read_text())
    assert set(data["tables"]) == {table.name for table in db.metadata.sorted_tables}

    empty_every_table(app)
    result = cli(app, "import-data", str(export))
    assert result.exit_code == 0, result.output
    assert "Imported" in result.output
    assert all_rows(app) == populated
    assert scorecards(app) == before_cards

    # The restored accounts sign in with their old passwords, and new rows get
    # fresh ids (PostgreSQL sequences were moved past the imported ids).
    editor = Browser(app.test_client())
    editor.login("editor@king.example.gov", TEST_PASSWORD)
    newcomer = Browser(app.test_client())
    assert (
        newcomer.post(
            "/register",
            {"email": "after@example.org", "password": "lilac harbor piano 64", "confirm": "lilac harbor piano 64"},
        ).status_code
        == 200
    )
    assert (
        editor.post("/jurisdictions/new", {"name": "Town of Skykomish", "state": "WA", "kind": "town"}).status_code
        == 302
    )


def test_import_refuses_a_database_that_is_not_empty(app, populated, tmp_path):
    export = tmp_path / "backup.json"
    assert cli(app, "export-data", str(export)).exit_code == 0
    result = cli(app, "import-data", str(export))
    assert result.exit_code == 2
    assert "not empty" in result.output and "nothing was imported" in result.output
    assert "Traceback" not in result.output
    assert all_rows(app) == populated


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["tables"].update({"mystery": {"columns": ["id"], "rows": [[1]]}}), "'mystery' is not part of"),
        (lambda d: d["tables"]["user"]["columns"].append("shoe_size"), "unknown column 'shoe_size'"),
        (lambda d: d.update({"format": "something else"}), "not an export of this application"),
        (lambda d: d["tables"]["user"]["rows"].append([1, 2]), "do not have"),
        (
            lambda d: d["tables"]["user"]["rows"][0].__setitem__(
                d["tables"]["user"]["columns"].index("created_at"), "not a date"
            ),
            "could not be read",
        ),
    ],
)
def test_import_refuses_a_file_it_does_not_fully_understand(app, populated, tmp_path, change, message):
    export = tmp_path / "backup.json"
    assert cli(app, "export-data", str(export)).exit_code == 0
    data = json.loads(export.read_text())
    change(data)
    export.write_text(json.dumps(data))
    empty_every_table(app)
    result = cli(app, "import-data", str(export))
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not any(all_rows(app).values()), "a refused import must leave the database empty"


def test_unreadable_files_get_one_clear_line(app, tmp_path):
    missing = cli(app, "import-data", str(tmp_path / "nope.json"))
    assert missing.exit_code == 2 and "cannot read" in missing.output
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json")
    malformed = cli(app, "import-data", str(garbage))
    assert malformed.exit_code == 2 and "not a JSON export" in malformed.output
    for result in (missing, malformed):
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


@pytest.mark.slow
def test_the_real_commands_round_trip_through_files(app, populated, tmp_path):
    """`flask --app wsgi export-data` / `import-data` as an operator runs them."""
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "b" * 40,
        "RATELIMIT_ENABLED": "0",
    }
    export = tmp_path / "via-shell.json"

    def flask(*args):
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    export.write_text("an older export, readable by all")
    export.chmod(0o644)
    exported = flask("export-data", str(export))
    assert exported.returncode == 0, exported.stderr
    assert export.stat().st_mode & 0o777 == 0o600  # RT-21: password hashes, owner only
    refused = flask("import-data", str(export))
    assert refused.returncode == 2 and "not empty" in refused.stderr and "Traceback" not in refused.stderr
    empty_every_table(app)
    imported = flask("import-data", str(export))
    assert imported.returncode == 0, imported.stderr
    assert all_rows(app) == populated
