"""Read questions/ into the frozen Questionnaire, or say precisely what is wrong.

    questions/questionnaire.yaml     version, sections, lever order, levels, weights,
                                     controllers, state-law topics, methodology
    questions/levers/<lever>.yaml    one lever and its questions
    questions/catalogs/<name>.yaml   model_laws, guides, allies, state_laws
    questions/i18n/<lang>/...        the same files' text in another language (i18n.py)

Each file is first checked on its own (schema.py); the rules that span files
(references, unique ids, points, lever list) look only at the parts whose
structure is sound, so one mistake is reported once rather than cascading. A translation is
compared with its English file only once that file has no problems of its own.
Every language is checked whichever one is asked for: content that lacks a
translation does not load at all.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from assessment.content.i18n import (
    CATALOG_SHAPES,
    I18N_DIR,
    LANGUAGE_NAMES,
    LANGUAGES,
    LEVER_SHAPE,
    MAIN_SHAPE,
    SOURCE_LANGUAGE,
    TRANSLATIONS,
    Shape,
    compare,
    overlay,
    translation_schema,
)
from assessment.content.method_checks import check_method, max_points
from assessment.content.model import (
    RESOLUTION_PLACEHOLDERS,
    Ally,
    Condition,
    CoreItem,
    Durability,
    EvidenceKind,
    FederalAction,
    Guide,
    Level,
    Lever,
    LeverWeight,
    Limit,
    ModelLaw,
    Option,
    Question,
    Questionnaire,
    Recommendation,
    RubricStep,
    Section,
    StateLaw,
    resolution_placeholder_problems,
)
from assessment.content.schema import (
    CATALOGS,
    LEVER,
    QUESTIONNAIRE,
    RESERVED_OPTION_IDS,
    ContentError,
    Document,
    Problem,
    Record,
    Schema,
    YamlPath,
    read_checked_document,
)

MAIN_FILE = "questionnaire.yaml"
LEVER_DIR = "levers"
CATALOG_DIR = "catalogs"


def load_questionnaire(root: Path | str, language: str = SOURCE_LANGUAGE) -> Questionnaire:
    """The questionnaire under root (the questions folder, or a folder holding one),
    with its text in language ("en" or "es"); ids, points and structure are the
    same in every language.

    Raises ContentError listing every problem when the content is not valid
    (a missing or stray translation in any language is a problem too).
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r} (one of {', '.join(LANGUAGES)})")
    return load_questionnaires(root)[language]


def load_questionnaires(root: Path | str) -> dict[str, Questionnaire]:
    """{"en": ..., "es": ...}: the questionnaire in every language, read and checked once."""
    questionnaires, problems = _read(Path(root))
    if problems or questionnaires is None:
        raise ContentError(problems)
    return questionnaires


def check_questionnaire(root: Path | str) -> list[Problem]:
    """Every problem in the content under root, translations included, without
    raising; [] when it loads."""
    return _read(Path(root))[1]


def questions_dir(root: Path) -> Path:
    """root itself, or root/questions when root is the project folder."""
    if not (root / MAIN_FILE).exists() and (root / "questions" / MAIN_FILE).exists():
        return root / "questions"
    return root


class _Reader:
    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []

    def name(self, relative: str) -> str:
        return f"{self.root.name}/{relative}"

    def read(self, relative: str, schema: Schema) -> Document | None:
        """The document (its doc.invalid marks parts the schema rejected), or None
        when it is missing or not YAML."""
        doc, problems = read_checked_document(self.root / relative, self.name(relative), schema)
        self.problems += problems
        return doc

    def report(self, doc: Document, path: YamlPath, message: str, entry: str | None = None) -> None:
        self.problems.append(doc.problem(path, message, entry=entry))


