"""What a jurisdiction's public page shows besides its facts: the published
record by year and, for a city, its county's answers on the jail levers."""

from __future__ import annotations

from assessment.content.current import questionnaire
from assessment.jurisdictions.county_links import county_jail_view
from assessment.jurisdictions.public_record import public_record
from assessment.models import Jurisdiction


def public_page(jurisdiction: Jurisdiction) -> dict:
    content = questionnaire()
    record = public_record(content, jurisdiction)
    latest = record.assessments[0] if record.assessments else None
    county_view = county_jail_view(
        content, jurisdiction, latest.answers if latest else {}, latest.year if latest else None
    )
    return {"record": record, "county_view": county_view, "county_view_own": latest}
