"""Helpers for tests that fill in the questionnaire through the web pages."""

from __future__ import annotations

from assessment.extensions import db
from assessment.models import Assessment


def questionnaire_of(app):
    return app.extensions["questionnaire"]


def applicable(app, kind: str, state: str = "WA", year: int = 2026):
    """The levers and questions a jurisdiction of this type is asked (the test places are in Washington)."""
    scopes = questionnaire_of(app).scopes_for(kind, state, year)
    result = []
    for lever in questionnaire_of(app).levers:
        questions = [q for q in lever.questions if q.applies_in(scopes)]
        if questions:
            result.append((lever, questions))
    return result


def best_form_value(question):
    if question.kind == "multi":
        return [o.id for o in question.options if not o.exclusive and o.points > 0]
    return max(question.options, key=lambda o: o.points).id


def lever_form(questions, choose=best_form_value, evidence=None) -> list[tuple[str, str]]:
    data = []
    for question in questions:
        value = choose(question)
        values = value if isinstance(value, list) else [value]
        data.extend((question.id, v) for v in values if v is not None)
        given = dict((evidence or {}).get(question.id, {}))
        if "not_applicable" in values:
            # "Does not apply" takes one of the question's listed conditions, never typed text.
            given["reason"] = question.not_applicable_when[0].id
        for key, text in given.items():
            data.append((f"{question.id}__{key}", text))
    return data


def start(browser, jurisdiction_id: int, year: int = 2026, kind: str = "self", organisation: str = "") -> int:
    response = browser.post(
        f"/assessments/start/{jurisdiction_id}",
        {"year": str(year), "kind": kind, "organisation": organisation},
        page=f"/jurisdictions/{jurisdiction_id}",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def saved_answers(app, assessment_id: int) -> dict:
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        return {a.question_id: a.value for a in assessment.answers}


def save(browser, assessment_id: int, lever_id: str, data, **kwargs):
    """POST a lever's form; in a list of pairs, a list value (a multi-choice answer)
    becomes one pair per option, as a browser sends ticked boxes."""
    url = f"/assessments/{assessment_id}/levers/{lever_id}"
    if isinstance(data, list):
        data = [
            (name, item) for name, value in data for item in (value if isinstance(value, (list, tuple)) else [value])
        ]
    return browser.post(url, data=data, **kwargs)


def invite_link(browser, assessment_id: int, email: str, role: str = "editor") -> str:
    """An owner invites `email`; returns the link's path, as the page shows it once."""
    response = browser.post(
        f"/assessments/{assessment_id}/invitations",
        {"email": email, "role": role},
        page=f"/assessments/{assessment_id}/editors",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:1000]
    return html.split('id="invite-link" type="text" readonly value="')[1].split('"')[0].split("localhost", 1)[1]