def _read(root: Path) -> tuple[dict[str, Questionnaire] | None, list[Problem]]:
    reader = _Reader(questions_dir(root))
    main = reader.read(MAIN_FILE, QUESTIONNAIRE)
    if main is not None:
        _check_main(reader, main)
    catalogs = {name: reader.read(f"{CATALOG_DIR}/{name}.yaml", schema) for name, schema in CATALOGS.items()}
    _check_stray_files(reader, CATALOG_DIR, set(CATALOGS))
    known = {name: _catalog_ids(reader, doc, name) for name, doc in catalogs.items()}
    if main is not None and catalogs["state_laws"] is not None:
        _check_state_laws(reader, main, catalogs["state_laws"])
    if catalogs["federal"] is not None and catalogs["federal"].usable("federal"):
        for index, action in enumerate(catalogs["federal"].data["federal"]):
            if isinstance(action, dict) and not (action.get("touches") or action.get("states") or action.get("places")):
                reader.report(
                    catalogs["federal"],
                    ("federal", index),
                    "say whom it touches: touches: everyone, or states and/or places",
                )

    files = sorted(path.stem for path in (reader.root / LEVER_DIR).glob("*.yaml"))
    levers = {stem: reader.read(f"{LEVER_DIR}/{stem}.yaml", LEVER) for stem in files}
    _check_stray_files(reader, LEVER_DIR, None)
    if main is not None and main.usable("levers"):
        _check_lever_list(reader, main, files)
    question_at: dict[str, str] = {}
    for stem, doc in levers.items():
        if doc is not None:
            _check_lever(reader, stem, doc, main, known, question_at)
    if main is not None:
        check_method(reader, main, levers, _listed_levers(main))

    english_files = {MAIN_FILE: (main, MAIN_SHAPE)}
    english_files.update({f"{CATALOG_DIR}/{name}.yaml": (doc, CATALOG_SHAPES[name]) for name, doc in catalogs.items()})
    english_files.update({f"{LEVER_DIR}/{stem}.yaml": (doc, LEVER_SHAPE) for stem, doc in levers.items()})
    listed = _listed_levers(main)
    english_faults = {problem.file for problem in reader.problems}
    translations = {
        language: _read_translation(reader, language, english_files, files, listed, english_faults)
        for language in TRANSLATIONS
    }

    problems = sorted(reader.problems, key=lambda p: (p.file, p.line or 0, p.entry or "", p.field or ""))
    documents = [doc for doc, _ in english_files.values()]
    documents += [doc for docs in translations.values() for doc in docs.values()]
    if problems or any(doc is None for doc in documents):
        return None, problems
    english = _all_read({relative: doc for relative, (doc, _) in english_files.items()})
    result = {SOURCE_LANGUAGE: _build_from({relative: doc.data for relative, doc in english.items()})}
    for language, docs in translations.items():
        translated = _all_read(docs)
        result[language] = _build_from(
            {
                relative: overlay(shape, english[relative].data, translated[relative].data)
                for relative, (_, shape) in english_files.items()
            }
        )
    return result, []


def _all_read(docs: dict[str, Document | None]) -> dict[str, Document]:
    """The documents, once the caller has made sure that none is missing."""
    return {relative: doc for relative, doc in docs.items() if doc is not None}


def _build_from(data: dict[str, Record]) -> Questionnaire:
    """The Questionnaire from each file's data, keyed by its path under the questions folder."""
    return _build(
        data[MAIN_FILE],
        {name: data[f"{CATALOG_DIR}/{name}.yaml"][name] for name in CATALOGS},
        {
            relative[len(LEVER_DIR) + 1 : -len(".yaml")]: value
            for relative, value in data.items()
            if relative.startswith(f"{LEVER_DIR}/")
        },
    )


# ---------------------------------------------------------------------------
# Translations: questions/i18n/<language>/ mirrors the English files, keyed by id.


def _listed_levers(main: Document | None) -> set[str]:
    if main is None or not main.usable("levers"):
        return set()
    return {lever_id for index, lever_id in enumerate(main.data["levers"]) if main.sound("levers", index)}


