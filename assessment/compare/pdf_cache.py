"""The comparison PDF (/compare.pdf), rendered once per content and kept.

A comparison is anonymous and made of published figures only, so a PDF can be
shared by everyone who asks for the same one. Its key is the SHA-256 of the
language, the stylesheets and the HTML it is made from: that HTML names every
place, its published version and every figure, so a new publication, a
re-score or a content update gives a new key, never a stale PDF.

The web request makes the HTML (a few milliseconds); with
PDF_RENDER_ON_REQUEST=0 the render job carries that HTML, so the worker
renders exactly what was asked for. Rows are deleted COMPARISON_PDF_KEEP_DAYS
after they were made (a comparison asked for again is simply made again).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from functools import lru_cache

from flask import current_app
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from assessment.config import PROJECT_ROOT
from assessment.extensions import db
from assessment.i18n import in_language
from assessment.models import ComparisonPdf
from assessment.models._common import utcnow
from assessment.pdf.render import COMPARISON_STYLES, html_to_pdf

TASK = "render_comparison_pdf"  # jobs.tasks.RENDER_COMPARISON


@lru_cache(maxsize=1)
def _styles_digest() -> str:
    digest = hashlib.sha256()
    for path in COMPARISON_STYLES:
        digest.update((PROJECT_ROOT / "static" / path).read_bytes())
    return digest.hexdigest()


def comparison_key(html: str, language: str) -> str:
    digest = hashlib.sha256(f"{language}\0{_styles_digest()}\0".encode())
    digest.update(html.encode())
    return digest.hexdigest()


def cached(key: str) -> bytes | None:
    row = db.session.get(ComparisonPdf, key)
    return row.data if row is not None else None


def render_and_store(key: str, language: str, html: str) -> bytes:
    """Render the HTML and keep the PDF under `key` (the caller commits); the stored one if already there."""
    stored = cached(key)
    if stored is not None:
        return stored
    with in_language(language):  # the footers' words
        data = html_to_pdf(html, COMPARISON_STYLES)
    keep_days = current_app.config["COMPARISON_PDF_KEEP_DAYS"]
    db.session.execute(delete(ComparisonPdf).where(ComparisonPdf.created_at < utcnow() - timedelta(days=keep_days)))
    try:
        with db.session.begin_nested():
            db.session.add(ComparisonPdf(key=key, language=language, data=data))
    except IntegrityError:
        pass  # rendered by another server at the same moment: the same PDF
    return data


def request_render(key: str, language: str, html: str) -> bool:
    """Queue the render (the caller commits). False when the queue already
    holds COMPARISON_PDF_QUEUE_LIMIT comparisons waiting: anyone may ask for
    any comparison, so their number is bounded rather than the workers' time."""
    from assessment.jobs.engine import REQUESTED_PRIORITY, defer, waiting_jobs

    if waiting_jobs(TASK) >= current_app.config["COMPARISON_PDF_QUEUE_LIMIT"]:
        return False
    defer(TASK, lock=f"comparison:{key}", priority=REQUESTED_PRIORITY, key=key, language=language, html=html)
    return True
