"""`flask moderation ...`: the same actions as the pages, through the same services."""

from __future__ import annotations

import pytest

from assessment.extensions import db
from assessment.models import Assessment, Claim, Jurisdiction, ModerationEvent, User
from tests.web.public_helpers import make_assessment
from tests.web.trust_helpers import MODERATOR, add_claim, add_pending_place, confirmed


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=["moderation", *args])


@pytest.fixture
def people(app, make_user):
    make_user(MODERATOR, is_moderator=True)
    make_user("clerk@kingcounty.gov", **confirmed())


def _events(app):
    with app.app_context():
        return [
            (e.action, e.moderator.email if e.moderator else None)
            for e in db.session.scalars(db.select(ModerationEvent).order_by(ModerationEvent.id))
        ]


def test_queue_and_claim_decisions_name_the_moderator_or_no_one(app, run, people, places):
    first = add_claim(app, "clerk@kingcounty.gov", places["county"])
    second = add_claim(app, "clerk@kingcounty.gov", organisation="Friends of King County")
    result = run("queue")
    assert result.exit_code == 0 and "2 claim(s) waiting." in result.output
    assert "clerk@kingcounty.gov (domain kingcounty.gov)" in result.output and "Call the clerk" in result.output

    result = run("approve-claim", str(first), "--as", MODERATOR)
    assert result.exit_code == 0 and f"Claim {first} approved" in result.output
    result = run("refuse-claim", str(second), "--note", "Not a member.")
    assert result.exit_code == 0 and f"Claim {second} refused." in result.output
    with app.app_context():
        assert db.session.get(Claim, first).status == "approved" and db.session.get(Claim, second).status == "refused"
    assert _events(app) == [("claim_approved", MODERATOR), ("claim_refused", None)]
    history = run("history")
    assert history.exit_code == 0 and "claim_refused" in history.output and "(command line)" in history.output


def test_bad_ids_and_non_moderators_exit_non_zero_with_a_clear_message(app, run, people, places):
    claim = add_claim(app, "clerk@kingcounty.gov", places["county"])
    for args, message in [
        (("approve-claim", "999"), "There is no claim number 999."),
        (("withdraw", "999", "--reason", "x"), "There is no assessment number 999."),
        (("merge-place", "999", str(places["city"])), "There is no place number 999."),
        (("suspend", "nobody@example.org"), "No account has the address nobody@example.org."),
        (("approve-claim", str(claim), "--as", "clerk@kingcounty.gov"), "is not a moderator"),
        (("approve-place", str(places["city"])), "Only a place waiting for approval"),
    ]:
        result = run(*args)
        assert result.exit_code != 0 and message in result.output, (args, result.output)
    assert _events(app) == []


def test_withdraw_reports_accounts_and_places_from_the_command_line(app, run, people, places):
    published = make_assessment(app, places["county"], email="owner@kingcounty.gov")
    assert run("withdraw", str(published), "--reason", "Fake", "--as", MODERATOR).exit_code == 0
    with app.app_context():
        assert db.session.get(Assessment, published).withdrawn_as == "moderator"
    for command in ("suspend", "restore", "grant", "revoke", "reset-account"):
        result = run(command, "clerk@kingcounty.gov", "--as", MODERATOR)
        assert result.exit_code == 0 and "clerk@kingcounty.gov" in result.output, (command, result.output)
    with app.app_context():
        clerk = db.session.scalars(db.select(User).where(User.email == "clerk@kingcounty.gov")).one()
        assert clerk.suspended_at is None and not clerk.is_moderator and clerk.session_epoch >= 2

    waiting = add_pending_place(app, "Seatle")
    spam = add_pending_place(app, "Spam Town")
    listed_later = add_pending_place(app, "Newtown")
    result = run("places")
    assert "3 place(s) waiting." in result.output and f"Seattle, WA (#{places['city']})" in result.output
    assert run("merge-place", str(waiting), str(places["city"])).exit_code == 0
    assert run("refuse-place", str(spam), "--reason", "Spam").exit_code == 0
    assert run("approve-place", str(listed_later)).exit_code == 0
    assert run("remove-place", str(spam), "--reason", "Spam").exit_code == 0
    with app.app_context():
        assert db.session.get(Jurisdiction, waiting).status == "merged"
        assert db.session.get(Jurisdiction, listed_later).status == "listed"
        assert db.session.get(Jurisdiction, spam) is None
    assert [action for action, _who in _events(app)] == [
        "withdrawn",
        "account_suspended",
        "account_restored",
        "moderator_granted",
        "moderator_revoked",
        "account_reset",
        "place_merged",
        "place_refused",
        "place_approved",
        "place_removed",
    ]


def test_reports_are_listed_and_decided_from_the_command_line(app, run, people, places):
    from assessment.models import Report

    published = make_assessment(app, places["county"], email="owner@kingcounty.gov")
    with app.app_context():
        first, second = (Report(assessment_id=published, reason="other", details=f"report {n}") for n in (1, 2))
        db.session.add_all([first, second])
        db.session.commit()
        first_id, second_id = first.id, second.id
    listed = run("reports")
    assert "2 open report(s)." in listed.output and "report 1" in listed.output
    assert run("dismiss-report", str(first_id), "--note", "Fine.", "--as", MODERATOR).exit_code == 0
    upheld = run("uphold-report", str(second_id), "--note", "Right.")
    assert upheld.exit_code == 0 and f"flask moderation withdraw {published}" in upheld.output
    again = run("dismiss-report", str(first_id), "--note", "Twice.")
    assert again.exit_code != 0 and "already decided" in again.output
    assert _events(app) == [("report_dismissed", MODERATOR), ("report_upheld", None)]
