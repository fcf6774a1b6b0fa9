"""Translations of the questionnaire, kept beside the English content.

    questions/i18n/<language>/questionnaire.yaml     mirrors questions/questionnaire.yaml
    questions/i18n/<language>/levers/<lever>.yaml    mirrors questions/levers/<lever>.yaml
    questions/i18n/<language>/catalogs/<name>.yaml   mirrors questions/catalogs/<name>.yaml

A translation file has the same shape as its English file, with the same ids,
but holds only the text people read (prompts, help, option labels, evidence
prompts, recommendation actions, titles and summaries, level labels, controller
and topic labels, catalog descriptions). Everything else (ids, points, tiers,
references, names and titles of laws, guides and organisations, URLs, sources)
comes from the English file, so every language has the same structure and
scores the same answers identically.

This module describes which fields are translated (SHAPES), gives the JSON
Schema of a translation file, compares a translation with its English file
(missing text, ids that do not exist in English, blank text), and lays the
translated text over the English data. Reading files and reporting problems is
done by loader.py, like every other content check.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from assessment.content.schema import ID, TEXT, Document, Problem, Record, Schema, YamlPath

SOURCE_LANGUAGE = "en"
TRANSLATIONS = ("es",)  # every language besides English; each must be complete
LANGUAGES = (SOURCE_LANGUAGE, *TRANSLATIONS)
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
I18N_DIR = "i18n"

# The app adds these two choices to every question itself (they are not in
# questions/); their agreed wording in each language, for the pages and PDFs.
RESERVED_OPTION_LABELS: Mapping[str, Mapping[str, str]] = {
    "en": {"dont_know": "Don't know yet", "not_applicable": "Does not apply here"},
    "es": {"dont_know": "Todavía no lo sé", "not_applicable": "No aplica aquí"},
}


@dataclass(frozen=True)
class Shape:
    """The translatable parts of one YAML record."""

    texts: tuple[str, ...] = ()  # text fields, translated when the English record has them
    items: Mapping[str, Shape] = field(default_factory=dict)  # lists of records with an id
    maps: tuple[str, ...] = ()  # mappings id -> text
    records: Mapping[str, Shape] = field(default_factory=dict)  # nested records without an id
    fixed: tuple[str, ...] = ()  # English fields that are never translated
    keyed: bool = False  # the record has an id (list items, and a lever file's top)


MAIN_SHAPE = Shape(
    texts=("title", "overall_weight_reason"),
    items={
        "sections": Shape(texts=("title", "summary"), keyed=True),
        "levels": Shape(texts=("label", "description"), fixed=("min_score",), keyed=True),
        "lever_weights": Shape(texts=("reason",), fixed=("weight",), keyed=True),
        "core_items": Shape(texts=("summary",), fixed=("met_from",), keyed=True),
        "rubric": Shape(texts=("label",), fixed=("points",), keyed=True),
        "evidence_kinds": Shape(texts=("label",), keyed=True),
        "durability_levels": Shape(texts=("label", "reversed_by"), keyed=True),
    },
    maps=("controllers", "state_law_topics"),
    records={"incomplete_level": Shape(texts=("label", "description"), fixed=("id",))},
    fixed=(
        "version",
        "levers",
        "overall_weights",
        "methodology_sources",
        "collaboration_levers",
        "core_cap_level",
        "completeness_threshold",
        "county_only_controllers",
        "retired_questions",
    ),
)
LEVER_SHAPE = Shape(
    texts=("title", "summary"),
    items={
        "questions": Shape(
            texts=("prompt", "help", "evidence"),
            items={
                "options": Shape(texts=("label",), fixed=("points", "exclusive"), keyed=True),
                "not_applicable_when": Shape(texts=("label",), keyed=True),
            },
            records={
                "recommendation": Shape(texts=("action", "resolution"), fixed=("model_laws", "guides", "allies")),
                "state_law_advice": Shape(texts=("mandates", "preempts", "floor")),
                "limited_by": Shape(texts=("reason",), fixed=("question", "unless", "at_most")),
            },
            fixed=(
                "tier",
                "controlled_by",
                "applies_to",
                "kind",
                "points",
                "state_law_topics",
                "asked_only_where",
                "sources",
                "extra_credit",
            ),
            keyed=True,
        )
    },
    fixed=("section",),
    keyed=True,
)
# Names and titles of laws, guides and organisations stay as published.
CATALOG_SHAPES = {
    "federal": Shape(
        items={
            "federal": Shape(
                texts=("description",), fixed=("title", "date", "touches", "states", "places", "sources"), keyed=True
            )
        }
    ),
    "model_laws": Shape(
        items={
            "model_laws": Shape(
                texts=("description", "unconfirmed"),
                fixed=("title", "jurisdiction", "year", "identifier", "url", "sources"),
                keyed=True,
            )
        }
    ),
    "guides": Shape(
        items={
            "guides": Shape(
                texts=("description", "unconfirmed"), fixed=("title", "publisher", "year", "url", "sources"), keyed=True
            )
        }
    ),
    "allies": Shape(items={"allies": Shape(texts=("description",), fixed=("name", "url", "sources"), keyed=True)}),
    "state_laws": Shape(
        items={
            "state_laws": Shape(
                texts=("description", "blocked_by"),
                fixed=(
                    "state",
                    "title",
                    "year",
                    "effects",
                    "sources",
                    "in_force_from",
                    "in_force_until",
                    "blocked_since",
                ),
                keyed=True,
            )
        }
    ),
}

WHAT = {
    "sections": "section",
    "levels": "level",
    "questions": "question",
    "options": "option",
    "model_laws": "model law",
    "guides": "guide",
    "allies": "ally",
    "state_laws": "state law",
    "controllers": "controller",
    "state_law_topics": "state-law topic",
    "lever_weights": "lever weight",
    "core_items": "core item",
    "rubric": "rubric step",
    "not_applicable_when": "not-applicable condition",
    "evidence_kinds": "kind of evidence",
    "durability_levels": "durability level",
    "federal": "federal action",
}

_FIXED = {
    "not": {},
    "x-message": "is not translated: every language uses the value in the English file "
    "(names and titles stay as published)",
}


def translation_schema(shape: Shape) -> Schema:
    """JSON Schema of a translation file: only translatable fields, all text optional
    (missing text is reported by compare(), with the English text beside it)."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    if shape.keyed:
        properties["id"] = ID
        required.append("id")
    for name in shape.texts:
        properties[name] = TEXT
    for name, sub in shape.items.items():
        properties[name] = {"type": "array", "items": translation_schema(sub)}
    for name in shape.maps:
        properties[name] = {"type": "object", "additionalProperties": TEXT}
    for name, sub in shape.records.items():
        properties[name] = translation_schema(sub)
    for name in shape.fixed:
        properties[name] = _FIXED
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def _quote(text: str, limit: int = 70) -> str:
    text = " ".join(str(text).split())
    return f"“{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}”"


