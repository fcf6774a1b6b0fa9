"""Open data: every published scorecard that stands as flat rows (CSV) or
records (JSON and the API), read from stored scores in one streamed query.

By default only verified publications that stand (stored_scores/listing.py);
include_unverified=True (the query parameter include=unverified) adds the
current unverified ones, each labelled in its `verification` field.

published_rows() yields plain result rows through yield_per (a server-side
cursor on PostgreSQL), so memory stays flat however many rows there are.
published_csv() streams the CSV from each row's stored cells, written when
its scores were stored (AssessmentScore.csv_cells): decoding three JSON
columns and encoding 160 cells per row made the 73,000-row export take 14 s.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, func, select

from assessment.content.model import TIERS
from assessment.directory.queries import DirectoryFilters, band_condition, name_conditions
from assessment.extensions import db
from assessment.i18n import current_language
from assessment.models import Assessment, AssessmentScore, Jurisdiction
from assessment.models.provenance import describe
from assessment.stored_scores.csv_cells import CsvShape, _rounded, answer_cell  # noqa: F401  (re-exported)
from assessment.stored_scores.listing import public_and_current, stands_in_lists
from assessment.web.csv_safe import neutralise

STREAM_BATCH = 500

# The published data (and the questionnaire and method) may be reused under
# CC BY 4.0: anyone may copy and adapt it if they credit the tool and the
# assessor each record names. Said the same way in the CSV's first line, the
# JSON downloads, every API response, the open-data pages and the README.
LICENCE = {
    "name": "CC BY 4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "attribution": "Immigrant Inclusion Scorecard, and the assessor named in each record",
}
# The questionnaire and the method: the same licence, credited to the tool alone.
CONTENT_LICENCE = {**LICENCE, "attribution": "Immigrant Inclusion Scorecard"}
# One line that spreadsheets show as a single cell (no comma, no quote) and
# that programs skip as a comment (pandas comment="#", R comment.char="#").
CSV_LICENCE_LINE = (
    f"# Licence: {LICENCE['name']} ({LICENCE['url']}). Attribution: Immigrant Inclusion "
    "Scorecard and the assessor named in each row (column assessed_by).\r\n"
)


PLACE_AND_ASSESSMENT = (
    Jurisdiction.id.label("jurisdiction_id"),
    Jurisdiction.name,
    Jurisdiction.state,
    Jurisdiction.kind.label("jurisdiction_kind"),
    Jurisdiction.fips,
    Jurisdiction.population,
    Assessment.id.label("assessment_id"),
    Assessment.year,
    Assessment.kind,
    Assessment.organisation,
    Assessment.published_at,
    Assessment.submitted_at,
    Assessment.verification,
    AssessmentScore.questionnaire_version,
)
SCORES = (
    AssessmentScore.protection_score,
    AssessmentScore.protection_level,
    AssessmentScore.protection_earned,
    AssessmentScore.protection_possible,
    AssessmentScore.next_level_score,
    AssessmentScore.next_level_level,
    AssessmentScore.next_level_earned,
    AssessmentScore.next_level_possible,
    AssessmentScore.overall_score,
    AssessmentScore.overall_level,
    AssessmentScore.protection_local_score,
    AssessmentScore.next_level_local_score,
    AssessmentScore.overall_local_score,
    AssessmentScore.protection_completeness,
    AssessmentScore.next_level_completeness,
    AssessmentScore.overall_completeness,
    AssessmentScore.core_met,
    AssessmentScore.core_failing,
    AssessmentScore.rescored_from,
    AssessmentScore.lever_scores,
    AssessmentScore.answers,
    AssessmentScore.citations,
)


def _statement(filters: DirectoryFilters | None, columns=SCORES, include_unverified: bool = False):
    stmt = (
        select(*PLACE_AND_ASSESSMENT, *columns)
        .select_from(Assessment)
        .join(Jurisdiction, Jurisdiction.id == Assessment.jurisdiction_id)
        .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
        .where(public_and_current() if include_unverified else stands_in_lists(), Jurisdiction.is_listed)
    )
    if filters is not None:
        conditions = name_conditions(filters.q) if filters.q else []
        if filters.state:
            conditions.append(Jurisdiction.state == filters.state)
        if filters.kind:
            conditions.append(Jurisdiction.kind == filters.kind)
        if filters.band and (band := band_condition(filters.band)) is not None:
            conditions.append(band)
        if filters.assessment_kind:
            conditions.append(Assessment.kind == filters.assessment_kind)
        if filters.year:
            conditions.append(Assessment.year == filters.year)
        if conditions:
            stmt = stmt.where(and_(*conditions))
    return stmt


def _order(filters: DirectoryFilters | None) -> list:
    default = [Jurisdiction.state, Jurisdiction.name, Jurisdiction.id, Assessment.year, Assessment.id]
    sort = filters.sort if filters else "name"
    if sort == "protection":
        return [AssessmentScore.protection_score.desc().nulls_last(), *default]
    if sort == "next_level":
        return [AssessmentScore.next_level_score.desc().nulls_last(), *default]
    if sort == "population":
        return [Jurisdiction.population.desc().nulls_last(), *default]
    return default


def _streamed(filters: DirectoryFilters | None, columns=SCORES, include_unverified: bool = False):
    """The published rows' statement, run in batches of STREAM_BATCH rows.

    Through the session's connection (Core), not the ORM: plain column rows
    need none of the ORM's loading layer, which cost a quarter of the time."""
    stmt = (
        _statement(filters, columns, include_unverified)
        .order_by(*_order(filters))
        .execution_options(yield_per=STREAM_BATCH)
    )
    return db.session.connection().execute(stmt)


