"""The public directory: every jurisdiction with its latest published scores.

One SQL statement per page (plus one count): jurisdictions LEFT JOIN the
latest published, scored assessment of each, filtered and sorted in the
database. Rows come back as plain tuples, never ORM objects.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, case, func, or_, select

from ..extensions import db
from ..models import Assessment, AssessmentScore, Jurisdiction
from ..models.jurisdictions import search_key

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

# (id, label, lowest, highest-exclusive); "unknown" = population not recorded.
POPULATION_BANDS = (
    ("under_25k", "Under 25,000", None, 25_000),
    ("25k_100k", "25,000 to 99,999", 25_000, 100_000),
    ("100k_250k", "100,000 to 249,999", 100_000, 250_000),
    ("250k_1m", "250,000 to 999,999", 250_000, 1_000_000),
    ("1m_plus", "1,000,000 or more", 1_000_000, None),
    ("unknown", "Not recorded", None, None),
)
SORTS = {
    "name": "Name",
    "protection": "Current protections score, highest first",
    "next_level": "Next-level reforms score, highest first",
    "population": "Population, largest first",
}
ASSESSED_CHOICES = {"": "Assessed or not", "yes": "With a published assessment", "no": "Not yet assessed"}


# What a directory row shows of its latest published assessment.
LATEST_COLUMNS = (
    "assessment_id", "year", "assessment_kind", "organisation", "published_at", "submitted_at",
    "protection_score", "protection_level", "next_level_score", "next_level_level", "overall_score", "overall_level",
)


@dataclass
class DirectoryFilters:
    q: str = ""
    state: str | None = None
    kind: str | None = None  # jurisdiction kind (city, county, ...)
    band: str | None = None  # a POPULATION_BANDS id
    assessment_kind: str | None = None  # "self" or "independent"
    year: int | None = None
    assessed: str = ""  # "", "yes", "no"
    sort: str = "name"
    page: int = 1
    per_page: int = PAGE_SIZE

    @property
    def narrows_assessments(self) -> bool:
        return bool(self.assessment_kind or self.year)


@dataclass
class DirectoryPage:
    rows: list[Any]
    total: int
    filters: DirectoryFilters
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.pages = max(1, -(-self.total // self.filters.per_page))


def name_conditions(query: str) -> list:
    """Every typed word must start a word of the name (accents and case ignored)."""
    words = search_key(query).split()[:8]
    return [
        or_(Jurisdiction.search_text.like(f"{word}%"), Jurisdiction.search_text.like(f"% {word}%"))
        for word in words
    ]


def band_condition(band_id: str):
    for ident, _label, low, high in POPULATION_BANDS:
        if ident != band_id:
            continue
        if ident == "unknown":
            return Jurisdiction.population.is_(None)
        parts = []
        if low is not None:
            parts.append(Jurisdiction.population >= low)
        if high is not None:
            parts.append(Jurisdiction.population < high)
        return and_(*parts)
    return None


def published_scores(assessment_kind: str | None = None, year: int | None = None, jurisdiction_ids=None):
    """Published assessments with their stored scores, ranked per jurisdiction.

    rank 1 is the one a list shows: the latest year, a self-assessment before
    an independent one of the same year, then the most recently published.
    jurisdiction_ids (a list or a subquery) limits the ranking to those places.
    """
    rank = func.row_number().over(
        partition_by=Assessment.jurisdiction_id,
        order_by=(Assessment.year.desc(), case((Assessment.kind == "self", 0), else_=1),
                  Assessment.published_at.desc(), Assessment.id.desc()),
    )
    stmt = (
        select(
            Assessment.jurisdiction_id, Assessment.id.label("assessment_id"), Assessment.year,
            Assessment.kind.label("assessment_kind"), Assessment.organisation, Assessment.published_at,
            Assessment.submitted_at,
            AssessmentScore.protection_score, AssessmentScore.protection_level,
            AssessmentScore.next_level_score, AssessmentScore.next_level_level,
            AssessmentScore.overall_score, AssessmentScore.overall_level,
            rank.label("rank"),
        )
        .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
        .where(Assessment.published_at.is_not(None), Assessment.status == "submitted")
    )
    if assessment_kind:
        stmt = stmt.where(Assessment.kind == assessment_kind)
    if year:
        stmt = stmt.where(Assessment.year == year)
    if jurisdiction_ids is not None:
        stmt = stmt.where(Assessment.jurisdiction_id.in_(jurisdiction_ids))
    return stmt.subquery("latest")


def _jurisdiction_conditions(filters: DirectoryFilters) -> list:
    conditions = name_conditions(filters.q) if filters.q else []
    if filters.state:
        conditions.append(Jurisdiction.state == filters.state)
    if filters.kind:
        conditions.append(Jurisdiction.kind == filters.kind)
    if filters.band:
        band = band_condition(filters.band)
        if band is not None:
            conditions.append(band)
    return conditions


def directory_statement(filters: DirectoryFilters):
    conditions = _jurisdiction_conditions(filters)
    # With places filtered (a state, a type...), rank only their assessments.
    places = select(Jurisdiction.id).where(*conditions) if conditions else None
    latest = published_scores(filters.assessment_kind, filters.year, places)
    joined = and_(latest.c.jurisdiction_id == Jurisdiction.id, latest.c.rank == 1)
    stmt = select(
        Jurisdiction.id, Jurisdiction.name, Jurisdiction.state, Jurisdiction.kind, Jurisdiction.population,
        *(latest.c[name] for name in LATEST_COLUMNS),
    )
    # Filtering on an assessment's kind or year means "has one": an inner join.
    wants_assessed = filters.narrows_assessments or filters.assessed == "yes"
    stmt = stmt.select_from(Jurisdiction).join(latest, joined, isouter=not wants_assessed)
    if filters.assessed == "no":
        conditions.append(latest.c.assessment_id.is_(None))
    if conditions:
        stmt = stmt.where(and_(*conditions))
    return stmt, latest


def _order(filters: DirectoryFilters, latest) -> list:
    by_name = [Jurisdiction.name, Jurisdiction.state, Jurisdiction.id]
    if filters.sort == "protection":
        return [latest.c.protection_score.desc().nulls_last(), *by_name]
    if filters.sort == "next_level":
        return [latest.c.next_level_score.desc().nulls_last(), *by_name]
    if filters.sort == "population":
        return [Jurisdiction.population.desc().nulls_last(), *by_name]
    return by_name


def _needs_scores_to_order(filters: DirectoryFilters) -> bool:
    """Whether which jurisdictions make up a page depends on their assessments."""
    return filters.narrows_assessments or bool(filters.assessed) or filters.sort in ("protection", "next_level")


def _page_first_statement(filters: DirectoryFilters):
    """Pick the page of jurisdictions by name (or population) first, through
    their indexes, then rank published scores for those 50 places only: one
    statement, whose cost does not grow with the number of assessments."""
    order = _order(filters, None)
    page = (
        select(Jurisdiction.id, Jurisdiction.name, Jurisdiction.state, Jurisdiction.kind, Jurisdiction.population)
        .where(*_jurisdiction_conditions(filters))
        .order_by(*order)
        .limit(filters.per_page)
        .offset((max(filters.page, 1) - 1) * filters.per_page)
        .subquery("page")
    )
    latest = published_scores(jurisdiction_ids=select(page.c.id))
    stmt = (
        select(
            page.c.id, page.c.name, page.c.state, page.c.kind, page.c.population,
            *(latest.c[name] for name in LATEST_COLUMNS),
        )
        .select_from(page)
        .join(latest, and_(latest.c.jurisdiction_id == page.c.id, latest.c.rank == 1), isouter=True)
    )
    by = [page.c.population.desc().nulls_last()] if filters.sort == "population" else []
    return stmt.order_by(*by, page.c.name, page.c.state, page.c.id)


def _count(filters: DirectoryFilters, stmt) -> int:
    if filters.narrows_assessments or filters.assessed:
        return db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    # Sorting by score changes the order, not which places match: count the places alone.
    return db.session.scalar(
        select(func.count()).select_from(Jurisdiction).where(*_jurisdiction_conditions(filters))) or 0


def directory_page(filters: DirectoryFilters) -> DirectoryPage:
    if not _needs_scores_to_order(filters):
        rows = db.session.execute(_page_first_statement(filters)).all()
        return DirectoryPage(rows=list(rows), total=_count(filters, None), filters=filters)
    stmt, latest = directory_statement(filters)
    offset = (max(filters.page, 1) - 1) * filters.per_page
    rows = db.session.execute(stmt.order_by(*_order(filters, latest)).limit(filters.per_page).offset(offset)).all()
    return DirectoryPage(rows=list(rows), total=_count(filters, stmt), filters=filters)


def published_years() -> list[int]:
    stmt = select(Assessment.year).where(Assessment.published_at.is_not(None)).distinct().order_by(Assessment.year.desc())
    return list(db.session.scalars(stmt))
