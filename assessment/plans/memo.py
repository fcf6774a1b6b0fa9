"""The plan as documents for a council: a PDF memo (WeasyPrint, through
assessment/pdf/render.py html_to_pdf and its StaticOnlyFetcher: nothing is fetched)
and the same memo as a Word document people can edit (word.py).

Both are made from one PlanView (reading.py): the scores on one line, who
signed off which section, then the open items grouped by who decides, each
with its model laws and, where the content has one, a draft resolution.
Both say, at the top and at the end, that they are not legal advice.
"""

from __future__ import annotations

from datetime import date

from flask import render_template

from assessment.i18n import _, in_language
from assessment.pdf.render import html_to_pdf
from assessment.plans.reading import PlanView
from assessment.scorecards.wording import slug

MEMO_STYLES = ("css/pdf.css", "css/plan-memo.css")


def disclaimer() -> str:
    return _(
        "This memo is a planning aid made with the Immigrant Inclusion Scorecard. It is not legal advice: "
        "have your attorney check every step and every draft resolution before anyone acts on it."
    )


def memo_subject(view: PlanView) -> str:
    return _(
        "Action plan on immigrant protections: %(place)s, %(year)s",
        place=view.assessment.jurisdiction.display_name,
        year=view.assessment.year,
    )


def memo_file_name(view: PlanView, extension: str) -> str:
    place = view.assessment.jurisdiction
    return f"plan-{slug(place.name)}-{place.state.lower()}-{view.assessment.year}.{extension}"


def memo_html(view: PlanView, language: str, today: date) -> str:
    with in_language(language):
        return render_template(
            "plans/memo_pdf.html",
            view=view,
            language=language,
            today=today,
            subject=memo_subject(view),
            disclaimer=disclaimer(),
        )


def memo_pdf(view: PlanView, language: str, today: date) -> bytes:
    html = memo_html(view, language, today)
    with in_language(language):
        return html_to_pdf(html, MEMO_STYLES)
