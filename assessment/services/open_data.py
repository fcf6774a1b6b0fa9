"""Open data: every published scorecard as flat rows (CSV) or records (JSON
and the API), read from stored scores in one streamed query.

published_rows() yields plain result rows through yield_per (a server-side
cursor on PostgreSQL), so memory stays flat however many rows there are.
"""
from __future__ import annotations

from typing import Any, Iterator

from sqlalchemy import and_, func, select

from ..content.model import DONT_KNOW, Questionnaire
from ..extensions import db
from ..models import Assessment, AssessmentScore, Jurisdiction
from ..provenance import describe
from .directory import DirectoryFilters, band_condition, name_conditions

STREAM_BATCH = 500
TIERS = ("protection", "next_level")


def _statement(filters: DirectoryFilters | None):
    stmt = (
        select(
            Jurisdiction.id.label("jurisdiction_id"), Jurisdiction.name, Jurisdiction.state,
            Jurisdiction.kind.label("jurisdiction_kind"), Jurisdiction.fips, Jurisdiction.population,
            Assessment.id.label("assessment_id"), Assessment.year, Assessment.kind, Assessment.organisation,
            Assessment.published_at, Assessment.submitted_at,
            AssessmentScore.questionnaire_version,
            AssessmentScore.protection_score, AssessmentScore.protection_level,
            AssessmentScore.protection_earned, AssessmentScore.protection_possible,
            AssessmentScore.next_level_score, AssessmentScore.next_level_level,
            AssessmentScore.next_level_earned, AssessmentScore.next_level_possible,
            AssessmentScore.overall_score, AssessmentScore.overall_level,
            AssessmentScore.lever_scores, AssessmentScore.answers, AssessmentScore.citations,
        )
        .select_from(Assessment)
        .join(Jurisdiction, Jurisdiction.id == Assessment.jurisdiction_id)
        .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
        .where(Assessment.published_at.is_not(None), Assessment.status == "submitted")
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


def published_rows(filters: DirectoryFilters | None = None) -> Iterator[Any]:
    """Every published, scored assessment (filtered), streamed."""
    stmt = _statement(filters).order_by(*_order(filters)).execution_options(yield_per=STREAM_BATCH)
    yield from db.session.execute(stmt)


def published_page(filters: DirectoryFilters) -> tuple[list[Any], int]:
    stmt = _statement(filters)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.execute(
        stmt.order_by(*_order(filters)).limit(filters.per_page).offset((filters.page - 1) * filters.per_page)
    ).all()
    return rows, total


# ---------------------------------------------------------------- shapes


def answer_cell(value: Any) -> str:
    """An answer as one CSV cell: option ids joined by ';', dont_know, or not_applicable: reason."""
    if value is None:
        return ""
    if value == DONT_KNOW:
        return DONT_KNOW
    if isinstance(value, dict):
        return f"not_applicable: {value.get('not_applicable', '')}"
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


class CsvShape:
    """The CSV columns for one questionnaire, worked out once per download."""

    def __init__(self, questionnaire: Questionnaire):
        self.lever_ids = [lever.id for lever in questionnaire.levers]
        self.question_ids = [question.id for question in questionnaire.questions()]

    def header(self) -> list[str]:
        head = [
            "jurisdiction_id", "jurisdiction", "state", "jurisdiction_type", "fips", "population",
            "assessment_id", "year", "assessment_kind", "organisation", "assessed_by", "published_on",
            "questionnaire_version",
        ]
        for tier in (*TIERS, "overall"):
            head += [f"{tier}_score", f"{tier}_level"]
            if tier != "overall":
                head += [f"{tier}_earned", f"{tier}_possible"]
        head += [f"lever.{lever_id}.{tier}" for lever_id in self.lever_ids for tier in TIERS]
        for qid in self.question_ids:
            head += [qid, f"{qid}.citation", f"{qid}.url"]
        return head

    def row(self, row: Any) -> list[Any]:
        """The cells of one published assessment (not yet made formula-safe)."""
        provenance = describe(row.kind, row.organisation, row.published_at, row.submitted_at)
        cells = [
            row.jurisdiction_id, row.name, row.state, row.jurisdiction_kind, row.fips, row.population,
            row.assessment_id, row.year, row.kind, row.organisation, provenance.text,
            row.published_at.date().isoformat() if row.published_at else None, row.questionnaire_version,
            _rounded(row.protection_score), row.protection_level, row.protection_earned, row.protection_possible,
            _rounded(row.next_level_score), row.next_level_level, row.next_level_earned, row.next_level_possible,
            _rounded(row.overall_score), row.overall_level,
        ]
        levers = row.lever_scores or {}
        empty: dict = {}
        for lever_id in self.lever_ids:
            figures = levers.get(lever_id, empty)
            cells += (_rounded(figures.get("protection")), _rounded(figures.get("next_level")))
        answers, citations = row.answers or empty, row.citations or empty
        for qid in self.question_ids:
            value = answers.get(qid)
            cited = citations.get(qid, empty)
            cells += (value if value.__class__ is str else answer_cell(value), cited.get("citation"), cited.get("url"))
        return cells


def _rounded(value: float | None) -> float | None:
    return value if value is None else round(value, 1)


def scorecard_record(row: Any, links: dict[str, str] | None = None) -> dict[str, Any]:
    """One published scorecard as JSON (the export and GET /api/v1/scorecards)."""
    provenance = describe(row.kind, row.organisation, row.published_at, row.submitted_at)
    return {
        "jurisdiction": {"id": row.jurisdiction_id, "name": row.name, "state": row.state,
                         "type": row.jurisdiction_kind, "fips": row.fips, "population": row.population},
        "assessment": {"id": row.assessment_id, "year": row.year, **provenance.to_dict(),
                       "published_on": row.published_at.date().isoformat() if row.published_at else None,
                       "questionnaire_version": row.questionnaire_version},
        "scores": {
            tier: {"score": _rounded(getattr(row, f"{tier}_score")), "level": getattr(row, f"{tier}_level"),
                   **({"earned": getattr(row, f"{tier}_earned"), "possible": getattr(row, f"{tier}_possible")}
                      if tier != "overall" else {})}
            for tier in (*TIERS, "overall")
        },
        "levers": {lever_id: {t: _rounded(v) for t, v in figures.items()}
                   for lever_id, figures in (row.lever_scores or {}).items()},
        "answers": row.answers or {},
        "evidence": row.citations or {},
        **({"links": links} if links else {}),
    }
