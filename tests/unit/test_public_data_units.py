"""Small pure pieces of the public-data work: formula-safe CSV cells, the
one wording of who assessed, and the city-to-county link from ZIP data."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from assessment.csv_safe import csv_line, neutralise
from assessment.provenance import describe


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), ("a=b", "a=b"),
    (-1.5, -1.5), (42, 42), (None, ""), (True, "true"),
])
def test_cells_that_a_spreadsheet_would_run_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_csv_line_quotes_and_neutralises():
    assert csv_line(["=cmd|' /C calc'!A0", 'say "hi"', 3]) == "'=cmd|' /C calc'!A0,\"say \"\"hi\"\"\",3\r\n"


def test_who_assessed_is_worded_one_way():
    assert describe("independent", "ACLU of Washington", datetime(2026, 3, 4, 9)).text == \
        "Independent assessment by ACLU of Washington, published 4 March 2026"
    assert describe("self", None, None, date(2025, 1, 2)).text == "Self-assessment, submitted 2 January 2025"
    assert describe("self", "King County", None, None).text == "Self-assessment by King County, draft, not submitted"
    assert describe("independent", "X", datetime(2026, 3, 4)).to_dict()["date"] == "2026-03-04"


def test_cities_are_linked_to_the_county_holding_most_of_their_zip_codes(app_ctx):
    from assessment.extensions import db
    from assessment.models import Jurisdiction
    from assessment.services.county_links import link_counties
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
    from assessment.services.scores import refresh_all
    from tests.web.public_helpers import make_assessment

    assessment_id = make_assessment(app, places["county"])
    with app.app_context():
        db.session.delete(db.session.get(AssessmentScore, assessment_id))
        db.session.commit()
        assert refresh_all() == (1, 1)
        assert refresh_all() == (1, 0)
        stored = db.session.get(AssessmentScore, assessment_id)
        assert stored.protection_score == 100 and stored.answers
