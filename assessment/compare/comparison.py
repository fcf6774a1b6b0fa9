"""Side-by-side comparison of jurisdictions, read from stored scores only.

Only verified publications that stand are compared: they are what
LatestPublished holds (stored_scores/listing.py).

choose_*() turn what the user asked for (a list, a state, "similar to")
into jurisdiction ids; compare() loads the latest published, scored
assessment of each in one query and lays out rows of cells, marking the
highest and lowest of every row so differences show without colour. Each
cell carries a code (CODES) saying why it holds what it does, so the page
and the CSV (compare/comparison_csv.py) tell "not asked", "set by state
law" and "don't know" apart the same way.

picked_places() names the places of a list someone is building (the
directory's and the comparison page's "Your comparison").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func, select

from assessment.content.current import level_label
from assessment.content.model import DONT_KNOW, Questionnaire
from assessment.directory.queries import latest_join
from assessment.extensions import db
from assessment.i18n import _
from assessment.models import AssessmentScore, Jurisdiction, LatestPublished
from assessment.models.provenance import Provenance, describe_listed
from assessment.scorecards.wording import tier_label
from assessment.scoring.asking import state_law_on
from assessment.web.templating import answer_text

MIN_PICK, MAX_PICK = 2, 12
MAX_STATE = 30  # "all published in a state" is capped, largest first
SIMILAR_COUNT = 11  # plus the one they are similar to
HIGHEST, LOWEST = "highest", "lowest"

# Why a cell holds what it does: the CSV's `code` column, explained in its
# header (comparison_csv.LEGEND). One code per cell; where two hold, the
# first of this order wins (a question not asked has no answer to doubt).
SCORED = "scored"  # a figure, or an answer that counts as it is
NO_SCORE = "no_score"  # a tier or lever with nothing to score here
CORE_MET, CORE_MISSING = "core_met", "core_missing"
NOT_ASKED = "not_asked"  # not asked of this type of place (or only where state law leaves the choice)
NOT_APPLICABLE = "not_applicable"  # the place said it does not apply, with a reason
STATE_IMPOSED = "state_imposed"  # state law forces or bars the local choice: counted, left out of the local score
DONT_KNOW_CODE = "dont_know"  # answered "don't know yet": counts as not met until found out
UNANSWERED = "unanswered"
LEFT_OUT = "left_out"  # absent from the stored points for another reason
CODES = (
    SCORED,
    NO_SCORE,
    CORE_MET,
    CORE_MISSING,
    NOT_ASKED,
    NOT_APPLICABLE,
    STATE_IMPOSED,
    DONT_KNOW_CODE,
    UNANSWERED,
    LEFT_OUT,
)


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
    code: str = SCORED  # one of CODES
    level: str | None = None  # a tier's level as stored (English, as in the open data)
    answer: str | None = None  # a question's answer in words
    points: tuple[float, float] | None = None  # a question's (earned, possible)


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    group: str  # "tier", "lever" or "question"
    tier: str | None = None
    ident: str = ""  # as the open-data CSV names it: "protection", "lever.<id>.<tier>", a question id

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
    stmt = (
        select(func.count())
        .select_from(Jurisdiction)
        .join(LatestPublished, latest_join(Jurisdiction.id))
        .where(Jurisdiction.is_listed, Jurisdiction.state == state)
    )
    return db.session.scalar(stmt) or 0


def choose_state(state: str) -> list[int]:
    return _published_ids_where(
        Jurisdiction.state == state, order_by=(Jurisdiction.population.desc().nulls_last(),), limit=MAX_STATE
    )


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
            *same_kind,
            Jurisdiction.population.between(size // 2, size * 2),
            order_by=(distance, (Jurisdiction.state != jurisdiction.state)),
            limit=SIMILAR_COUNT,
        )
    else:
        others = _published_ids_where(
            *same_kind,
            Jurisdiction.state == jurisdiction.state,
            order_by=(Jurisdiction.population.desc().nulls_last(),),
            limit=SIMILAR_COUNT,
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
        raise ComparisonError(
            _(
                "Choose at most %(most)s jurisdictions to compare; %(chosen)s were chosen.",
                most=MAX_PICK,
                chosen=len(ids),
            )
        )
    return ids


# ---------------------------------------------------------------- comparing


def _load_columns(ids: list[int], assessment_kind: str | None, year: int | None) -> list[Column]:
    latest = LatestPublished
    stmt = (
        select(
            Jurisdiction.id,
            Jurisdiction.name,
            Jurisdiction.state,
            Jurisdiction.kind,
            Jurisdiction.population,
            latest.assessment_id,
            latest.year,
            latest.assessment_kind,
            latest.organisation,
            latest.published_at,
            latest.submitted_at,
            AssessmentScore.protection_score,
            AssessmentScore.protection_level,
            AssessmentScore.next_level_score,
            AssessmentScore.next_level_level,
            AssessmentScore.overall_score,
            AssessmentScore.overall_level,
            AssessmentScore.protection_local_score,
            AssessmentScore.overall_local_score,
            AssessmentScore.core_met,
            AssessmentScore.questionnaire_version,
            AssessmentScore.lever_scores,
            AssessmentScore.question_points,
            AssessmentScore.answers,
        )
        .join(latest, latest_join(Jurisdiction.id, year, assessment_kind))
        .join(AssessmentScore, AssessmentScore.assessment_id == latest.assessment_id)
        .where(Jurisdiction.id.in_(ids), Jurisdiction.is_listed)
    )
    found = {row.id: row for row in db.session.execute(stmt)}
    return [
        Column(
            row.id,
            row.name,
            row.state,
            row.kind,
            row.population,
            row.assessment_id,
            row.year,
            describe_listed(row.assessment_kind, row.organisation, row.published_at, row.submitted_at),
            row,
        )
        for row in (found[i] for i in ids if i in found)
    ]


def _fmt(value: float | None, level: str | None = None) -> str:
    """A figure, and the level stored with it (English) in the current language."""
    if value is None:
        return _("n/a")
    figure = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{figure} ({level_label(level)})" if level else figure


def _marked(values: list[tuple[float | None, str]] | list[Cell]) -> tuple[Cell, ...]:
    """Cells (or (value, text) pairs) with the row's highest and lowest marked."""
    cells = [
        value if isinstance(value, Cell) else Cell(value[0], value[1], code=NO_SCORE if value[0] is None else SCORED)
        for value in values
    ]
    present = [c.value for c in cells if c.value is not None]
    high = max(present) if present else None
    low = min(present) if present else None
    differs = high is not None and not math.isclose(high, low)
    marked = []
    for cell in cells:
        mark = None
        if differs and cell.value is not None:
            mark = HIGHEST if math.isclose(cell.value, high) else LOWEST if math.isclose(cell.value, low) else None
        marked.append(replace(cell, mark=mark))
    return tuple(marked)


