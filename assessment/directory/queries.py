"""The public directory: every jurisdiction with its latest published scores.

One SQL statement per page (plus one count): jurisdictions LEFT JOIN their
LatestPublished row for the chosen year and kind (kept up to date by
stored_scores/latest.py), filtered and sorted in the database; when only
the places' own fields decide the page, the page's places are picked before
the join. Rows come back as plain tuples, never ORM objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, or_, select, text

from assessment.extensions import db
from assessment.i18n import N_
from assessment.models import Jurisdiction, LatestPublished
from assessment.models.jurisdictions import search_key
from assessment.models.latest_published import ANY_KIND, ANY_YEAR

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

# (id, label, lowest, highest-exclusive); "unknown" = population not recorded.
# Labels are English (N_ marks them for the catalog); the form translates them.
POPULATION_BANDS = (
    ("under_25k", N_("Under 25,000"), None, 25_000),
    ("25k_100k", N_("25,000 to 99,999"), 25_000, 100_000),
    ("100k_250k", N_("100,000 to 249,999"), 100_000, 250_000),
    ("250k_1m", N_("250,000 to 999,999"), 250_000, 1_000_000),
    ("1m_plus", N_("1,000,000 or more"), 1_000_000, None),
    ("unknown", N_("Not recorded"), None, None),
)
SORTS = {
    "name": N_("Name"),
    "protection": N_("Current protections score, highest first"),
    "protection_local": N_("Current protections, local score, highest first"),
    "next_level": N_("Next-level reforms score, highest first"),
    "population": N_("Population, largest first"),
}
ASSESSED_CHOICES = {"": N_("Assessed or not"), "yes": N_("With a published assessment"), "no": N_("Not yet assessed")}


# What a directory row shows of its latest published assessment.
LATEST_COLUMNS = (
    "assessment_id",
    "year",
    "assessment_kind",
    "organisation",
    "published_at",
    "submitted_at",
    "protection_score",
    "protection_level",
    "next_level_score",
    "next_level_level",
    "overall_score",
    "overall_level",
    "protection_local_score",
    "core_met",
    "questionnaire_version",
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
        or_(Jurisdiction.search_text.like(f"{word}%"), Jurisdiction.search_text.like(f"% {word}%")) for word in words
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


def _place_filters(filters: DirectoryFilters) -> list:
    """The reader's choices about places (name, state, kind, population)."""
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


def _jurisdiction_conditions(filters: DirectoryFilters) -> list:
    """Listed places only (never one waiting for a moderator), as the reader chose."""
    return [Jurisdiction.is_listed, *_place_filters(filters)]


def latest_join(jurisdiction_id, year: int | None = None, assessment_kind: str | None = None):
    """Join condition to a jurisdiction's LatestPublished row for this choice of year and kind."""
    return and_(
        LatestPublished.jurisdiction_id == jurisdiction_id,
        LatestPublished.for_year == (year or ANY_YEAR),
        LatestPublished.for_kind == (assessment_kind or ANY_KIND),
    )


def directory_statement(filters: DirectoryFilters):
    conditions = _jurisdiction_conditions(filters)
    stmt = select(
        Jurisdiction.id,
        Jurisdiction.name,
        Jurisdiction.state,
        Jurisdiction.kind,
        Jurisdiction.population,
        *(getattr(LatestPublished, name) for name in LATEST_COLUMNS),
    )
    # Filtering on an assessment's kind or year means "has one": an inner join.
    wants_assessed = filters.narrows_assessments or filters.assessed == "yes"
    stmt = stmt.select_from(Jurisdiction).join(
        LatestPublished, latest_join(Jurisdiction.id, filters.year, filters.assessment_kind), isouter=not wants_assessed
    )
    if filters.assessed == "no":
        conditions.append(LatestPublished.assessment_id.is_(None))
    if conditions:
        stmt = stmt.where(and_(*conditions))
    return stmt


def _order(filters: DirectoryFilters) -> list:
    """The order of name and population sorts (score sorts: _rows_by_score)."""
    by_name = [Jurisdiction.name, Jurisdiction.state, Jurisdiction.id]
    if filters.sort == "population":
        return [Jurisdiction.population.desc().nulls_last(), *by_name]
    return by_name