class _Comparison:
    """Problems of one translation file against its English file."""

    def __init__(self, english: Document, translated: Document, language: str):
        self.en, self.tr = english, translated
        self.language = LANGUAGE_NAMES.get(language, language)
        self.problems: list[Problem] = []

    def report(self, path: YamlPath, message: str) -> None:
        self.problems.append(self.tr.problem(path, message))

    def where(self, en_path: YamlPath) -> str:
        return f"{self.en.file}:{self.en.line(en_path)}"

    def record(self, shape: Shape, en: Record, tr: Record, en_path: YamlPath, tr_path: YamlPath) -> None:
        for name in shape.texts:
            english = en.get(name)
            if name in tr:
                if english is None:
                    self.report(
                        (*tr_path, name), f"the English entry has no {name} ({self.where(en_path)}); remove this text"
                    )
            elif english is not None:
                self.report((*tr_path, name), f"missing {self.language} text (English: {_quote(english)})")
        for name, sub in shape.items.items():
            if name in tr and not self.tr.usable(*tr_path, name):
                continue  # the schema already said what is wrong
            self.items(name, sub, en.get(name) or [], tr.get(name) or [], en_path, tr_path)
        for name in shape.maps:
            if name in tr and not self.tr.usable(*tr_path, name):
                continue
            self.map(name, en.get(name) or {}, tr.get(name) or {}, en_path, tr_path)
        for name, sub in shape.records.items():
            if name not in en or (name in tr and not self.tr.usable(*tr_path, name)):
                continue
            inner = tr.get(name)
            self.record(sub, en[name], inner if isinstance(inner, dict) else {}, (*en_path, name), (*tr_path, name))

    def items(
        self, name: str, shape: Shape, en_items: list[Record], tr_items: list[Any], en_path: YamlPath, tr_path: YamlPath
    ) -> None:
        what = WHAT.get(name, name)
        english_at = {item["id"]: index for index, item in enumerate(en_items)}
        found: dict[str, int] = {}
        for index, item in enumerate(tr_items):
            if not isinstance(item, dict) or not self.tr.sound(*tr_path, name, index, "id"):
                continue
            item_id, id_path = item["id"], (*tr_path, name, index, "id")
            if item_id in found:
                first = self.tr.line((*tr_path, name, found[item_id], "id"))
                self.report(id_path, f"{what} '{item_id}' is translated twice (first on line {first})")
            elif item_id not in english_at:
                self.report(
                    id_path,
                    f"there is no {what} '{item_id}' in {self.en.file}; remove this translation or correct its id",
                )
            else:
                found[item_id] = index
        for en_index, en_item in enumerate(en_items):
            item_id = en_item["id"]
            item_en_path = (*en_path, name, en_index)
            if item_id in found:
                self.record(shape, en_item, tr_items[found[item_id]], item_en_path, (*tr_path, name, found[item_id]))
                continue
            entry, field_name = self.tr.locate((*tr_path, name))
            if name == "options":  # options are named inside the question's field, as in English
                field_name = f"{field_name}[{item_id}]"
                label = f" (English: {_quote(en_item.get('label', ''))})"
            else:
                entry, field_name, label = item_id, None, ""
            self.problems.append(
                Problem(
                    self.tr.file,
                    self.tr.line((*tr_path, name)),
                    entry,
                    field_name,
                    f"no {self.language} translation for {what} '{item_id}' ({self.where(item_en_path)}){label}",
                )
            )

    def map(
        self, name: str, en_map: dict[str, str], tr_map: dict[str, Any], en_path: YamlPath, tr_path: YamlPath
    ) -> None:
        what = WHAT.get(name, name)
        for key in tr_map:
            if key not in en_map:
                self.report(
                    (*tr_path, name, key),
                    f"there is no {what} '{key}' in {self.en.file}; remove this translation or correct its id",
                )
        for key, english in en_map.items():
            if key not in tr_map:
                self.report(
                    (*tr_path, name, key),
                    f"missing {self.language} text for {what} '{key}' (English: {_quote(english)})",
                )