def _read_translation(
    reader: _Reader,
    language: str,
    english_files: dict[str, tuple[Document | None, Shape]],
    lever_files: list[str],
    listed: set[str],
    english_faults: set[str],
) -> dict[str, Document | None]:
    """Read and check one language's files; returns them by their English file's relative path."""
    base = f"{I18N_DIR}/{language}"
    name = LANGUAGE_NAMES[language]
    docs: dict[str, Document | None] = {}
    for relative, (english, shape) in english_files.items():
        target = f"{base}/{relative}"
        comparable = english is not None and reader.name(relative) not in english_faults
        if not (reader.root / target).is_file():
            docs[relative] = None
            if comparable:
                reader.problems.append(
                    Problem(
                        reader.name(target),
                        None,
                        None,
                        None,
                        f"file is missing: {relative} needs its {name} translation here",
                    )
                )
            continue
        doc = docs[relative] = reader.read(target, translation_schema(shape))
        if doc is None:
            continue
        if relative.startswith(f"{LEVER_DIR}/") and doc.sound("id") and doc.data["id"] != Path(relative).stem:
            reader.report(
                doc, ("id",), f"lever id '{doc.data['id']}' does not match its file name '{Path(relative).name}'"
            )
        if comparable and english is not None:
            reader.problems += compare(shape, english, doc, language)
    _check_stray_files(reader, f"{base}/{CATALOG_DIR}", set(CATALOGS))
    _check_stray_files(reader, f"{base}/{LEVER_DIR}", None)
    for path in sorted((reader.root / base / LEVER_DIR).glob("*.yaml")):
        if path.stem not in lever_files and path.stem not in listed:
            reader.problems.append(
                Problem(
                    reader.name(f"{base}/{LEVER_DIR}/{path.name}"),
                    1,
                    path.stem,
                    None,
                    f"no English file {LEVER_DIR}/{path.name}: remove this translation or rename it to match its lever",
                )
            )
    for path in sorted((reader.root / base).glob("*.y*ml")):
        if path.name != MAIN_FILE:
            reader.problems.append(
                Problem(
                    reader.name(f"{base}/{path.name}"),
                    None,
                    None,
                    None,
                    f"file is ignored: the only file here is {MAIN_FILE}",
                )
            )
    i18n = reader.root / I18N_DIR
    if language == TRANSLATIONS[0] and i18n.is_dir():
        for folder in sorted(i18n.iterdir()):
            if folder.is_dir() and not folder.name.startswith(".") and folder.name not in TRANSLATIONS:
                reader.problems.append(
                    Problem(
                        reader.name(f"{I18N_DIR}/{folder.name}"),
                        None,
                        None,
                        None,
                        f"unknown language folder: it is ignored (languages: {', '.join(TRANSLATIONS)})",
                    )
                )
    return docs


# ---------------------------------------------------------------------------
# Checks that span entries or files; each looks only at parts the schema accepted.


def _check_unique(reader: _Reader, doc: Document, path: YamlPath, what: str) -> set[str]:
    """Ids of the items in the list at path must be unique; returns the ids."""
    items = doc.data
    for step in path:
        items = items[step]
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if not doc.sound(*path, index, "id"):
            continue  # already reported by the schema
        item_id, line = item["id"], doc.line((*path, index, "id"))
        if item_id in seen:
            reader.report(
                doc, (*path, index, "id"), f"{what} '{item_id}' is used twice (first on line {seen[item_id]})"
            )
        seen.setdefault(item_id, line)
    return set(seen)


def _catalog_ids(reader: _Reader, doc: Document | None, name: str) -> set[str] | None:
    """The catalog's ids, or None when the catalog is unreadable (references are then not checked)."""
    if doc is None or not doc.usable(name):
        return None
    return _check_unique(reader, doc, (name,), "id")


def _check_main(reader: _Reader, doc: Document) -> None:
    data = doc.data
    if doc.usable("sections"):
        _check_unique(reader, doc, ("sections",), "section id")
    if doc.usable("levers"):
        first_at: dict[str, int] = {}
        for index, lever_id in enumerate(data["levers"]):
            if not doc.sound("levers", index):
                continue
            if lever_id in first_at:
                reader.report(doc, ("levers", index), f"lever '{lever_id}' is listed twice", entry=lever_id)
            first_at.setdefault(lever_id, index)
    if doc.usable("levels"):
        _check_unique(reader, doc, ("levels",), "level id")
        scored = [i for i in range(len(data["levels"])) if doc.sound("levels", i, "min_score")]
        first_with: dict[float, int] = {}
        for index in scored:
            score = data["levels"][index]["min_score"]
            if score in first_with:
                reader.report(
                    doc,
                    ("levels", index, "min_score"),
                    f"min_score {score:g} is the same as "
                    f"on line {doc.line(('levels', first_with[score], 'min_score'))}",
                )
            first_with.setdefault(score, index)
        if scored and min(data["levels"][i]["min_score"] for i in scored) != 0:
            lowest = min(scored, key=lambda i: data["levels"][i]["min_score"])
            reader.report(doc, ("levels", lowest, "min_score"), "the lowest level must start at min_score 0")
    if doc.sound("county_only_controllers") and doc.usable("controllers"):
        _check_names(
            reader,
            doc,
            ("county_only_controllers",),
            data["county_only_controllers"],
            data["controllers"],
            "controller",
            "controllers",
        )
    if doc.sound("overall_weights"):
        total = sum(data["overall_weights"].values())
        if not math.isclose(total, 1.0, abs_tol=1e-9):
            reader.report(doc, ("overall_weights",), f"weights add up to {total:g}, not 1")