def _tier_rows(columns: list[Column]) -> list[Row]:
    rows = []
    for tier, label in (
        ("protection", tier_label("protection")),
        ("next_level", tier_label("next_level")),
        ("overall", _("Overall")),
    ):
        cells = []
        for c in columns:
            value, level = getattr(c.score, f"{tier}_score"), getattr(c.score, f"{tier}_level")
            cells.append(
                Cell(
                    value,
                    _fmt(value, level),
                    code=NO_SCORE if value is None else SCORED,
                    level=level if value is not None else None,
                )
            )
        rows.append(Row(label, _marked(cells), "tier", tier, tier))
        if tier == "protection":
            # What local government controls, state-imposed questions left out.
            local = [(c.score.protection_local_score, _fmt(c.score.protection_local_score)) for c in columns]
            rows.append(
                Row(
                    _("%(tier)s, local score", tier=label),
                    _marked(local),
                    "tier",
                    "protection_local",
                    "protection_local",
                )
            )
            core = [
                Cell(None, _("n/a"), code=NO_SCORE)
                if c.score.core_met is None
                else Cell(None, _("All in place"), code=CORE_MET)
                if c.score.core_met
                else Cell(None, _("Some missing"), code=CORE_MISSING)
                for c in columns
            ]
            rows.append(Row(_("Core protections"), tuple(core), "tier", "core", "core"))
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
            rows.append(
                Row(
                    f"{lever.title}: {tier_label(tier).lower()}",
                    _marked(values),
                    "lever",
                    tier,
                    f"lever.{lever.id}.{tier}",
                )
            )
    return rows


