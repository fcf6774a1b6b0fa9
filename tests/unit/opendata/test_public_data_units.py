"""Small pure pieces of the public-data work: formula-safe CSV cells, the
one wording of who assessed, and the city-to-county link from ZIP data."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from assessment.models.provenance import describe
from assessment.web.csv_safe import csv_line, neutralise


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        (-1.5, -1.5),
        (42, 42),
        (None, ""),
        (True, "true"),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_csv_line_quotes_and_neutralises():
    assert csv_line(["=cmd|' /C calc'!A0", 'say "hi"', 3]) == '\'=cmd|\' /C calc\'!A0,"say ""hi""",3\r\n'


def test_who_assessed_is_worded_one_way():
    assert (
        describe("independent", "ACLU of Washington", datetime(2026, 3, 4, 9)).text
        == "Independent assessment by ACLU of Washington, published 4 March 2026"
    )
    assert describe("self", None, None, date(2025, 1, 2)).text == "Self-assessment, submitted 2 January 2025"
    assert describe("self", "King County", None, None).text == "Self-assessment by King County, draft, not submitted"
    assert describe("independent", "X", datetime(2026, 3, 4)).to_dict()["date"] == "2026-03-04"


def test_cities_are_linked_to_the_county_holding_most_of_their_zip_codes(app_ctx):
    from assessment.extensions import db
    from assessment.jurisdictions.county_links import link_counties
    from assessment.models import Jurisdiction
    from tests.conftest import add_jurisdiction

    add_jurisdiction("King County", "WA", "county", fips="53033")
    add_jurisdiction("Harris County", "TX", "county", fips="48201")
    seattle = add_jurisdiction("Seattle", "WA", "city", population=737015)
    houston = add_jurisdiction("Houston", "TX", "city", population=2304580)
    nowhere = add_jurisdiction("Nowhereville", "TX", "city", population=20000)
    linked, unlinked = link_counties()
    db.session.commit()
    assert (linked, unlinked) == (2, 1)
    assert db.session.get(Jurisdiction, seattle).county_fips == "53033"
    assert db.session.get(Jurisdiction, houston).county_fips == "48201"
    assert db.session.get(Jurisdiction, nowhere).county_fips is None
    assert link_counties() == (2, 1)  # safe to re-run


def test_refresh_is_idempotent_and_backfills(app, places):
    from assessment.extensions import db
    from assessment.models import AssessmentScore
    from assessment.stored_scores.refresh import refresh_all
    from tests.web.public_helpers import make_assessment

    assessment_id = make_assessment(app, places["county"])
    with app.app_context():
        db.session.delete(db.session.get(AssessmentScore, assessment_id))
        db.session.commit()
        assert refresh_all() == (1, 1, 0)
        assert refresh_all() == (1, 0, 0)
        stored = db.session.get(AssessmentScore, assessment_id)
        assert stored.protection_score == 100 and stored.answers
        assert stored.protection_local_score == 100 and stored.protection_completeness == 1
        assert stored.core_met is True and stored.core_failing == []


def test_a_published_scorecard_keeps_its_figures_until_rescored_on_purpose(app, places):
    """A method change re-scores drafts, never a published scorecard; the explicit
    command re-scores it and labels it with the version it was published under."""
    from assessment.extensions import db
    from assessment.models import Assessment, AssessmentScore
    from assessment.scorecards.service import context_for
    from assessment.stored_scores.refresh import refresh_all, rescore_published
    from tests.web.public_helpers import make_assessment

    published = make_assessment(app, places["county"])
    draft = make_assessment(app, places["city"], published=False)
    with app.app_context():
        for row in db.session.query(AssessmentScore):  # as if both had been scored under the method before
            row.questionnaire_version, row.protection_score, row.protection_level = "2026.1", 12.5, "Getting started"
        db.session.commit()
        assert refresh_all() == (2, 1, 1)  # the draft re-scored, the published one kept
        assert db.session.get(AssessmentScore, draft).questionnaire_version != "2026.1"
        kept = db.session.get(AssessmentScore, published)
        assert (kept.questionnaire_version, kept.protection_score) == ("2026.1", 12.5)
        context = context_for(db.session.get(Assessment, published))
        assert context.published_figures.version == "2026.1" and context.published_figures.protection == 12.5
        assert rescore_published(dry_run=True) == [(published, "2026.1")]
        assert db.session.get(AssessmentScore, published).protection_score == 12.5
        assert rescore_published() == [(published, "2026.1")]
        rescored = db.session.get(AssessmentScore, published)
        assert rescored.protection_score == 100 and rescored.rescored_from == "2026.1"
        context = context_for(db.session.get(Assessment, published))
        assert context.published_figures is None and context.rescored_from == "2026.1"
        assert rescore_published() == []
