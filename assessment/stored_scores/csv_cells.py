"""The published CSV's columns for one questionnaire, and the cells of one
stored score row (kept ready in AssessmentScore.csv_cells, so the export of
every place streams without scoring anything)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from assessment.content.model import DONT_KNOW, TIERS, Questionnaire
from assessment.models.provenance import describe
from assessment.web.csv_safe import csv_fields


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
    """The CSV columns for one questionnaire."""

    def __init__(self, questionnaire: Questionnaire):
        self.version = questionnaire.version
        self.lever_ids = [lever.id for lever in questionnaire.levers]
        self.question_ids = [question.id for question in questionnaire.questions()]

    def header(self) -> list[str]:
        head = [
            "jurisdiction_id",
            "jurisdiction",
            "state",
            "jurisdiction_type",
            "fips",
            "population",
            "assessment_id",
            "year",
            "assessment_kind",
            "organisation",
            "assessed_by",
            "published_on",
            "verification",
            "questionnaire_version",
        ]
        for tier in (*TIERS, "overall"):
            head += [f"{tier}_score", f"{tier}_level"]
            if tier != "overall":
                head += [f"{tier}_earned", f"{tier}_possible"]
        for tier in (*TIERS, "overall"):
            head += [f"{tier}_local_score", f"{tier}_completeness"]
        head += ["core_met", "core_failing"]
        head += [f"lever.{lever_id}.{tier}" for lever_id in self.lever_ids for tier in TIERS]
        for qid in self.question_ids:
            head += [qid, f"{qid}.citation", f"{qid}.url"]
        return head

    @staticmethod
    def assessment_cells(row: Any, assessed_by: str) -> list[Any]:
        """The cells before questionnaire_version: the place, who published when, and who checked them."""
        return [
            row.jurisdiction_id,
            row.name,
            row.state,
            row.jurisdiction_kind,
            row.fips,
            row.population,
            row.assessment_id,
            row.year,
            row.kind,
            row.organisation,
            assessed_by,
            row.published_at.date().isoformat() if row.published_at else None,
            row.verification,
        ]

    def score_cells(self, row: Any) -> list[Any]:
        """The cells from questionnaire_version on: all read from a stored score row."""
        cells = [
            row.questionnaire_version,
            _rounded(row.protection_score),
            row.protection_level,
            row.protection_earned,
            row.protection_possible,
            _rounded(row.next_level_score),
            row.next_level_level,
            row.next_level_earned,
            row.next_level_possible,
            _rounded(row.overall_score),
            row.overall_level,
        ]
        for tier in (*TIERS, "overall"):
            cells += (_rounded(getattr(row, f"{tier}_local_score")), _rounded(getattr(row, f"{tier}_completeness"), 3))
        cells += (None if row.core_met is None else "yes" if row.core_met else "no", ";".join(row.core_failing or ()))
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

    def row(self, row: Any) -> list[Any]:
        """The cells of one published assessment (not yet made formula-safe)."""
        provenance = describe(row.kind, row.organisation, row.published_at, row.submitted_at)
        return [*self.assessment_cells(row, provenance.text), *self.score_cells(row)]

    def stored_cells(self, values: dict[str, Any]) -> str:
        """score_cells() of AssessmentScore column values, as formula-safe CSV text
        (AssessmentScore.csv_cells)."""
        return csv_fields(self.score_cells(SimpleNamespace(**values)))


def _rounded(value: float | None, digits: int = 1) -> float | None:
    return value if value is None else round(value, digits)