def _check_state_laws(reader: _Reader, main: Document, doc: Document) -> None:
    if not doc.usable("state_laws"):
        return
    for index, law in enumerate(doc.data["state_laws"]):
        path = ("state_laws", index)
        if main.usable("state_law_topics") and doc.sound(*path, "effects"):
            for topic in law["effects"]:
                if topic not in main.data["state_law_topics"]:
                    reader.report(
                        doc,
                        (*path, "effects", topic),
                        f"unknown state-law topic '{topic}' (not in {MAIN_FILE} state_law_topics)",
                    )
        dates = {}
        for name in ("in_force_from", "in_force_until", "blocked_since"):
            if doc.sound(*path, name) and law.get(name):
                try:
                    dates[name] = _date(law[name])
                except ValueError:
                    reader.report(doc, (*path, name), f"'{law[name]}' is not a real date")
        start, end = dates.get("in_force_from"), dates.get("in_force_until")
        if start and end and end <= start:
            reader.report(doc, (*path, "in_force_until"), "ends on or before the day it comes into force")
        if law.get("blocked_since") and not law.get("blocked_by"):
            reader.report(
                doc, (*path, "blocked_since"), "a blocked law needs blocked_by: the court order that blocks it"
            )


def _check_stray_files(reader: _Reader, folder: str, expected: set[str] | None) -> None:
    """Files in folder that would be silently ignored: *.yml, and unknown catalogs."""
    for path in sorted((reader.root / folder).glob("*.y*ml")):
        if path.suffix == ".yml":
            message = "file is ignored: rename it to .yaml"
        elif expected is not None and path.stem not in expected:
            message = f"unknown catalog file (expected only: {', '.join(sorted(expected))})"
        else:
            continue
        reader.problems.append(Problem(reader.name(f"{folder}/{path.name}"), None, None, None, message))


def _check_lever_list(reader: _Reader, main: Document, files: list[str]) -> None:
    listed = main.data["levers"]
    for index, lever_id in enumerate(listed):
        if main.sound("levers", index) and lever_id not in files:
            reader.report(
                main, ("levers", index), f"no file {LEVER_DIR}/{lever_id}.yaml for this lever", entry=lever_id
            )
    for stem in files:
        if stem not in listed:
            reader.problems.append(
                Problem(
                    reader.name(f"{LEVER_DIR}/{stem}.yaml"),
                    1,
                    stem,
                    None,
                    f"lever file is not listed under 'levers' in {MAIN_FILE}",
                )
            )


def _check_lever(
    reader: _Reader,
    stem: str,
    doc: Document,
    main: Document | None,
    known: dict[str, set[str] | None],
    question_at: dict[str, str],
) -> None:
    lever = doc.data
    if doc.sound("id") and lever["id"] != stem:
        reader.report(doc, ("id",), f"lever id '{lever['id']}' does not match its file name '{stem}.yaml'")
    if doc.sound("section") and main is not None and main.usable("sections"):
        sections = {s["id"] for i, s in enumerate(main.data["sections"]) if main.sound("sections", i, "id")}
        if lever["section"] not in sections:
            reader.report(doc, ("section",), f"unknown section '{lever['section']}' (not in {MAIN_FILE} sections)")
    if not doc.usable("questions"):
        return
    for index, question in enumerate(lever["questions"]):
        path = ("questions", index)
        if not doc.usable(*path):
            continue
        if doc.sound(*path, "id"):
            if question["id"] in question_at:
                reader.report(
                    doc,
                    (*path, "id"),
                    f"question id '{question['id']}' is already used at {question_at[question['id']]}",
                )
            question_at.setdefault(question["id"], f"{doc.file}:{doc.line((*path, 'id'))}")
        if all(doc.sound(*path, field) for field in ("kind", "points", "options")):
            _check_options(reader, doc, path, question)
        if main is not None and main.usable("controllers") and doc.sound(*path, "controlled_by"):
            _check_names(
                reader,
                doc,
                (*path, "controlled_by"),
                question["controlled_by"],
                main.data["controllers"],
                "controller",
                "controllers",
            )
        if main is not None and main.usable("state_law_topics") and doc.sound(*path, "state_law_topics"):
            _check_names(
                reader,
                doc,
                (*path, "state_law_topics"),
                question.get("state_law_topics", []),
                main.data["state_law_topics"],
                "state-law topic",
                "state_law_topics",
            )
        if doc.sound(*path, "recommendation"):
            _check_recommendation(reader, doc, (*path, "recommendation"), question["recommendation"], known)
        if "not_applicable_when" in question and doc.sound(*path, "not_applicable_when"):
            _check_unique(reader, doc, (*path, "not_applicable_when"), "condition id")