def _count(filters: DirectoryFilters, stmt) -> int:
    if filters.narrows_assessments or filters.assessed:
        return db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    # Sorting by score changes the order, not which places match: count the places alone.
    return (
        db.session.scalar(select(func.count()).select_from(Jurisdiction).where(*_jurisdiction_conditions(filters))) or 0
    )


SCORE_SORTS = {
    "protection": "protection_score",
    "protection_local": "protection_local_score",
    "next_level": "next_level_score",
}


def _rows_by_score(filters: DirectoryFilters, stmt, offset: int, total: int) -> list:
    """A page sorted by a tier score, read through that score's index.

    Sorting the whole join (22,000 places) for every page took 60 ms. The
    places with the score come first, highest first, through the index; the
    places without one (not assessed, or nothing to score) follow by name,
    and are read only for the pages that reach them. Where the scored places
    end is counted only when a page does not start among them: a page that
    does either fills up with them or shows where they end (20 to 30 ms on
    22,000 scored places).
    """
    score = getattr(LatestPublished, SCORE_SORTS[filters.sort])
    by_name = [Jurisdiction.name, Jurisdiction.state, Jurisdiction.id]
    scored = stmt.where(score.is_not(None))
    rows = list(db.session.execute(scored.order_by(score.desc(), *by_name).limit(filters.per_page).offset(offset)))
    if len(rows) == filters.per_page or offset + len(rows) >= total:
        return rows
    # The page runs past the last scored place: the unscored ones follow, from the start
    # of their own order if the scored ones ended on this page.
    scored_total = offset + len(rows) if rows else _scored_total(filters, scored, score)
    rows += db.session.execute(
        stmt.where(score.is_(None))
        .order_by(*by_name)
        .limit(filters.per_page - len(rows))
        .offset(max(offset - scored_total, 0))
    ).all()
    return rows


def _scored_total(filters: DirectoryFilters, scored, score) -> int:
    """How many places that match have the score (for a page past all of them)."""
    if _place_filters(filters):
        return db.session.scalar(select(func.count()).select_from(scored.subquery())) or 0
    # Counted in the score's index alone, less the few places not listed.
    unlisted = select(Jurisdiction.id).where(~Jurisdiction.is_listed)
    return (
        db.session.scalar(
            select(func.count())
            .select_from(LatestPublished)
            .where(
                LatestPublished.for_year == (filters.year or ANY_YEAR),
                LatestPublished.for_kind == (filters.assessment_kind or ANY_KIND),
                score.is_not(None),
                LatestPublished.jurisdiction_id.not_in(unlisted),
            )
        )
        or 0
    )


def directory_page(filters: DirectoryFilters) -> DirectoryPage:
    stmt = directory_statement(filters)
    offset = (max(filters.page, 1) - 1) * filters.per_page
    total = _count(filters, stmt)
    if filters.sort in SCORE_SORTS:
        rows = _rows_by_score(filters, stmt, offset, total)
    elif filters.narrows_assessments or filters.assessed:
        rows = db.session.execute(stmt.order_by(*_order(filters)).limit(filters.per_page).offset(offset)).all()
    else:
        # Which places are on the page depends on the places alone: pick them
        # first (by name, off ix_jurisdiction_directory_order), then join the
        # scores of those few. Joining first made a deep page join and sort
        # every place before it.
        on_page = (
            select(Jurisdiction.id)
            .where(*_jurisdiction_conditions(filters))
            .order_by(*_order(filters))
            .limit(filters.per_page)
            .offset(offset)
        )
        rows = db.session.execute(stmt.where(Jurisdiction.id.in_(on_page)).order_by(*_order(filters))).all()
    return DirectoryPage(rows=list(rows), total=total, filters=filters)


# Every year with a published assessment, newest first, by walking the index
# on LatestPublished.for_year from one year down to the next (a few index
# probes, where DISTINCT would read every row).
_YEARS = text("""
    WITH RECURSIVE years(year) AS (
        SELECT MAX(for_year) FROM latest_published
        UNION ALL
        SELECT (SELECT MAX(for_year) FROM latest_published WHERE for_year < years.year)
        FROM years WHERE years.year > 0
    )
    SELECT year FROM years WHERE year > 0
""")


def published_years() -> list[int]:
    return [int(year) for year in db.session.scalars(_YEARS)]