def compare(shape: Shape, english: Document, translated: Document, language: str) -> list[Problem]:
    """Every way the translation falls short of its English file: text missing for an
    English entry, an entry or text the English file does not have, an id given twice.
    (Blank text, markup and unknown fields are found by the schema and markup checks.)"""
    comparison = _Comparison(english, translated, language)
    data = translated.data if isinstance(translated.data, dict) else {}
    if isinstance(english.data, dict) and translated.usable():
        comparison.record(shape, english.data, data, (), ())
    return comparison.problems


def overlay(shape: Shape, en: Record, tr: Record) -> Record:
    """A copy of the English data with the translated text laid over it (the
    translation has already been checked complete)."""
    result = copy.copy(en)
    for name in shape.texts:
        if en.get(name) is not None:
            result[name] = tr[name]
    for name, sub in shape.items.items():
        if name in en:
            by_id = {item["id"]: item for item in tr.get(name, [])}
            result[name] = [overlay(sub, item, by_id[item["id"]]) for item in en[name]]
    for name in shape.maps:
        if name in en:
            result[name] = {key: tr[name][key] for key in en[name]}
    for name, sub in shape.records.items():
        if name in en:
            result[name] = overlay(sub, en[name], tr.get(name, {}))
    return result


def translated_texts(shape: Shape, data: Any) -> Iterator[str]:
    """Every translatable text in one file's data (used to count and review them)."""
    if not isinstance(data, dict):
        return
    for name in shape.texts:
        if isinstance(data.get(name), str):
            yield data[name]
    for name, sub in shape.items.items():
        for item in data.get(name) or []:
            yield from translated_texts(sub, item)
    for name in shape.maps:
        yield from (text for text in (data.get(name) or {}).values() if isinstance(text, str))
    for name, sub in shape.records.items():
        yield from translated_texts(sub, data.get(name))
