"""The agreements watch (issue 19, point 4): records of 287(g) agreements and
jail contracts, their access rules, bad input, the public list of the next 90
days, the daily reminder through a real SMTP server with a frozen clock, and
the records beside the 287(g) and jail-contract answers."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine

from assessment.extensions import db
from assessment.models import Agreement, AgreementReminder, Assessment, AuditEvent, Editor, User
from tests.conftest import Browser, another_app
from tests.web.mail_helpers import free_port
from tests.web.public_helpers import make_assessment
from tests.web.survey_helpers import save, start

# The tests' calendar: every date below is measured from this day.
TODAY = date(2026, 3, 2)
TASK_FORCE = {
    "kind": "287g_task_force",
    "counterparty": "U.S. Immigration and Customs Enforcement",
    "signed_on": "2025-02-20",
    "renews_on": "2026-06-30",
    "renewal": "renews",
    "notice_days": "60",
    "approved_by": "Commissioners court",
    "vote_on": "2025-02-11",
    "document_url": "https://www.example.gov/287g-moa.pdf",
    "notes": "Team only: ask the sheriff's counsel.",
}
# 2026-06-30 minus 60 days.
TASK_FORCE_NOTICE = date(2026, 5, 1)


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2026, 3, 2, 14, 0), tick=False) as traveller:
        yield traveller


def _record(browser, assessment_id, data=None, expect=302):
    response = browser.post(f"/assessments/{assessment_id}/agreements/new", dict(data or TASK_FORCE))
    assert response.status_code == expect, response.get_data(as_text=True)[:3000]
    return response


def _agreements(app):
    with app.app_context():
        rows = db.session.scalars(db.select(Agreement).order_by(Agreement.id)).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def _join(app, assessment_id, email, role, make_user) -> Browser:
    make_user(email)
    with app.app_context():
        user = db.session.scalars(db.select(User).where(User.email == email)).one()
        series = db.session.get(Assessment, assessment_id).series_id
        db.session.add(Editor(assessment_id=series, user_id=user.id, role=role))
        db.session.commit()
    browser = Browser(app.test_client())
    browser.login(email)
    return browser


def test_an_owner_records_an_agreement_and_sees_its_notice_date(frozen, app, official, places):
    assessment_id = start(official, places["county"])
    _record(official, assessment_id)
    (agreement,) = _agreements(app)
    assert (agreement.signed_on, agreement.renews_on, agreement.notice_days) == (
        date(2025, 2, 20),
        date(2026, 6, 30),
        60,
    )
    assert agreement.notice_by == TASK_FORCE_NOTICE
    page = official.get(f"/assessments/{assessment_id}/agreements").get_data(as_text=True)
    assert "1 May 2026" in page and "in 60 days" in page and "30 June 2026" in page
    assert "https://www.example.gov/287g-moa.pdf" in page and "ask the sheriff" in page
    overview = official.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert "1 May 2026" in overview and "notice date of the 287(g) agreement: Task Force" in overview
    with app.app_context():
        actions = [
            e.action
            for e in db.session.scalars(
                db.select(AuditEvent).where(AuditEvent.assessment_id == assessment_id).order_by(AuditEvent.id)
            )
        ]
    assert actions[-1] == "agreement_added"


def test_an_owner_changes_and_removes_a_record_and_the_history_keeps_both(frozen, app, official, places):
    assessment_id = start(official, places["county"])
    _record(official, assessment_id)
    (agreement,) = _agreements(app)
    url = f"/assessments/{assessment_id}/agreements/{agreement.id}"
    assert 'value="2026-06-30"' in official.get(url).get_data(as_text=True)
    changed = official.post(url, {**TASK_FORCE, "ended_on": "2026-02-27"})
    assert changed.status_code == 302
    assert _agreements(app)[0].ended_on == date(2026, 2, 27)
    page = official.get(f"/assessments/{assessment_id}/agreements").get_data(as_text=True)
    assert "No notice date to come" in page and "Ended" in page
    assert official.post(f"{url}/remove", {}, page=url).status_code == 302
    assert _agreements(app) == []
    with app.app_context():
        actions = [
            e.action
            for e in db.session.scalars(
                db.select(AuditEvent).where(AuditEvent.assessment_id == assessment_id).order_by(AuditEvent.id)
            )
        ]
    assert actions[-3:] == ["agreement_added", "agreement_changed", "agreement_removed"]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"document_url": "javascript:alert(1)"}, "starts with http:// or https://"),
        ({"document_url": "https://exa mple.gov/x"}, "starts with http:// or https://"),
        ({"renews_on": "2025-01-01"}, "The end or renewal date must come after the signing date."),
        ({"ended_on": "2024-12-31"}, "The date it ended cannot come before the signing date."),
        ({"notice_days": "900"}, "The notice period is longer than the time from signing"),
        ({"notice_days": "sixty"}, "Give the notice period in days, from 0 to 3650."),
        ({"signed_on": "31/31/2025"}, "Give a date like 2025-03-14"),
        ({"vote_on": "3025-01-01"}, "Give a date like 2025-03-14"),
        ({"kind": "bogus"}, "Choose what kind of agreement it is."),
        ({"counterparty": "  "}, "Say who the agreement is with"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(frozen, app, official, places, changes, message):
    assessment_id = start(official, places["county"])
    response = _record(official, assessment_id, {**TASK_FORCE, **changes}, expect=422)
    html = response.get_data(as_text=True)
    assert message in html
    assert 'class="error-summary"' in html
    # Everything typed is still on the page, the bad value included.
    for name in ("approved_by", "notes"):
        assert TASK_FORCE[name].replace("'", "&#39;") in html
    for value in changes.values():
        if value.strip() and value != "bogus":
            assert value.replace("&", "&amp;") in html
    assert _agreements(app) == []


def test_the_us_date_form_is_understood(frozen, app, official, places):
    assessment_id = start(official, places["county"])
    _record(official, assessment_id, {**TASK_FORCE, "signed_on": "02/20/2025", "renews_on": "6/30/2026"})
    assert _agreements(app)[0].renews_on == date(2026, 6, 30)


def test_viewers_read_the_records_but_cannot_change_them_and_outsiders_get_404(
    frozen, app, official, places, make_user
):
    assessment_id = start(official, places["county"])
    _record(official, assessment_id)
    (agreement,) = _agreements(app)
    viewer = _join(app, assessment_id, "viewer@king.example.gov", "viewer", make_user)
    editor = _join(app, assessment_id, "editor@king.example.gov", "editor", make_user)
    outsider = Browser(app.test_client())
    make_user("stranger@example.org")
    outsider.login("stranger@example.org")
    index = f"/assessments/{assessment_id}/agreements"
    edit = f"{index}/{agreement.id}"
    page = viewer.get(index)
    assert page.status_code == 200 and "Change this record" not in page.get_data(as_text=True)
    token = viewer.token(index)
    for url, body in (
        (f"{index}/new", TASK_FORCE),
        (edit, {**TASK_FORCE, "counterparty": "Viewer was here"}),
        (f"{edit}/remove", {}),
    ):
        assert viewer.client.post(url, data={**body, "csrf_token": token}).status_code == 404, url
    assert viewer.get(f"{index}/new").status_code == 404 and viewer.get(edit).status_code == 404
    stranger_token = outsider.token("/")
    for url in (index, f"{index}/new", edit):
        assert outsider.get(url).status_code == 404, url
    assert outsider.client.post(f"{edit}/remove", data={"csrf_token": stranger_token}).status_code == 404
    assert [a.counterparty for a in _agreements(app)] == [TASK_FORCE["counterparty"]]
    # An editor may change it.
    assert editor.post(edit, {**TASK_FORCE, "counterparty": "ICE Seattle field office"}).status_code == 302
    assert _agreements(app)[0].counterparty == "ICE Seattle field office"
    # Another team's assessment cannot reach this record by its id.
    other = start(outsider, places["county"])
    assert outsider.get(f"/assessments/{other}/agreements/{agreement.id}").status_code == 404
    assert (
        outsider.client.post(
            f"/assessments/{other}/agreements/{agreement.id}/remove",
            data={"csrf_token": outsider.token(f"/assessments/{other}")},
        ).status_code
        == 404
    )
    assert len(_agreements(app)) == 1


def _add(app, assessment_id, **fields) -> int:
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        row = Agreement(
            series_id=assessment.series_id,
            jurisdiction_id=assessment.jurisdiction_id,
            **{"kind": "igsa", "counterparty": "ICE", "renewal": "renews", **fields},
        )
        db.session.add(row)
        db.session.commit()
        return row.id


def test_the_public_list_shows_published_places_agreements_in_the_next_90_days_only(frozen, app, places, client):
    published = make_assessment(app, places["county"], email="clerk@king.example.gov")
    unverified = make_assessment(app, places["texas_county"], email="someone@example.org", verified=False)
    draft = make_assessment(app, places["city"], email="clerk@seattle.example.gov", published=False)
    # Notice dates: 2026-05-01 (in 60 days), 2026-05-31 (the 90th day), 2026-06-01 (the 91st), 2026-03-01 (past).
    _add(
        app,
        published,
        kind="287g_jail_enforcement",
        counterparty="ICE ERO",
        renews_on=date(2026, 6, 30),
        notice_days=60,
        document_url="https://www.example.gov/jail-moa.pdf",
        notes="SECRET TEAM NOTE",
    )
    _add(app, published, kind="igsa", counterparty="ICE IGSA", renews_on=date(2026, 5, 31))
    _add(app, published, kind="usms_iga_ice", counterparty="Marshals too late", renews_on=date(2026, 6, 1))
    _add(app, published, kind="igsa", counterparty="Already passed", renews_on=date(2026, 3, 31), notice_days=30)
    _add(app, published, kind="igsa", counterparty="Ended one", renews_on=date(2026, 4, 30), ended_on=date(2026, 1, 15))
    _add(app, unverified, kind="287g_task_force", counterparty="Unverified place", renews_on=date(2026, 4, 1))
    _add(app, draft, kind="287g_task_force", counterparty="Draft place", renews_on=date(2026, 4, 1))
    page = client.get("/agreements/upcoming")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "ICE ERO" in html and "ICE IGSA" in html and "https://www.example.gov/jail-moa.pdf" in html
    assert "King County, WA" in html and "1 May 2026" in html
    for absent in (
        "Marshals too late",
        "Already passed",
        "Ended one",
        "Unverified place",
        "Draft place",
        "SECRET TEAM NOTE",
    ):
        assert absent not in html, absent
    assert html.index("ICE ERO") < html.index("ICE IGSA")  # soonest first
    # Linked from every page's footer.
    assert 'href="/agreements/upcoming"' in client.get("/").get_data(as_text=True)


def _send(app):
    return app.test_cli_runner().invoke(args=["agreements", "send-reminders"])


def test_the_reminder_goes_to_the_owners_30_days_before_the_notice_date_once(app, places, make_user, mailbox):
    published = make_assessment(app, places["county"], email="clerk@king.example.gov")
    make_user("helper@king.example.gov")
    with app.app_context():
        helper = db.session.scalars(db.select(User).where(User.email == "helper@king.example.gov")).one()
        db.session.add(Editor(assessment_id=published, user_id=helper.id, role="editor"))
        db.session.commit()
    agreement_id = _add(
        app,
        published,
        kind="287g_task_force",
        counterparty="ICE",
        renews_on=date(2026, 6, 30),
        notice_days=60,
        document_url="https://www.example.gov/moa.pdf",
    )
    # The notice date is 2026-05-01: the reminder is due on 2026-04-01, not on 2026-03-31.
    with time_machine.travel(datetime(2026, 3, 31, 6, 0), tick=False):
        result = _send(app)
    assert result.exit_code == 0, result.output
    assert mailbox.messages == [] and "0 reminder(s) sent" in result.output
    with time_machine.travel(datetime(2026, 4, 1, 6, 0), tick=False):
        result = _send(app)
        assert result.exit_code == 0, result.output
        assert "1 reminder(s) sent" in result.output
        again = _send(app)
    assert "0 reminder(s) sent" in again.output
    assert len(mailbox.messages) == 1
    mail = mailbox.last_to("clerk@king.example.gov")
    assert mail.to == ["clerk@king.example.gov"]  # owners only, not the editor
    assert "Notice date in 30 days" in mail.subject
    assert "1 May 2026" in mail.body and "30 June 2026" in mail.body
    assert "1 de mayo de 2026" in mail.body  # and in Spanish
    assert set(mail.links) == {f"http://localhost/assessments/{published}/agreements"}  # in both languages
    with time_machine.travel(datetime(2026, 4, 2, 6, 0), tick=False):
        assert "0 reminder(s) sent" in _send(app).output
    assert len(mailbox.messages) == 1
    with app.app_context():
        (reminder,) = db.session.scalars(db.select(AgreementReminder)).all()
        assert (reminder.agreement_id, reminder.notice_by, reminder.recipients) == (
            agreement_id,
            date(2026, 5, 1),
            ["clerk@king.example.gov"],
        )
        # A renewal date moved a year on is a new notice date: it gets its own reminder.
        db.session.get(Agreement, agreement_id).renews_on = date(2027, 6, 30)
        db.session.commit()
    with time_machine.travel(datetime(2027, 4, 1, 6, 0), tick=False):
        assert "1 reminder(s) sent" in _send(app).output
    assert len(mailbox.messages) == 2


def test_a_reminder_that_could_not_be_sent_is_tried_again_the_next_day(app, places, mailbox):
    published = make_assessment(app, places["county"], email="clerk@king.example.gov")
    _add(app, published, renews_on=date(2026, 5, 31))
    # The same database, with a mail server that is down (nothing listens on its port).
    down = another_app(app, MAIL_PORT=free_port(), MAIL_TIMEOUT=2)
    try:
        with time_machine.travel(datetime(2026, 5, 1, 6, 0), tick=False):
            result = _send(down)
        assert result.exit_code == 1 and "could not be sent" in result.output
    finally:
        with down.app_context():
            db.session.remove()
    with app.app_context():
        assert db.session.scalars(db.select(AgreementReminder)).all() == []
    with time_machine.travel(datetime(2026, 5, 2, 6, 0), tick=False):
        assert "1 reminder(s) sent" in _send(app).output
    assert len(mailbox.to("clerk@king.example.gov")) == 1


def _lever_of(app, question_id):
    return app.extensions["questionnaire"].question(question_id).lever_id


def test_the_lever_page_shows_the_records_beside_the_answer_and_flags_a_contradiction(frozen, app, official, places):
    assessment_id = start(official, places["county"])
    lever_id = _lever_of(app, "agreements_287g_held")
    url = f"/assessments/{assessment_id}/levers/{lever_id}"
    before = official.get(url).get_data(as_text=True)
    assert "Record an agreement" in before  # offered beside the 287(g) and jail-contract questions
    _record(official, assessment_id)
    save(official, assessment_id, lever_id, [("agreements_287g_held", "none")])
    html = official.get(url).get_data(as_text=True)
    assert "Agreements your team recorded" in html and "https://www.example.gov/287g-moa.pdf" in html
    assert "This answer says no local agency holds a 287(g) agreement, but your team recorded one" in html
    # The answer is left as the editor gave it: the contradiction is flagged, not fixed.
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).answers_by_question()["agreements_287g_held"].value == "none"
    assert "This answer says no local agency" in official.get(f"/assessments/{assessment_id}/agreements").get_data(
        as_text=True
    )
    save(official, assessment_id, lever_id, [("agreements_287g_held", "task_force")])
    assert "This answer says no local agency" not in official.get(url).get_data(as_text=True)
    # The form links back to the question.
    form = official.get(f"/assessments/{assessment_id}/agreements/new").get_data(as_text=True)
    assert f"/levers/{lever_id}#question-agreements_287g_held" in form
    assert "#question-detention_contracts" in form


def test_an_ended_agreement_raises_no_contradiction(frozen, app, official, places):
    assessment_id = start(official, places["county"])
    lever_id = _lever_of(app, "detention_contracts")
    _record(official, assessment_id, {**TASK_FORCE, "kind": "igsa", "ended_on": "2026-01-31"})
    save(official, assessment_id, lever_id, [("detention_contracts", "none_not_barred")])
    html = official.get(f"/assessments/{assessment_id}/levers/{lever_id}").get_data(as_text=True)
    assert "Agreements your team recorded" in html and "no jail contract is in force" not in html
    _record(official, assessment_id, {**TASK_FORCE, "kind": "usms_iga_ice"})
    html = official.get(f"/assessments/{assessment_id}/levers/{lever_id}").get_data(as_text=True)
    assert "This answer says no jail contract is in force" in html