def published_rows(filters: DirectoryFilters | None = None, include_unverified: bool = False) -> Iterator[Any]:
    """Every published, scored assessment that stands (filtered), streamed."""
    yield from _streamed(filters, include_unverified=include_unverified)


def published_csv(
    shape: CsvShape,
    filters: DirectoryFilters | None = None,
    rows_per_chunk: int = 200,
    include_unverified: bool = False,
) -> Iterator[str]:
    """The CSV body (no header) of every published, scored assessment, streamed
    in chunks of lines: the place and assessment cells, then the row's stored
    cells (AssessmentScore.csv_cells). A row scored with other content than
    `shape`'s, or never given its cells, is worked out from its figures instead
    (`flask --app wsgi scores refresh` stores them after a content update)."""
    language = current_language()
    buffer = io.StringIO()
    place_cells = csv.writer(buffer, lineterminator=",")
    whole_row = csv.writer(buffer, lineterminator="\r\n")
    pending = 0
    for row in _streamed(filters, (AssessmentScore.csv_cells,), include_unverified):
        # By position: 73,000 rows, and Row attributes by name cost more than the rest of the line.
        (
            jurisdiction_id,
            name,
            state,
            jurisdiction_kind,
            fips,
            population,
            assessment_id,
            year,
            kind,
            organisation,
            published_at,
            submitted_at,
            verification,
            version,
            stored,
        ) = row
        if stored is not None and version == shape.version:
            day = published_at.date() if published_at else None
            place_cells.writerow(
                (
                    jurisdiction_id,
                    neutralise(name),
                    state,
                    jurisdiction_kind,
                    fips,
                    population,
                    assessment_id,
                    year,
                    kind,
                    neutralise(organisation),
                    neutralise(assessed_by(kind, organisation, day, submitted_at, language)),
                    day.isoformat() if day is not None else None,
                    verification,
                )
            )
            buffer.write(stored)
            buffer.write("\r\n")
        else:
            full = db.session.execute(
                _statement(None, include_unverified=True).where(Assessment.id == assessment_id)
            ).one()
            whole_row.writerow([v if v.__class__ is not str else neutralise(v) for v in shape.row(full)])
        pending += 1
        if pending >= rows_per_chunk:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue()


def assessed_by(kind: str, organisation: str | None, published_on, submitted_at, language: str) -> str:
    """A row's "assessed_by" cell (describe(...).text), worked out once per kind,
    organisation, day and language in this process: it takes three translation
    lookups, and thousands of rows share each value. Given the row's values, not the
    row: reading a row's columns by name cost more than the rest of its line."""
    if published_on is not None:
        return _assessed_by(kind, organisation, published_on, "published", language)
    day = submitted_at.date() if submitted_at is not None else None
    return _assessed_by(kind, organisation, day, "submitted", language)


@lru_cache(maxsize=20_000)
def _assessed_by(kind: str, organisation: str | None, day, day_is: str, language: str) -> str:
    if day_is == "published":
        return describe(kind, organisation, published_at=day).text
    return describe(kind, organisation, submitted_at=day).text


def published_page(filters: DirectoryFilters, include_unverified: bool = False) -> tuple[list[Any], int]:
    stmt = _statement(filters, include_unverified=include_unverified)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.execute(
        stmt.order_by(*_order(filters)).limit(filters.per_page).offset((filters.page - 1) * filters.per_page)
    ).all()
    return rows, total


def scorecard_record(row: Any, links: dict[str, str] | None = None) -> dict[str, Any]:
    """One published scorecard as JSON (the export and GET /api/v1/scorecards)."""
    provenance = describe(row.kind, row.organisation, row.published_at, row.submitted_at, row.verification)
    return {
        "verification": provenance.verification,
        "jurisdiction": {
            "id": row.jurisdiction_id,
            "name": row.name,
            "state": row.state,
            "type": row.jurisdiction_kind,
            "fips": row.fips,
            "population": row.population,
        },
        "assessment": {
            "id": row.assessment_id,
            "year": row.year,
            **provenance.to_dict(),
            "published_on": row.published_at.date().isoformat() if row.published_at else None,
            "questionnaire_version": row.questionnaire_version,
            "rescored_from": row.rescored_from,
        },
        "scores": {
            tier: {
                "score": _rounded(getattr(row, f"{tier}_score")),
                "level": getattr(row, f"{tier}_level"),
                "local_score": _rounded(getattr(row, f"{tier}_local_score")),
                "completeness": _rounded(getattr(row, f"{tier}_completeness"), 3),
                **(
                    {"earned": getattr(row, f"{tier}_earned"), "possible": getattr(row, f"{tier}_possible")}
                    if tier != "overall"
                    else {}
                ),
            }
            for tier in (*TIERS, "overall")
        },
        "core": {"met": row.core_met, "failing": list(row.core_failing or ())},
        "levers": {
            lever_id: {t: _rounded(v) for t, v in figures.items()}
            for lever_id, figures in (row.lever_scores or {}).items()
        },
        "answers": row.answers or {},
        "evidence": row.citations or {},
        **({"links": links} if links else {}),
    }
