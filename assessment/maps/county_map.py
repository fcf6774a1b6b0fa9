"""What the county maps show: each listed county's standing figure.

The figure is the current-protections score of the publication that stands
for the place in every public list (LatestPublished for any year and any
kind: published, current, not withdrawn and verified), so a map never
shows what the directory would not. One query a map; reads only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from assessment.directory.queries import DirectoryFilters, directory_statement, latest_join
from assessment.extensions import db
from assessment.models import Jurisdiction, LatestPublished

# The kinds of place that are a county on the Census Bureau's map.
COUNTY_KINDS = ("county", "city_county")


@dataclass(frozen=True)
class CountyFigure:
    jurisdiction_id: int
    name: str
    state: str
    fips: str
    assessment_id: int | None
    score: float | None  # current protections in effect, 0 to 100
    level: str | None  # stored in English

    @property
    def assessed(self) -> bool:
        return self.assessment_id is not None


def county_figures(rows: Iterable[tuple]) -> dict[str, CountyFigure]:
    """The listed counties of county_figure_rows() by FIPS code, with their standing figure."""
    return {row[3]: CountyFigure(*row) for row in rows}


def county_figure_rows(state: str | None = None) -> list[tuple]:
    """county_figures() as plain tuples (id, name, state, fips, assessment id, score,
    level), which compare and hash fast: the map is drawn again only when they change."""
    stmt = (
        select(
            Jurisdiction.id,
            Jurisdiction.name,
            Jurisdiction.state,
            Jurisdiction.fips,
            LatestPublished.assessment_id,
            LatestPublished.protection_score,
            LatestPublished.protection_level,
        )
        .select_from(Jurisdiction)
        .join(LatestPublished, latest_join(Jurisdiction.id), isouter=True)
        .where(Jurisdiction.is_listed, Jurisdiction.fips.is_not(None), Jurisdiction.kind.in_(COUNTY_KINDS))
    )
    if state:
        stmt = stmt.where(Jurisdiction.state == state)
    return [tuple(row) for row in db.session.execute(stmt)]


def state_places(state: str) -> list:
    """Every listed place of a state with its latest published scores, as the
    directory's rows (counties first, then by name)."""
    stmt = directory_statement(DirectoryFilters(state=state))
    county_first = Jurisdiction.kind.not_in(COUNTY_KINDS)
    return list(db.session.execute(stmt.order_by(county_first, Jurisdiction.name, Jurisdiction.id)))
