"""The shape of the files under questions/, and how one file is read and checked.

A file is read into plain data while keeping every value's YAML node, so each
problem can name the file, the entry (the id of the lever, question or catalog
item it sits in), the field inside that entry, and the line. Structure (required
fields, types, unknown fields, id spelling, URLs) is checked with JSON Schema;
cross-file rules (references, points, lever list) live in loader.py.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from assessment.content.model import DONT_KNOW, JURISDICTION_SCOPES, QUESTION_KINDS, STATE_LAW_EFFECTS, TIERS

# The app adds "don't know" and "not applicable" to every question itself.
RESERVED_OPTION_IDS = (DONT_KNOW, "not_applicable")

Step = str | int
YamlPath = tuple[Step, ...]
# One YAML mapping read as plain data (its values are whatever the file holds), and one JSON Schema.
Record = dict[str, Any]
Schema = dict[str, Any]

# libyaml's parser when PyYAML was built with it (10x faster); both keep node marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    file: str  # relative path, starting with the questions folder: "questions/levers/detainers.yaml"
    line: int | None  # 1-based
    entry: str | None  # id of the lever, question, section, level or catalog item
    field: str | None  # field inside the entry, e.g. "points" or "options[none].points"
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        about = ", ".join(
            part
            for part in (
                f"entry '{self.entry}'" if self.entry else "",
                f"field '{self.field}'" if self.field else "",
            )
            if part
        )
        return f"{where}: {about}: {self.message}" if about else f"{where}: {self.message}"


def format_problems(problems: Sequence[Problem]) -> str:
    count = len(problems)
    if not count:
        return "The questionnaire content has no problems."
    lines = [f"{count} problem{'' if count == 1 else 's'} in the questionnaire content:"]
    lines += [f"  {problem}" for problem in problems]
    return "\n".join(lines)


class ContentError(Exception):
    """questions/ does not load; .problems lists every Problem found."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__(format_problems(self.problems))


# ---------------------------------------------------------------------------
# Reading YAML with positions


class Document:
    """One YAML file as plain data, with the node of every value for line numbers."""

    def __init__(self, file: str, node: yaml.Node, data: Any):
        self.file = file
        self.node = node
        self.data = data
        self.invalid: set[YamlPath] = set()  # where the schema found problems

    def sound(self, *path: Step) -> bool:
        """True when the schema found no problem at, inside or above path."""
        return self.usable(*path) and not any(bad[: len(path)] == path for bad in self.invalid)

    def usable(self, *path: Step) -> bool:
        """True when the value at path exists with the right type (its insides may be wrong)."""
        return not any(path[: len(bad)] == bad for bad in self.invalid)

    def line(self, path: YamlPath) -> int:
        """Line of the value at path (of its key, for a mapping value); else of the
        deepest part of path that exists."""
        node, line = self.node, self.node.start_mark.line + 1
        for step in path:
            key_node, child = _child(node, step)
            if child is None:
                break
            node = child
            line = (key_node or node).start_mark.line + 1
        return line

    def locate(self, path: YamlPath) -> tuple[str | None, str | None]:
        """(entry, field) for path: the innermost item with an id, and the way to
        the value from there. Options are named inside the field: options[none]."""
        data = self.data
        entry = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None
        field: list[str] = []
        parent_key: Step | None = None
        for step in path:
            if isinstance(data, dict):
                field.append(str(step))
                data, parent_key = data.get(step), step
            elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
                data = data[step]
                item_id = data.get("id") if isinstance(data, dict) else None
                if isinstance(item_id, str) and parent_key != "options":
                    entry, field = item_id, []
                elif field and isinstance(data, (dict, list)):
                    field[-1] += f"[{item_id}]" if isinstance(item_id, str) else f"[{step}]"
            else:
                field.append(str(step))
                data = None
        return entry, ".".join(field) or None

    def problem(self, path: YamlPath, message: str, *, entry: str | None = None) -> Problem:
        found_entry, field = self.locate(path)
        return Problem(self.file, self.line(path), entry or found_entry, field, message)


