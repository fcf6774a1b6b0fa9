"""LatestPublished (what lists show for each jurisdiction) stays right through
publishing, withdrawing, new versions and newer years, and the bulk
rebuild agrees with the rows kept up to date one change at a time."""

from __future__ import annotations

from datetime import datetime

import pytest

from assessment.extensions import db
from assessment.models import Assessment, LatestPublished, User
from assessment.models.latest_published import ANY_KIND, ANY_YEAR
from assessment.publishing.operations import publish, withdraw
from assessment.stored_scores.latest import rebuild_all
from assessment.survey import operations as survey_service
from tests.web.public_helpers import all_applicable, make_assessment
from tests.web.scorecard_helpers import worst


def latest(app, jurisdiction_id: int) -> dict[tuple[int, str], tuple[int, float | None]]:
    """{(for_year, for_kind): (assessment id, protection score)} of one jurisdiction."""
    with app.app_context():
        db.session.remove()
        return {
            (row.for_year, row.for_kind): (row.assessment_id, row.protection_score)
            for row in db.session.scalars(
                db.select(LatestPublished).where(LatestPublished.jurisdiction_id == jurisdiction_id)
            )
        }


def every_row(app) -> list[tuple]:
    with app.app_context():
        db.session.remove()
        columns = list(LatestPublished.__table__.c)
        return sorted(tuple(row) for row in db.session.execute(db.select(*columns)))


def unpublish(assessment, user) -> None:
    """What takes a scorecard out of the lists now: its withdrawal."""
    withdraw(assessment, user, "Taken down for the test", "owner")


def change(app, assessment_id: int, action) -> None:
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        user = db.session.scalars(db.select(User)).first()
        action(assessment, user)
        db.session.commit()


def test_publishing_adds_the_rows_and_withdrawing_removes_them(app, places):
    county = places["county"]
    assessment_id = make_assessment(app, county, published=False)
    assert latest(app, county) == {}

    change(app, assessment_id, publish)
    rows = latest(app, county)
    assert set(rows) == {(ANY_YEAR, ANY_KIND), (ANY_YEAR, "self"), (2026, ANY_KIND), (2026, "self")}
    assert {aid for aid, _ in rows.values()} == {assessment_id}
    assert rows[(ANY_YEAR, ANY_KIND)][1] == 100.0

    change(app, assessment_id, unpublish)
    assert latest(app, county) == {}


def test_a_newer_year_takes_over_and_the_older_one_stays_for_its_year(app, places):
    county = places["county"]
    older = make_assessment(app, county, year=2025, choose=worst)
    newer = make_assessment(app, county, year=2026)
    rows = latest(app, county)
    assert rows[(ANY_YEAR, ANY_KIND)] == (newer, 100.0)
    assert rows[(2025, ANY_KIND)] == (older, 0.0)
    assert rows[(2026, "self")] == (newer, 100.0)

    change(app, newer, unpublish)
    assert latest(app, county)[(ANY_YEAR, ANY_KIND)] == (older, 0.0)
    assert (2026, ANY_KIND) not in latest(app, county)


def test_a_self_assessment_stands_before_an_independent_one_of_the_same_year(app, places):
    county = places["county"]
    independent = make_assessment(
        app, county, kind="independent", organisation="Advocates", choose=worst, published_at=datetime(2026, 5, 1)
    )
    own = make_assessment(app, county, email="official@king.example.gov", published_at=datetime(2026, 1, 1))
    rows = latest(app, county)
    assert rows[(ANY_YEAR, ANY_KIND)][0] == own
    assert rows[(ANY_YEAR, "independent")][0] == independent
    assert rows[(2026, "self")][0] == own


def test_a_published_version_stays_listed_until_its_new_version_is_published(app, places):
    from assessment.publishing import versions
    from assessment.survey.operations import FrozenVersion

    county = places["county"]
    assessment_id = make_assessment(app, county)
    assert latest(app, county)[(ANY_YEAR, ANY_KIND)] == (assessment_id, 100.0)
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        user = db.session.scalars(db.select(User)).first()
        questions = [q for q in all_applicable(app.extensions["questionnaire"], "county") if q.tier == "protection"]
        worse = {q.id: {"value": worst(q), "evidence": {}} for q in questions}
        with pytest.raises(FrozenVersion):
            survey_service.save_lever(assessment, questions, user, worse, assessment.revision)
        db.session.rollback()
        draft = versions.new_version(db.session.get(Assessment, assessment_id), user)
        survey_service.save_lever(draft, questions, user, worse, draft.revision)
        survey_service.submit(app.extensions["questionnaire"], draft, user)
        db.session.commit()
        draft_id = draft.id
    assert latest(app, county)[(ANY_YEAR, ANY_KIND)] == (assessment_id, 100.0)
    change(app, draft_id, publish)
    assert latest(app, county)[(ANY_YEAR, ANY_KIND)] == (draft_id, 0.0)


def test_a_draft_change_leaves_the_published_rows_alone(app, places):
    county = places["county"]
    published = make_assessment(app, county, year=2025)
    before = latest(app, county)
    make_assessment(app, county, year=2026, choose=worst, submit=False, published=False)
    assert latest(app, county) == before and before[(ANY_YEAR, ANY_KIND)][0] == published


@pytest.mark.parametrize("rebuild_twice", [False, True])
def test_the_bulk_rebuild_gives_the_same_rows_as_the_changes_did(app, places, rebuild_twice):
    make_assessment(app, places["county"], year=2025, choose=worst)
    make_assessment(app, places["county"], year=2026)
    make_assessment(app, places["county"], kind="independent", organisation="Advocates")
    make_assessment(app, places["city"], choose=worst)
    make_assessment(app, places["texas_county"], published=False)
    kept_up_to_date = every_row(app)
    assert len(kept_up_to_date) == 8 + 4
    with app.app_context():
        assert rebuild_all() == len(kept_up_to_date)
        if rebuild_twice:
            rebuild_all()
    assert every_row(app) == kept_up_to_date
