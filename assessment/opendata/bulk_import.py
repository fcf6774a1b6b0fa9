"""Import many independent assessments at once, all or nothing.

Two file shapes:

* JSON: a list of answers files (see scoring/answers_file.py), one per assessment;
* CSV: one row per assessment, columns name, state, kind, year and optionally
  organisation, then one column per question id (an option id; several
  option ids separated by ';'; dont_know; or "not_applicable: <condition id>",
  one of the question's listed conditions; empty for no answer), and optionally
  <question id>.citation, .url, .note, .shows and .durability.

read_import_file() checks everything first and reports each problem with its
row (CSV rows counted as a spreadsheet shows them, the header being row 1;
JSON items counted from 1) and column (a CSV header, or a JSON key path).
import_assessments() writes nothing unless there is no problem at all, and
never commits: the caller does, once.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from assessment.content.model import DONT_KNOW, Questionnaire
from assessment.extensions import db
from assessment.models import Answer, Assessment, Editor, Jurisdiction
from assessment.models._common import utcnow
from assessment.models.jurisdictions import search_key
from assessment.publishing.verification import record_verification
from assessment.scoring import JURISDICTION_KINDS
from assessment.scoring.answers import EVIDENCE_LIMITS, NOT_APPLICABLE, validate_answers, validate_evidence
from assessment.scoring.answers_file import MAX_FILE_BYTES, STATE_CODES, YEARS, parse_answers_data
from assessment.stored_scores.refresh import refresh_scores
from assessment.survey.operations import _audit, latest_assessable_year

CSV_FIXED = ("name", "state", "kind", "year", "organisation")
MAX_ORGANISATION = 200


@dataclass
class ImportRow:
    row: int
    name: str
    state: str
    kind: str
    year: int
    organisation: str | None
    answers: dict[str, Any]
    evidence: dict[str, dict[str, str]] = field(default_factory=dict)
    jurisdiction_id: int | None = None


@dataclass
class ImportResult:
    rows: list[ImportRow]
    problems: list[str]


def _problem(row: int, column: str | None, message: str) -> str:
    return f"row {row}, column {column}: {message}" if column else f"row {row}: {message}"


def _split(message: str) -> tuple[str | None, str]:
    """'answers.q1: not an option' -> ('answers.q1', 'not an option')."""
    head, sep, rest = message.partition(": ")
    if sep and " " not in head:
        return head, rest
    return None, message


# ---------------------------------------------------------------- reading


def _read_json(text: str, questionnaire: Questionnaire) -> ImportResult:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return ImportResult([], [f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"])
    if not isinstance(data, list):
        return ImportResult([], ["expected a JSON list of answers files ([{...}, {...}])"])
    rows, problems = [], []
    for number, item in enumerate(data, start=1):
        parsed, found = parse_answers_data(item, questionnaire)
        problems += [_problem(number, *_split(message)) for message in found]
        if parsed is not None:
            place = parsed.jurisdiction
            rows.append(
                ImportRow(
                    number,
                    place.name,
                    place.state,
                    place.kind,
                    parsed.year,
                    None,
                    dict(parsed.answers),
                    {k: dict(v) for k, v in parsed.evidence.items()},
                )
            )
    return ImportResult(rows, problems)


def _cell_answer(question, text: str) -> Any:
    text = text.strip()
    if text == DONT_KNOW:
        return DONT_KNOW
    if text.startswith(NOT_APPLICABLE):
        return {NOT_APPLICABLE: text[len(NOT_APPLICABLE) :].lstrip(" :").strip()}
    if question.kind == "multi":
        return [part.strip() for part in text.split(";") if part.strip()]
    return text


def _read_csv(text: str, questionnaire: Questionnaire) -> ImportResult:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    problems = []
    question_columns, evidence_columns = [], []
    for column in header:
        qid, _, part = column.partition(".")
        if column in CSV_FIXED:
            continue
        if questionnaire.question(qid) is None:
            problems.append(
                _problem(
                    1,
                    column,
                    "unknown column (not a question id of the questionnaire nor one of " + ", ".join(CSV_FIXED) + ")",
                )
            )
        elif not part:
            question_columns.append(column)
        elif part in EVIDENCE_LIMITS:
            evidence_columns.append((column, qid, part))
        else:
            problems.append(
                _problem(
                    1, column, f"unknown evidence field {part!r} (use .citation, .url, .note, .shows or .durability)"
                )
            )
    for required in ("name", "state", "kind", "year"):
        if required not in header:
            problems.append(_problem(1, required, "missing column"))
    if problems:
        return ImportResult([], problems)
    if len(set(header)) != len(header):
        return ImportResult([], [_problem(1, None, "a column name is repeated")])
    rows = []
    # Spreadsheet numbering: the header is row 1, the first assessment row 2.
    for number, record in enumerate(reader, start=2):
        if None in record:
            problems.append(_problem(number, None, "more cells than columns in the header"))
            continue
        row_problems = []
        name = (record.get("name") or "").strip()
        state = (record.get("state") or "").strip().upper()
        kind = (record.get("kind") or "").strip()
        year_text = (record.get("year") or "").strip()
        organisation = (record.get("organisation") or "").strip() or None
        if not name:
            row_problems.append(_problem(number, "name", "empty"))
        if state not in STATE_CODES:
            row_problems.append(_problem(number, "state", f"{state!r} is not a two-letter US state code"))
        if kind not in JURISDICTION_KINDS:
            row_problems.append(_problem(number, "kind", f"{kind!r} is not one of {', '.join(JURISDICTION_KINDS)}"))
        if not year_text.isdigit() or int(year_text) not in YEARS:
            row_problems.append(
                _problem(number, "year", f"{year_text!r} is not a year between {YEARS.start} and {YEARS.stop - 1}")
            )
        elif int(year_text) > latest_assessable_year():
            row_problems.append(
                _problem(
                    number, "year", f"{year_text} is in the future: an assessment is for this year or an earlier one"
                )
            )
        if organisation and len(organisation) > MAX_ORGANISATION:
            row_problems.append(_problem(number, "organisation", f"longer than {MAX_ORGANISATION} characters"))
        answers = {}
        for column in question_columns:
            text = record.get(column) or ""
            if text.strip():
                answers[column] = _cell_answer(questionnaire.question(column), text)
        row_problems += [
            _problem(number, column.removeprefix("answers."), message)
            for column, message in map(_split, validate_answers(questionnaire, answers))
        ]
        evidence: dict[str, dict[str, str]] = {}
        for column, qid, part in evidence_columns:
            text = (record.get(column) or "").strip()
            if text:
                evidence.setdefault(qid, {})[part] = text
        for message in validate_evidence(evidence, questionnaire):
            where, detail = _split(message)
            row_problems.append(_problem(number, (where or "").removeprefix("evidence.") or None, detail))
        problems += row_problems
        if not row_problems:
            rows.append(ImportRow(number, name, state, kind, int(year_text), organisation, answers, evidence))
    if not rows and not problems:
        problems.append("the file has a header but no rows")
    return ImportResult(rows, problems)


def read_import_file(path: Path, questionnaire: Questionnaire) -> ImportResult:
    try:
        if not path.is_file():
            return ImportResult([], [f"{path}: no such file"])
        if path.stat().st_size > MAX_FILE_BYTES * 20:
            return ImportResult([], [f"{path}: larger than {MAX_FILE_BYTES * 20 // (1024 * 1024)} MB"])
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return ImportResult([], [f"{path}: not UTF-8 text"])
    except OSError as error:
        return ImportResult([], [f"{path}: cannot be read ({error.strerror or error})"])
    if path.suffix.lower() == ".csv":
        return _read_csv(text, questionnaire)
    if path.suffix.lower() == ".json":
        return _read_json(text, questionnaire)
    return ImportResult([], [f"{path}: expected a .json or .csv file"])


# ---------------------------------------------------------------- checking against the database


def _missing_answers(questionnaire: Questionnaire, row: ImportRow) -> list[str]:
    scopes = questionnaire.scopes_for(row.kind, row.state, row.year)
    return [q.id for q in questionnaire.questions() if q.applies_in(scopes) and q.id not in row.answers]


def check_rows(
    questionnaire: Questionnaire, rows: list[ImportRow], default_organisation: str | None, publish: bool
) -> list[str]:
    """Match jurisdictions and find clashes; fills row.jurisdiction_id and organisation."""
    directory = {}
    for ident, name, state, kind in db.session.execute(
        select(Jurisdiction.id, Jurisdiction.name, Jurisdiction.state, Jurisdiction.kind)
    ):
        directory.setdefault((state, kind, search_key(name)), ident)
    existing = {
        (j, y, o)
        for j, y, o in db.session.execute(
            select(Assessment.jurisdiction_id, Assessment.year, Assessment.organisation).where(
                Assessment.kind == "independent"
            )
        )
    }
    problems, seen = [], {}
    for row in rows:
        row.organisation = row.organisation or default_organisation
        if not row.organisation:
            problems.append(_problem(row.row, "organisation", "empty, and no --organisation was given"))
        row.jurisdiction_id = directory.get((row.state, row.kind, search_key(row.name)))
        if row.jurisdiction_id is None:
            problems.append(
                _problem(
                    row.row,
                    "name",
                    f"no {row.kind} called {row.name!r} in {row.state} in the "
                    "directory (add it first, or check the spelling and kind)",
                )
            )
            continue
        key = (row.jurisdiction_id, row.year, row.organisation)
        if key in existing:
            problems.append(
                _problem(
                    row.row,
                    "name",
                    f"{row.organisation} already has an independent assessment "
                    f"of {row.name}, {row.state} for {row.year}",
                )
            )
        elif key in seen:
            problems.append(
                _problem(row.row, "name", f"the same jurisdiction, year and organisation as row {seen[key]}")
            )
        seen.setdefault(key, row.row)
        if publish:
            problems += [
                _problem(
                    row.row,
                    qid,
                    "no answer; publishing needs every applicable question answered "
                    '(dont_know and "not_applicable: <condition id>" count)',
                )
                for qid in _missing_answers(questionnaire, row)
            ]
    return problems


# ---------------------------------------------------------------- writing


def import_assessments(questionnaire: Questionnaire, rows: list[ImportRow], user, publish: bool) -> list[Assessment]:
    """Create the checked rows' assessments (call check_rows first and only with no problem)."""
    now = utcnow()
    created = []
    for row in rows:
        complete = not _missing_answers(questionnaire, row)
        assessment = Assessment(
            jurisdiction_id=row.jurisdiction_id,
            year=row.year,
            kind="independent",
            organisation=row.organisation,
            questionnaire_version=questionnaire.version,
            created_by_id=user.id,
            revision=1,
            status="submitted" if complete else "draft",
            submitted_at=now if complete else None,
            published_at=now if publish else None,
            updated_at=now,
        )
        db.session.add(assessment)
        db.session.flush()
        assessment.series_id = assessment.id
        db.session.add(Editor(assessment_id=assessment.id, user_id=user.id, added_by_id=user.id, role="owner"))
        for qid in [*row.answers, *sorted(set(row.evidence) - set(row.answers))]:
            answer = Answer(
                assessment=assessment,
                question_id=qid,
                value=row.answers.get(qid),
                revision=1,
                updated_at=now,
                updated_by_id=user.id,
            )
            answer.set_evidence(row.evidence.get(qid, {}))
            db.session.add(answer)
        _audit(assessment, user, "imported", new={"row": row.row, "organisation": row.organisation})
        if publish:
            record_verification(assessment, user)
            _audit(assessment, user, "publish")
        refresh_scores(assessment)
        created.append(assessment)
    return created