def _check_names(
    reader: _Reader,
    doc: Document,
    path: YamlPath,
    names: Iterable[str],
    known: Mapping[str, Any],
    what: str,
    where: str,
) -> None:
    for index, name in enumerate(names):
        if name not in known:
            reader.report(doc, (*path, index), f"unknown {what} '{name}' (not in {MAIN_FILE} {where})")


def _check_options(reader: _Reader, doc: Document, path: YamlPath, question: Record) -> None:
    options = question["options"]
    _check_unique(reader, doc, (*path, "options"), "option id")
    for index, option in enumerate(options):
        if option["id"] in RESERVED_OPTION_IDS:
            reader.report(
                doc,
                (*path, "options", index, "id"),
                f"option id '{option['id']}' is reserved: the app adds it to every question",
            )
        if option.get("exclusive") and question["kind"] != "multi":
            reader.report(
                doc, (*path, "options", index, "exclusive"), "only options of a multi question can be exclusive"
            )
    if not any(option["points"] == 0 for option in options):
        reader.report(doc, (*path, "options"), "no option gives 0 points, so there is no worst answer")
    best = max_points(question)
    if not math.isclose(question["points"], best, abs_tol=1e-9):
        how = "at most" if question["kind"] == "single" else "together at most"
        reader.report(doc, (*path, "points"), f"declared {question['points']:g} but options give {how} {best:g}")


def _check_recommendation(
    reader: _Reader, doc: Document, path: YamlPath, rec: Record, known: dict[str, set[str] | None]
) -> None:
    labels = {"model_laws": "model law", "guides": "guide", "allies": "ally"}
    for key, label in labels.items():
        ids = known[key]
        for index, ref in enumerate(rec.get(key, [])):
            if ids is not None and ref not in ids:
                reader.report(doc, (*path, key, index), f"unknown {label} '{ref}' (not in {CATALOG_DIR}/{key}.yaml)")
    if not rec.get("model_laws") and not rec.get("guides"):
        reader.report(doc, path, "a recommendation needs at least one model law or guide")
    if not rec.get("allies"):
        reader.report(doc, path, "a recommendation needs at least one ally")
    for name in sorted(resolution_placeholder_problems(rec.get("resolution"))):
        reader.report(
            doc,
            (*path, "resolution"),
            f"unknown placeholder {{{name}}}: use only "
            + ", ".join(f"{{{known}}}" for known in RESOLUTION_PLACEHOLDERS),
        )


# ---------------------------------------------------------------------------
# Building the frozen objects (content already checked)


