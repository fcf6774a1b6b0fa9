"""bench/render_ahead.py on the suite's database (PostgreSQL in the second
run): two render worker processes make every chosen PDF, each exactly once,
and the clock stops only when the cache holds them all."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from assessment.extensions import db
from assessment.models import Assessment, ScorecardPdf
from bench.dataset import add_assessments
from bench.render_ahead import measure, rendered_count


@pytest.mark.timeout(240)
def test_two_render_workers_make_every_pdf_once(app, places):
    with app.app_context():
        add_assessments(app.extensions["questionnaire"], assessed=4, years=[2024, 2025], rng=random.Random(3))
        ids = list(db.session.scalars(select(Assessment.id).order_by(Assessment.id)))
        assert len(ids) >= 8 and rendered_count(ids) == 0
    result = measure(app, app.config["SQLALCHEMY_DATABASE_URI"], ids, workers=2, limit_seconds=180)
    assert result.pdfs == len(ids) and result.workers == 2
    assert result.seconds > 0 and result.cpu_seconds > 0 and result.per_core_per_second > 0
    with app.app_context():
        assert rendered_count(ids) == len(ids)
        per_assessment = db.session.execute(
            select(ScorecardPdf.assessment_id, func.count()).group_by(ScorecardPdf.assessment_id)
        ).all()
        assert sorted(row[0] for row in per_assessment) == ids
        assert all(row[1] == 1 for row in per_assessment)
        assert all(pdf.startswith(b"%PDF") for pdf in db.session.scalars(select(ScorecardPdf.data)))
