"""What the PDF job queue keeps beside the job engine's own tables.

The engine (Procrastinate, assessment/jobs/) keeps each job's status and
attempts, but not why an attempt failed: PdfJobFailure holds the last error
of each job, for the operators' page. ComparisonPdf is the shared cache of
comparison PDFs, as ScorecardPdf is for scorecards.
"""

from __future__ import annotations

from ..extensions import db
from ._common import utcnow


class PdfJobFailure(db.Model):
    """The last error of one job of the PDF queue; deleted when the job later succeeds."""

    __tablename__ = "pdf_job_failure"

    job_id = db.Column(db.BigInteger, primary_key=True, autoincrement=False)  # procrastinate_jobs.id
    task_name = db.Column(db.String(128), nullable=False)
    attempt = db.Column(db.Integer, nullable=False)  # 1 for the first run
    error = db.Column(db.Text, nullable=False)
    failed_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class ComparisonPdf(db.Model):
    """One rendered comparison PDF, kept under the digest of exactly what it shows.

    The key is the SHA-256 of the language, the stylesheets and the HTML the
    PDF is made from, and that HTML names every place, the published version
    of each and every figure: a newer publication, a re-score or a content
    update changes the key, so a stored PDF is never out of date. Rows not
    asked for again are deleted after COMPARISON_PDF_KEEP_DAYS.
    """

    __tablename__ = "comparison_pdf"

    key = db.Column(db.String(64), primary_key=True)
    language = db.Column(db.String(10), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    data = db.Column(db.LargeBinary, nullable=False)