def _question_cell(questionnaire: Questionnaire, question, column: Column) -> Cell:
    """One place's answer to one question, with the code that says how it counts.

    Whether a question is asked, and whether state law imposes it, is read
    from the content for the place's type, state and year: the stored row
    keeps only the points of the questions that count."""
    points = (column.score.question_points or {}).get(question.id)
    answer = (column.score.answers or {}).get(question.id)
    if not question.applies_in(questionnaire.scopes_for(column.kind, column.state, column.year)):
        return Cell(None, _("Not asked here"), code=NOT_ASKED)
    if isinstance(answer, dict):
        words = answer_text(answer, question)
        return Cell(None, words, code=NOT_APPLICABLE, answer=words)
    if points is None:
        return Cell(
            None,
            _("Left out (does not apply)"),
            code=LEFT_OUT,
            answer=None if answer is None else answer_text(answer, question),
        )
    earned, possible = points
    share = earned / possible * 100 if possible else None
    words = answer_text(answer, question)
    text = _(
        "%(answer)s (%(earned)s of %(possible)s points)", answer=words, earned=f"{earned:g}", possible=f"{possible:g}"
    )
    effect = state_law_on(questionnaire, column.state.upper(), column.year, question.state_law_topics)[0]
    if effect in ("mandates", "preempts"):
        code = STATE_IMPOSED
        text = _("%(answer)s; limited by state law", answer=text)
    elif answer == DONT_KNOW:
        code = DONT_KNOW_CODE
    elif answer is None:
        code = UNANSWERED
    else:
        code = SCORED
    return Cell(share, text, code=code, answer=words, points=(earned, possible))


def _question_rows(questionnaire: Questionnaire, columns: list[Column]) -> list[Row]:
    rows = []
    for question in questionnaire.questions():
        cells = [_question_cell(questionnaire, question, column) for column in columns]
        if all(c.code == NOT_ASKED for c in cells):
            continue  # asked of none of these places
        rows.append(Row(question.prompt, _marked(cells), "question", question.tier, question.id))
    return rows


def compare(
    questionnaire: Questionnaire,
    ids: list[int],
    assessment_kind: str | None = None,
    year: int | None = None,
    with_questions: bool = False,
) -> Comparison:
    columns = _load_columns(ids, assessment_kind, year)
    shown = {c.jurisdiction_id for c in columns}
    missing_ids = [i for i in ids if i not in shown]
    missing = []
    if missing_ids:
        names = db.session.execute(
            select(Jurisdiction.id, Jurisdiction.name, Jurisdiction.state).where(
                Jurisdiction.id.in_(missing_ids), Jurisdiction.is_listed
            )
        ).all()
        missing = [f"{n.name}, {n.state}" for n in sorted(names, key=lambda n: missing_ids.index(n.id))]
    result = Comparison(columns=columns, missing=missing)
    if columns:
        result.tier_rows = _tier_rows(columns)
        result.lever_rows = _lever_rows(questionnaire, columns)
        if with_questions:
            result.question_rows = _question_rows(questionnaire, columns)
    return result


# ---------------------------------------------------------------- a list being built


@dataclass(frozen=True)
class Picked:
    jurisdiction_id: int
    name: str
    state: str
    published: bool  # a verified published scorecard stands, so it can be compared

    @property
    def title(self) -> str:
        return f"{self.name}, {self.state}"


def picked_ids(values: list[str]) -> list[int]:
    """The ids of a list held in an address, read leniently: the directory shows
    whatever of it makes sense rather than refusing a hand-edited link (the
    comparison itself says what was wrong: parse_ids)."""
    ids: list[int] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if part.isdigit() and len(part) <= 9 and int(part) not in ids:
                ids.append(int(part))
    return ids[:MAX_PICK]


def picked_places(ids: list[int]) -> list[Picked]:
    """The listed places among `ids`, in the order they were added."""
    if not ids:
        return []
    stmt = (
        select(Jurisdiction.id, Jurisdiction.name, Jurisdiction.state, LatestPublished.assessment_id)
        .outerjoin(LatestPublished, latest_join(Jurisdiction.id))
        .where(Jurisdiction.id.in_(ids), Jurisdiction.is_listed)
    )
    found = {row.id: row for row in db.session.execute(stmt)}
    return [Picked(i, found[i].name, found[i].state, found[i].assessment_id is not None) for i in ids if i in found]
