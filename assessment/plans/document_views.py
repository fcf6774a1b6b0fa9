"""The plan's documents: the memo as a PDF and as a Word document, for whoever
may read the plan (plans/access.py). Made on request, never cached: a plan
changes often and its memos are small."""

from __future__ import annotations

from io import BytesIO

from flask import abort, send_file
from flask_login import current_user

from assessment.i18n import current_language
from assessment.models._common import utcnow
from assessment.plans.access import is_member, load_plan_for_reading
from assessment.plans.blueprint import bp
from assessment.plans.memo import memo_file_name, memo_pdf
from assessment.plans.reading import plan_view
from assessment.plans.word import memo_docx

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _view(assessment_id: int):
    assessment, plan = load_plan_for_reading(assessment_id)
    if plan is None:
        abort(404)
    return plan_view(plan, assessment, current_language(), for_team=is_member(assessment, current_user))


def _send(data: bytes, mimetype: str, name: str):
    response = send_file(BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/<int:assessment_id>/plan.pdf")
def memo_pdf_download(assessment_id: int):
    view = _view(assessment_id)
    return _send(memo_pdf(view, current_language(), utcnow().date()), "application/pdf", memo_file_name(view, "pdf"))


@bp.get("/<int:assessment_id>/plan.docx")
def memo_docx_download(assessment_id: int):
    view = _view(assessment_id)
    return _send(memo_docx(view, current_language(), utcnow().date()), DOCX_TYPE, memo_file_name(view, "docx"))