def _build(main: Record, catalogs: dict[str, list[Record]], levers: dict[str, Record]) -> Questionnaire:
    return Questionnaire(
        version=main["version"],
        title=main["title"],
        sections=tuple(Section(s["id"], s["title"], s["summary"]) for s in main["sections"]),
        levers=tuple(_lever(levers[lever_id]) for lever_id in main["levers"]),
        levels=tuple(
            sorted(
                (
                    Level(lv["id"], lv["label"], float(lv["min_score"]), lv.get("description", ""))
                    for lv in main["levels"]
                ),
                key=lambda level: level.min_score,
            )
        ),
        overall_weights={tier: float(weight) for tier, weight in main["overall_weights"].items()},
        overall_weight_reason=main["overall_weight_reason"],
        lever_weights={w["id"]: LeverWeight(w["id"], float(w["weight"]), w["reason"]) for w in main["lever_weights"]},
        collaboration_levers=tuple(main["collaboration_levers"]),
        core_items=tuple(CoreItem(c["id"], float(c["met_from"]), c["summary"]) for c in main["core_items"]),
        core_cap_level=main["core_cap_level"],
        completeness_threshold=float(main["completeness_threshold"]) / 100,
        incomplete_level=Level(
            main["incomplete_level"]["id"],
            main["incomplete_level"]["label"],
            0,
            main["incomplete_level"]["description"],
        ),
        rubric=tuple(RubricStep(float(r["points"]), r["label"]) for r in main["rubric"]),
        county_only_controllers=tuple(main["county_only_controllers"]),
        evidence_kinds=tuple(EvidenceKind(k["id"], k["label"]) for k in main["evidence_kinds"]),
        durability_levels=tuple(Durability(d["id"], d["label"], d["reversed_by"]) for d in main["durability_levels"]),
        controllers=dict(main["controllers"]),
        state_law_topics=dict(main["state_law_topics"]),
        model_laws={
            m["id"]: ModelLaw(
                id=m["id"],
                title=m["title"],
                jurisdiction=m["jurisdiction"],
                year=m["year"],
                identifier=m["identifier"],
                url=m["url"],
                description=m["description"],
                unconfirmed=m.get("unconfirmed"),
                sources=tuple(m.get("sources", ())),
            )
            for m in catalogs["model_laws"]
        },
        guides={
            g["id"]: Guide(
                id=g["id"],
                title=g["title"],
                publisher=g["publisher"],
                year=g["year"],
                url=g["url"],
                description=g["description"],
                unconfirmed=g.get("unconfirmed"),
                sources=tuple(g.get("sources", ())),
            )
            for g in catalogs["guides"]
        },
        allies={
            a["id"]: Ally(
                id=a["id"],
                name=a["name"],
                url=a["url"],
                description=a["description"],
                sources=tuple(a.get("sources", ())),
            )
            for a in catalogs["allies"]
        },
        federal=tuple(
            sorted(
                (
                    FederalAction(
                        id=f["id"],
                        title=f["title"],
                        date=_date(f.get("date")),
                        description=f["description"],
                        sources=tuple(f["sources"]),
                        everyone=f.get("touches") == "everyone",
                        states=tuple(f.get("states", ())),
                        places=tuple(f.get("places", ())),
                    )
                    for f in catalogs["federal"]
                ),
                key=lambda action: action.date or date.min,
                reverse=True,
            )
        ),
        state_laws=tuple(
            StateLaw(
                id=s["id"],
                state=s["state"],
                title=s["title"],
                year=s["year"],
                effects=dict(s["effects"]),
                description=s["description"],
                sources=tuple(s.get("sources", ())),
                in_force_from=_date(s.get("in_force_from")),
                in_force_until=_date(s.get("in_force_until")),
                blocked_by=s.get("blocked_by"),
                blocked_since=_date(s.get("blocked_since")),
            )
            for s in catalogs["state_laws"]
        ),
        methodology_sources=tuple(main.get("methodology_sources", ())),
    )


def _lever(data: Record) -> Lever:
    return Lever(
        id=data["id"],
        title=data["title"],
        summary=data["summary"],
        area=data["section"],
        questions=tuple(_question(data["id"], q) for q in data["questions"]),
    )


def _question(lever_id: str, q: dict[str, Any]) -> Question:
    rec = q["recommendation"]
    return Question(
        id=q["id"],
        lever_id=lever_id,
        prompt=q["prompt"],
        help=q["help"],
        tier=q["tier"],
        controlled_by=tuple(q["controlled_by"]),
        applies_to=tuple(q["applies_to"]),
        kind=q["kind"],
        points=float(q["points"]),
        options=tuple(
            Option(o["id"], o["label"], float(o["points"]), bool(o.get("exclusive", False))) for o in q["options"]
        ),
        evidence_prompt=q["evidence"],
        recommendation=Recommendation(
            action=rec["action"],
            model_laws=tuple(rec.get("model_laws", ())),
            guides=tuple(rec.get("guides", ())),
            allies=tuple(rec.get("allies", ())),
            resolution=rec.get("resolution"),
        ),
        state_law_topics=tuple(q.get("state_law_topics", ())),
        not_applicable_when=tuple(Condition(c["id"], c["label"]) for c in q.get("not_applicable_when", ())),
        state_law_advice=dict(q.get("state_law_advice", {})),
        asked_only_where=q.get("asked_only_where"),
        sources=tuple(q.get("sources", ())),
        limited_by=(
            Limit(
                q["limited_by"]["question"],
                tuple(q["limited_by"]["unless"]),
                float(q["limited_by"]["at_most"]),
                q["limited_by"]["reason"],
            )
            if q.get("limited_by")
            else None
        ),
        extra_credit=bool(q.get("extra_credit", False)),
    )


def _date(text: str | None) -> date | None:
    """ "2026-01-01", or "2025-06" and "2024" for their first day (sources are not always exact)."""
    if not text:
        return None
    parts = [int(part) for part in text.split("-")]
    return date(parts[0], *(parts[1:] + [1, 1])[:2])
