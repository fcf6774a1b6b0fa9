"""Side-by-side comparison of jurisdictions, read from stored scores only.

Only verified publications that stand are compared: they are what
LatestPublished holds (services/listing.py).

choose_*() turn what the user asked for (a list, a state, "similar to")
into jurisdiction ids; compare() loads the latest published, scored
assessment of each in one query and lays out rows of cells, marking the
highest and lowest of every row so differences show without colour.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from ..content.model import Questionnaire
from ..content_access import level_label
from ..extensions import db
from ..i18n import _
from ..models import AssessmentScore, Jurisdiction, LatestPublished
from ..provenance import Provenance, describe_listed
from ..scorecards.wording import tier_label
from ..web.templating import answer_text
from .directory import latest_join

MIN_PICK, MAX_PICK = 2, 12
MAX_STATE = 30  # "all published in a state" is capped, largest first
SIMILAR_COUNT = 11  # plus the one they are similar to
HIGHEST, LOWEST = "highest", "lowest"


class ComparisonError(ValueError):
    pass


@dataclass(frozen=True)
class Column:
    jurisdiction_id: int
    name: str
    state: str
    kind: str
    population: int | None
    assessment_id: int
    year: int
    provenance: Provenance
    score: Any  # the AssessmentScore row's values, as a result row

    @property
    def title(self) -> str:
        return f"{self.name}, {self.state}"


@dataclass(frozen=True)
class Cell:
    value: float | None  # 0-100 (a score or a question's share of its points)
    text: str  # what the reader sees
    mark: str | None = None  # HIGHEST, LOWEST or None


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    group: str  # "tier", "lever" or "question"
    tier: str | None = None

    @property
    def differs(self) -> bool:
        values = {c.value for c in self.cells if c.value is not None}
        return len(values) > 1


@dataclass
class Comparison:
    columns: list[Column]
    tier_rows: list[Row] = field(default_factory=list)
    lever_rows: list[Row] = field(default_factory=list)
    question_rows: list[Row] = field(default_factory=list)
    # Asked for, but no verified publication stands (an unverified one is
    # never compared: it is named here like a place with nothing published).
    missing: list[str] = field(default_factory=list)
    truncated_from: int | None = None


# ---------------------------------------------------------------- choosing


def _published_ids_where(*conditions, order_by=(), limit: int) -> list[int]:
    stmt = (
        select(Jurisdiction.id)
        .join(LatestPublished, latest_join(Jurisdiction.id))
        .where(Jurisdiction.is_listed, *conditions)
        .order_by(*order_by, Jurisdiction.name, Jurisdiction.id)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def count_published_in_state(state: str) -> int:
    stmt = select(func.count()).select_from(Jurisdiction).join(
        LatestPublished, latest_join(Jurisdiction.id)).where(Jurisdiction.is_listed, Jurisdiction.state == state)
    return db.session.scalar(stmt) or 0


def choose_state(state: str) -> list[int]:
    return _published_ids_where(Jurisdiction.state == state,
                                order_by=(Jurisdiction.population.desc().nulls_last(),), limit=MAX_STATE)


def choose_similar(jurisdiction: Jurisdiction, by: str = "population") -> list[int]:
    """The jurisdiction itself, then up to 11 published ones like it.

    by="state": the same kind in the same state, largest first.
    by="population": the same kind, population within a factor of two,
    closest first (same state breaks ties); without a recorded population,
    falls back to the same state.
    """
    others = []
    same_kind = [Jurisdiction.kind == jurisdiction.kind, Jurisdiction.id != jurisdiction.id]
    if by == "population" and jurisdiction.population:
        size = jurisdiction.population
        distance = func.abs(Jurisdiction.population - size)
        others = _published_ids_where(
            *same_kind, Jurisdiction.population.between(size // 2, size * 2),
            order_by=(distance, (Jurisdiction.state != jurisdiction.state)), limit=SIMILAR_COUNT,
        )
    else:
        others = _published_ids_where(
            *same_kind, Jurisdiction.state == jurisdiction.state,
            order_by=(Jurisdiction.population.desc().nulls_last(),), limit=SIMILAR_COUNT,
        )
    return [jurisdiction.id, *others]


def parse_ids(values: list[str]) -> list[int]:
    ids: list[int] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or len(part) > 9:
                raise ComparisonError(_("“%(value)s” is not a jurisdiction number.", value=part[:20]))
            if int(part) not in ids:
                ids.append(int(part))
    if len(ids) > MAX_PICK:
        raise ComparisonError(_("Choose at most %(most)s jurisdictions to compare; %(chosen)s were chosen.",
                                most=MAX_PICK, chosen=len(ids)))
    return ids


# ---------------------------------------------------------------- comparing


def _load_columns(ids: list[int], assessment_kind: str | None, year: int | None) -> list[Column]:
    latest = LatestPublished
    stmt = (
        select(
            Jurisdiction.id, Jurisdiction.name, Jurisdiction.state, Jurisdiction.kind, Jurisdiction.population,
            latest.assessment_id, latest.year, latest.assessment_kind, latest.organisation,
            latest.published_at, latest.submitted_at,
            AssessmentScore.protection_score, AssessmentScore.protection_level,
            AssessmentScore.next_level_score, AssessmentScore.next_level_level,
            AssessmentScore.overall_score, AssessmentScore.overall_level,
            AssessmentScore.protection_local_score, AssessmentScore.overall_local_score, AssessmentScore.core_met,
            AssessmentScore.questionnaire_version,
            AssessmentScore.lever_scores, AssessmentScore.question_points, AssessmentScore.answers,
        )
        .join(latest, latest_join(Jurisdiction.id, year, assessment_kind))
        .join(AssessmentScore, AssessmentScore.assessment_id == latest.assessment_id)
        .where(Jurisdiction.id.in_(ids), Jurisdiction.is_listed)
    )
    found = {row.id: row for row in db.session.execute(stmt)}
    return [
        Column(row.id, row.name, row.state, row.kind, row.population, row.assessment_id, row.year,
               describe_listed(row.assessment_kind, row.organisation, row.published_at, row.submitted_at), row)
        for row in (found[i] for i in ids if i in found)
    ]


def _fmt(value: float | None, level: str | None = None) -> str:
    """A figure, and the level stored with it (English) in the current language."""
    if value is None:
        return _("n/a")
    figure = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{figure} ({level_label(level)})" if level else figure


def _marked(values: list[tuple[float | None, str]]) -> tuple[Cell, ...]:
    present = [v for v, _ in values if v is not None]
    high = max(present) if present else None
    low = min(present) if present else None
    differs = high is not None and not math.isclose(high, low)
    cells = []
    for value, text in values:
        mark = None
        if differs and value is not None:
            mark = HIGHEST if math.isclose(value, high) else LOWEST if math.isclose(value, low) else None
        cells.append(Cell(value, text, mark))
    return tuple(cells)


def _tier_rows(columns: list[Column]) -> list[Row]:
    rows = []
    for tier, label in (("protection", tier_label("protection")), ("next_level", tier_label("next_level")),
                        ("overall", _("Overall"))):
        values = [(getattr(c.score, f"{tier}_score"), _fmt(getattr(c.score, f"{tier}_score"),
                                                            getattr(c.score, f"{tier}_level"))) for c in columns]
        rows.append(Row(label, _marked(values), "tier", tier))
        if tier == "protection":
            # What local government controls, state-imposed questions left out.
            local = [(c.score.protection_local_score, _fmt(c.score.protection_local_score)) for c in columns]
            rows.append(Row(_("%(tier)s, local score", tier=label), _marked(local), "tier", "protection_local"))
            core = [(None, _("n/a") if c.score.core_met is None else _("All in place") if c.score.core_met
                     else _("Some missing")) for c in columns]
            rows.append(Row(_("Core protections"), tuple(Cell(v, text, None) for v, text in core), "tier", "core"))
    return rows


def _lever_rows(questionnaire: Questionnaire, columns: list[Column]) -> list[Row]:
    rows = []
    for lever in questionnaire.levers:
        for tier in ("protection", "next_level"):
            values = []
            for column in columns:
                value = (column.score.lever_scores or {}).get(lever.id, {}).get(tier)
                values.append((value, _fmt(value)))
            if all(v is None for v, _ in values):
                continue  # no question of this tier on this lever counts anywhere
            rows.append(Row(f"{lever.title}: {tier_label(tier).lower()}", _marked(values), "lever", tier))
    return rows


def _question_rows(questionnaire: Questionnaire, columns: list[Column]) -> list[Row]:
    rows = []
    for question in questionnaire.questions():
        values = []
        for column in columns:
            points = (column.score.question_points or {}).get(question.id)
            answer = (column.score.answers or {}).get(question.id)
            if points is None:
                values.append((None, _("Left out (does not apply)") if answer is None else answer_text(answer, question)))
                continue
            earned, possible = points
            share = earned / possible * 100 if possible else None
            text = _("%(answer)s (%(earned)s of %(possible)s points)", answer=answer_text(answer, question),
                     earned=f"{earned:g}", possible=f"{possible:g}")
            values.append((share, text))
        if all(v is None for v, _ in values):
            continue
        rows.append(Row(question.prompt, _marked(values), "question", question.tier))
    return rows


def compare(questionnaire: Questionnaire, ids: list[int], assessment_kind: str | None = None,
            year: int | None = None, with_questions: bool = False) -> Comparison:
    columns = _load_columns(ids, assessment_kind, year)
    shown = {c.jurisdiction_id for c in columns}
    missing_ids = [i for i in ids if i not in shown]
    missing = []
    if missing_ids:
        names = db.session.execute(
            select(Jurisdiction.id, Jurisdiction.name, Jurisdiction.state).where(
                Jurisdiction.id.in_(missing_ids), Jurisdiction.is_listed)
        ).all()
        missing = [f"{n.name}, {n.state}" for n in sorted(names, key=lambda n: missing_ids.index(n.id))]
    result = Comparison(columns=columns, missing=missing)
    if columns:
        result.tier_rows = _tier_rows(columns)
        result.lever_rows = _lever_rows(questionnaire, columns)
        if with_questions:
            result.question_rows = _question_rows(questionnaire, columns)
    return result


def comparison_table(comparison: Comparison) -> list[list[Any]]:
    """The comparison as rows for a CSV: a header, then one row per figure."""
    header = [_("Figure"), *(f"{c.title} ({c.year}, {c.provenance.text}; {c.provenance.verification_label})"
                              for c in comparison.columns)]
    method = [_("Method version"), *(c.score.questionnaire_version for c in comparison.columns)]
    body = [method] + [
        [row.label, *(cell.text for cell in row.cells)]
        for row in (*comparison.tier_rows, *comparison.lever_rows, *comparison.question_rows)
    ]
    return [header, *body]
