"""Read and check an answers file, the JSON the `score` command (and later
bulk import) takes. Pure: no Flask, no database.

    {"jurisdiction": {"name": "King County", "state": "WA", "kind": "county"},
     "year": 2026,
     "answers": {"<question id>": "<option id>" | ["<option id>", ...]
                                 | "dont_know" | {"not_applicable": "<condition id>"}},
     "evidence": {"<question id>": {"url": ..., "citation": ..., "note": ...}}}

Every problem is reported as one plain line, so a person can fix the whole
file in one pass instead of one error per run.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import us

from assessment.content.model import Questionnaire
from assessment.scoring import JURISDICTION_KINDS, JurisdictionInfo
from assessment.scoring.answers import validate_answers, validate_evidence

MAX_FILE_BYTES = 5 * 1024 * 1024  # far above any real questionnaire's answers
MAX_NAME_CHARS = 200
YEARS = range(1990, 2101)
TOP_LEVEL_KEYS = ("jurisdiction", "year", "answers", "evidence")
JURISDICTION_KEYS = ("name", "state", "kind")
STATE_CODES = frozenset(s.abbr for s in [*us.states.STATES_AND_TERRITORIES, us.states.DC])


@dataclass(frozen=True)
class AnswersFile:
    jurisdiction: JurisdictionInfo
    year: int
    answers: Mapping[str, Any]
    evidence: Mapping[str, Any] = field(default_factory=dict)


def load_answers_file(source: Path | str, questionnaire: Questionnaire) -> tuple[AnswersFile | None, list[str]]:
    """Read a file (a Path) or JSON text (a str) and check it.

    Returns (AnswersFile, []) when everything is valid, else (None, problems),
    each problem one line that names the file and the place in it.
    """
    if isinstance(source, Path):
        where = str(source)
        text, problem = _read(source)
        if problem:
            return None, [f"{where}: {problem}"]
    else:
        where, text = "answers", source
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return None, [f"{where}: not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"]
    answers_file, problems = parse_answers_data(data, questionnaire)
    return answers_file, [f"{where}: {p}" for p in problems]


def parse_answers_data(data: Any, questionnaire: Questionnaire) -> tuple[AnswersFile | None, list[str]]:
    """Check already-decoded JSON; problems are not prefixed with a file name."""
    if not isinstance(data, dict):
        return None, [f"expected a JSON object with {', '.join(TOP_LEVEL_KEYS)}, got {_json_type(data)}"]
    problems = [
        f"unknown key {key!r} (allowed: {', '.join(TOP_LEVEL_KEYS)})" for key in data if key not in TOP_LEVEL_KEYS
    ]
    jurisdiction, jurisdiction_problems = _jurisdiction(data.get("jurisdiction"))
    problems += jurisdiction_problems
    year = data.get("year")
    if year is None:
        problems.append('year: missing (e.g. "year": 2026)')
    elif isinstance(year, bool) or not isinstance(year, int) or year not in YEARS:
        problems.append(f"year: expected a whole year between {YEARS.start} and {YEARS.stop - 1}, got {year!r}")
    answers = data.get("answers")
    if answers is None:
        problems.append("answers: missing (a mapping of question id to answer)")
    else:
        problems += validate_answers(questionnaire, answers)
    evidence = data.get("evidence", {})
    if evidence is None:
        evidence = {}
    problems += validate_evidence(evidence, questionnaire)
    # The last three never hold without a problem above; they tell the type checker what the checks proved.
    if problems or jurisdiction is None or not isinstance(year, int) or answers is None:
        return None, [_one_line(p) for p in problems]
    # State law is taken as it stood at the end of the assessment year.
    return AnswersFile(replace(jurisdiction, year=year), year, answers, evidence), []


def _one_line(problem: str) -> str:
    """Keys and values from the file are quoted into problems; a line break or
    other control character in them must not split one problem over lines."""
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in problem)


def _read(path: Path) -> tuple[str, str | None]:
    try:
        if not path.is_file():
            return "", "no such file" if not path.exists() else "not a file"
        if path.stat().st_size > MAX_FILE_BYTES:
            return "", f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"
        # utf-8-sig: editors on Windows often start UTF-8 files with a BOM.
        return path.read_text(encoding="utf-8-sig"), None
    except UnicodeDecodeError:
        return "", "not UTF-8 text"
    except OSError as error:
        return "", f"cannot be read ({error.strerror or error})"


def _jurisdiction(value: Any) -> tuple[JurisdictionInfo | None, list[str]]:
    if value is None:
        return None, ['jurisdiction: missing (e.g. {"name": "King County", "state": "WA", "kind": "county"})']
    if not isinstance(value, dict):
        return None, [f"jurisdiction: expected an object with name, state and kind, got {_json_type(value)}"]
    problems = [
        f"jurisdiction: unknown key {key!r} (allowed: {', '.join(JURISDICTION_KEYS)})"
        for key in value
        if key not in JURISDICTION_KEYS
    ]
    name, state, kind = value.get("name"), value.get("state"), value.get("kind")
    if not isinstance(name, str) or not name.strip():
        problems.append("jurisdiction.name: missing or empty")
    elif len(name) > MAX_NAME_CHARS:
        problems.append(f"jurisdiction.name: {len(name)} characters; the limit is {MAX_NAME_CHARS}")
    if not isinstance(state, str) or state.upper() not in STATE_CODES:
        problems.append(f'jurisdiction.state: {state!r} is not a two-letter US state code (e.g. "WA")')
    if kind not in JURISDICTION_KINDS:
        problems.append(f"jurisdiction.kind: {kind!r} is not one of {', '.join(JURISDICTION_KINDS)}")
    if problems or not isinstance(name, str) or not isinstance(state, str) or not isinstance(kind, str):  # as above
        return None, problems
    return JurisdictionInfo(name.strip(), state.upper(), kind), []


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__)