def _child(node: yaml.Node, step: Step) -> tuple[yaml.Node | None, yaml.Node | None]:
    """(key node, value node) of one step below node, or (None, None)."""
    if isinstance(node, yaml.MappingNode) and isinstance(step, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == step:
                return key_node, value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return None, node.value[step]
    return None, None


def read_document(path: Path, file: str) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML file; malformed YAML, duplicate keys and non-text keys are problems."""
    text, problems = _read_text(path, file)
    return (None, problems) if text is None else parse_document(text, file)


def read_checked_document(path: Path, file: str, schema: Schema) -> tuple[Document | None, list[Problem]]:
    """read_document(), then the markup and schema checks: the document and every problem
    found in it alone.

    The result depends only on the file's name, its text and the schema, so it is kept
    for the next read of the same text (CHECKED_KEPT of them, the last used): a process
    that reads the content again (another app, `flask questions check`, a test on a
    copy with one file changed) parses and checks only what changed, and the rest of
    a load, across files, is a tenth of its time. Nothing changes a Document after
    these checks: the loader only reads it and copies from it.
    """
    text, problems = _read_text(path, file)
    if text is None:
        return None, problems
    key = (file, text, json.dumps(schema, sort_keys=True, default=repr))
    kept = _checked.get(key)
    if kept is not None:
        _checked.move_to_end(key)
        return kept[0], list(kept[1])
    doc, problems = parse_document(text, file)
    if doc is not None:
        problems = problems + markup_problems(doc) + schema_problems(doc, schema)
    _checked[key] = (doc, problems)
    while len(_checked) > CHECKED_KEPT:
        _checked.popitem(last=False)
    return doc, list(problems)


# About two loads' worth of files: the content has some sixty, half of them translations.
CHECKED_KEPT = 160
_checked: OrderedDict[tuple[str, str, str], tuple[Document | None, list[Problem]]] = OrderedDict()


def _read_text(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    try:
        return path.read_text(encoding="utf-8"), []
    except FileNotFoundError:
        return None, [Problem(file, None, None, None, "file is missing")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(file, None, None, None, f"cannot read file: {exc}")]


def parse_document(text: str, file: str) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML text (read_document's work once the file is read)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(file, 1, None, None, "file is empty")]
        issues: list[tuple[YamlPath, int, str]] = []
        data = _to_data(node, loader, (), issues)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        context = exc.context or ""
        if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            context += f" (from line {exc.context_mark.line + 1})"
        reason = "; ".join(part for part in (context, exc.problem or "") if part) or "cannot parse"
        return None, [Problem(file, mark.line + 1 if mark else None, None, None, f"malformed YAML: {reason}")]
    except yaml.YAMLError as exc:
        return None, [Problem(file, None, None, None, f"malformed YAML: {exc}")]
    finally:
        loader.dispose()
    doc = Document(file, node, data)
    return doc, [Problem(file, line, *doc.locate(path), message) for path, line, message in issues]


def _to_data(node: yaml.Node, loader: Any, path: YamlPath, issues: list[tuple[YamlPath, int, str]]) -> Any:
    """Plain data from a node; keys are kept as written, and odd keys noted in issues."""
    if isinstance(node, yaml.SequenceNode):
        return [_to_data(item, loader, (*path, index), issues) for index, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                issues.append((path, line, "a key must be plain text"))
                continue
            key = key_node.value
            if not isinstance(loader.construct_object(key_node), str):
                kind = type(loader.construct_object(key_node)).__name__
                issues.append(((*path, key), line, f"key '{key}' is read as {kind}, not text; put it in quotes"))
            if key in result:
                issues.append(((*path, key), line, f"duplicate key '{key}'"))
            result[key] = _to_data(value_node, loader, (*path, key), issues)
        return result
    return loader.construct_object(node, deep=True)


# ---------------------------------------------------------------------------
# Plain text only: content is shown in pages and PDFs and must never be markup.

_MARKUP = re.compile(r"\{\{|\{%|\{#|<\s*script|<\s*/?\s*[A-Za-z!][^<>]*>", re.IGNORECASE)


def markup_problems(doc: Document) -> list[Problem]:
    problems = []
    for path, text in _strings(doc.data, ()):
        match = _MARKUP.search(text)
        if match:
            problems.append(
                doc.problem(path, f"contains markup or a template ('{match.group(0)}'); write plain text only")
            )
    return problems


def _strings(data: Any, path: YamlPath) -> Iterator[tuple[YamlPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(key, (*path, key))
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


# ---------------------------------------------------------------------------
# JSON Schemas. "x-hint" is our own keyword: the message when a pattern fails.

ID_HINT = "is not a valid id: use lowercase letters, digits and _, starting with a letter"
ID = {"type": "string", "pattern": r"^[a-z][a-z0-9_]*$", "x-hint": ID_HINT}
TOPIC_ID = {
    "type": "string",
    "pattern": r"^[a-z0-9][a-z0-9_]*$",
    "x-hint": "is not a valid topic id: use lowercase letters, digits and _",
}
TEXT = {"type": "string", "pattern": r"\S", "x-hint": "must not be blank"}
URL = {
    "type": "string",
    "pattern": r"^https?://[^\s/?#]+[^\s]*$",
    "x-hint": "is not a web address: it must start with http:// or https://",
}
YEAR = {"type": ["integer", "null"], "minimum": 1700, "maximum": 2100}
SOURCES = {"type": "array", "items": TEXT}
PERCENT = {"type": "number", "minimum": 0, "maximum": 100}
# Quoted, so YAML keeps it as text: "2026-01-01".
# As precise as the source: "2026-01-01", "2025-06" or "2024" (in quotes); a month or a
# year stands for its first day.
DATE = {
    "type": ["string", "null"],
    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "x-hint": 'is not a date written as "YYYY-MM-DD", "YYYY-MM" or "YYYY" (in quotes)',
}


def _nullable(schema: Schema) -> Schema:
    return {**schema, "type": [schema["type"], "null"]}


def _list(items: Schema, min_items: int = 0) -> Schema:
    return {"type": "array", "items": items, "minItems": min_items, "uniqueItems": True}


def _record(required: Schema, optional: Schema | None = None) -> Schema:
    return {
        "type": "object",
        "properties": {**required, **(optional or {})},
        "required": list(required),
        "additionalProperties": False,
    }


def _id_map(key_schema: Schema) -> Schema:
    return {"type": "object", "propertyNames": key_schema, "additionalProperties": TEXT, "minProperties": 1}


OPTION = _record(
    {"id": ID, "label": TEXT, "points": {"type": "number", "minimum": 0}}, {"exclusive": {"type": "boolean"}}
)
# `resolution`: an optional draft resolution for a council's memo (assessment/plans/), plain
# text with the placeholders of RESOLUTION_PLACEHOLDERS, such as {jurisdiction}.
RECOMMENDATION = _record(
    {"action": TEXT}, {"model_laws": _list(ID), "guides": _list(ID), "allies": _list(ID), "resolution": TEXT}
)
CONDITION = _record({"id": ID, "label": TEXT})
# A question whose points are capped by another's answer: a written rule counts
# in full only when what it says protects (detainers_written_rule is worth at
# most 25 unless detainers_hold_refusal is judicial_warrant_only).
LIMIT = _record({"question": ID, "unless": _list(ID, 1), "at_most": {"type": "number", "minimum": 0}, "reason": TEXT})
STATE_LAW_ADVICE = {
    "type": "object",
    "propertyNames": {"enum": list(STATE_LAW_EFFECTS)},
    "additionalProperties": TEXT,
    "minProperties": 1,
}
QUESTION = _record(
    {
        "id": ID,
        "prompt": TEXT,
        "help": TEXT,
        "tier": {"enum": list(TIERS)},
        "controlled_by": _list(ID, 1),
        "applies_to": _list({"enum": list(JURISDICTION_SCOPES)}, 1),
        "kind": {"enum": list(QUESTION_KINDS)},
        "points": {"type": "number", "exclusiveMinimum": 0},
        "options": {"type": "array", "items": OPTION, "minItems": 2},
        "evidence": TEXT,
        "recommendation": RECOMMENDATION,
        # What the question and its options rest on: at least one public source.
        "sources": {"type": "array", "items": URL, "minItems": 1, "uniqueItems": True},
    },
    {
        "state_law_topics": _list(TOPIC_ID),
        "not_applicable_when": {"type": "array", "items": CONDITION, "minItems": 1},
        "state_law_advice": STATE_LAW_ADVICE,
        "asked_only_where": {
            "type": "string",
            "pattern": r"^(mandates|preempts|floor):[a-z0-9][a-z0-9_]*$",
            "x-hint": "is not '<effect>:<state-law topic>', such as mandates:287g",
        },
        "limited_by": LIMIT,
        "extra_credit": {"type": "boolean"},
    },
)
LEVER = _record(
    {
        "id": ID,
        "title": TEXT,
        "summary": TEXT,
        "section": ID,
        "questions": {"type": "array", "items": QUESTION, "minItems": 1},
    }
)
QUESTIONNAIRE = _record(
    {
        "version": TEXT,
        "title": TEXT,
        "sections": {"type": "array", "minItems": 1, "items": _record({"id": ID, "title": TEXT, "summary": TEXT})},
        "levers": {"type": "array", "items": ID, "minItems": 1},
        "levels": {
            "type": "array",
            "minItems": 1,
            "items": _record({"id": ID, "label": TEXT, "min_score": PERCENT}, {"description": TEXT}),
        },
        "overall_weights": _record({tier: {"type": "number", "minimum": 0, "maximum": 1} for tier in TIERS}),
        "overall_weight_reason": TEXT,
        "lever_weights": {
            "type": "array",
            "minItems": 1,
            "items": _record({"id": ID, "weight": {"type": "number", "exclusiveMinimum": 0}, "reason": TEXT}),
        },
        "collaboration_levers": _list(ID, 1),
        "core_items": {
            "type": "array",
            "minItems": 1,
            "items": _record({"id": ID, "met_from": {"type": "number", "exclusiveMinimum": 0}, "summary": TEXT}),
        },
        "core_cap_level": ID,
        "completeness_threshold": PERCENT,
        "incomplete_level": _record({"id": ID, "label": TEXT, "description": TEXT}),
        "rubric": {
            "type": "array",
            "minItems": 2,
            "items": _record({"id": ID, "points": {"type": "number", "minimum": 0}, "label": TEXT}),
        },
        "evidence_kinds": {"type": "array", "minItems": 1, "items": _record({"id": ID, "label": TEXT})},
        "durability_levels": {
            "type": "array",
            "minItems": 1,
            "items": _record({"id": ID, "label": TEXT, "reversed_by": TEXT}),
        },
        "controllers": _id_map(ID),
        "state_law_topics": _id_map(TOPIC_ID),
        "county_only_controllers": _list(ID),
    },
    {
        "methodology_sources": {"type": "array", "items": TEXT},
        # Ids of questions taken out of the questionnaire: never used again, so an
        # old answer can never be read as the answer to a different question.
        "retired_questions": {"type": "array", "items": _record({"id": ID, "reason": TEXT}, {"replaced_by": ID})},
    },
)
_CATALOG_ITEMS = {
    "model_laws": _record(
        {
            "id": ID,
            "title": TEXT,
            "jurisdiction": TEXT,
            "year": YEAR,
            "identifier": _nullable(TEXT),
            "url": _nullable(URL),
            "description": TEXT,
        },
        {"unconfirmed": _nullable(TEXT), "sources": SOURCES},
    ),
    "guides": _record(
        {"id": ID, "title": TEXT, "publisher": TEXT, "year": YEAR, "url": _nullable(URL), "description": TEXT},
        {"unconfirmed": _nullable(TEXT), "sources": SOURCES},
    ),
    "allies": _record({"id": ID, "name": TEXT, "url": URL, "description": TEXT}, {"sources": SOURCES}),
    "state_laws": _record(
        {
            "id": ID,
            "state": {
                "type": "string",
                "pattern": r"^[A-Z]{2}$",
                "x-hint": "is not a two-letter state code such as TX or DC",
            },
            "title": TEXT,
            "year": YEAR,
            "effects": {
                "type": "object",
                "propertyNames": TOPIC_ID,
                "minProperties": 1,
                "additionalProperties": {"enum": list(STATE_LAW_EFFECTS)},
            },
            "description": TEXT,
        },
        {
            "sources": SOURCES,
            "in_force_from": DATE,
            "in_force_until": DATE,
            "blocked_by": _nullable(TEXT),
            "blocked_since": DATE,
        },
    ),
}
_CATALOG_ITEMS["federal"] = _record(
    {
        "id": ID,
        "title": TEXT,
        "date": DATE,
        "description": TEXT,
        "sources": {"type": "array", "items": URL, "minItems": 1},
    },
    {
        "touches": {"enum": ["everyone"]},
        "states": _list({"type": "string", "pattern": r"^[A-Z]{2}$", "x-hint": "is not a two-letter state code"}),
        "places": _list(
            {
                "type": "string",
                "pattern": r"^.+, [A-Z]{2}$",
                "x-hint": 'is not a place written as "Name, ST" (for example "Cook County, IL")',
            }
        ),
    },
)
CATALOGS = {name: _record({name: {"type": "array", "items": item}}) for name, item in _CATALOG_ITEMS.items()}


# ---------------------------------------------------------------------------
# Schema errors in plain words

_TYPE_WORDS = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "array": "a list",
    "object": "a mapping of fields",
    "boolean": "true or false",
    "null": "null",
}


def _type_word(value: Any) -> str:
    for word, kinds in (
        ("true or false", bool),
        ("a whole number", int),
        ("a number", float),
        ("text", str),
        ("a list", list),
        ("a mapping of fields", dict),
        ("null", type(None)),
    ):
        if isinstance(value, kinds):
            return word
    return type(value).__name__


def schema_problems(doc: Document, schema: Schema) -> list[Problem]:
    """Problems with the structure of doc; records where they are in doc.invalid."""
    found: dict[YamlPath, str] = {}  # path -> message, in order, without repeats
    for error in Draft202012Validator(schema).iter_errors(doc.data):
        path: YamlPath = tuple(error.absolute_path)
        if error.validator == "required":
            for name in error.validator_value:
                if name not in error.instance:
                    found.setdefault((*path, name), "missing required field")
        elif error.validator == "additionalProperties":
            known = list(error.schema.get("properties", {}))
            for name in (key for key in error.instance if key not in known):
                close = difflib.get_close_matches(name, known, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else f" (known fields: {', '.join(known)})"
                found.setdefault((*path, name), f"unknown field '{name}'{hint}")
        elif "propertyNames" in error.relative_schema_path:
            found.setdefault((*path, str(error.instance)), f"'{error.instance}' {error.schema.get('x-hint', ID_HINT)}")
        else:
            found.setdefault(path, _message(error))
    doc.invalid.update(found)
    return [doc.problem(path, message) for path, message in found.items()]


def _message(error: ValidationError) -> str:
    value, rule = error.instance, error.validator_value
    if isinstance(error.schema, dict) and "x-message" in error.schema:
        return str(error.schema["x-message"])
    if error.validator == "type":
        kinds = rule if isinstance(rule, list) else [rule]
        return f"should be {' or '.join(_TYPE_WORDS[k] for k in kinds)}, not {_type_word(value)}"
    if error.validator == "enum":
        return f"'{value}' is not one of: {', '.join(map(str, rule))}"
    if error.validator == "pattern":
        return f"'{value}' {error.schema.get('x-hint', 'has the wrong form')}"
    if error.validator == "minItems":
        return f"needs at least {rule} item{'' if rule == 1 else 's'}"
    if error.validator == "minProperties":
        return "must not be empty"
    if error.validator == "uniqueItems":
        return "lists the same item twice"
    if error.validator in ("minimum", "exclusiveMinimum", "maximum"):
        word = {"minimum": "at least", "exclusiveMinimum": "more than", "maximum": "at most"}[error.validator]
        return f"{value} should be {word} {rule}"
    return str(error.message)
