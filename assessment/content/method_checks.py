"""The checks of the scoring method's parts of questionnaire.yaml against the lever
files (loader.py runs them with the other cross-file checks, on the parts whose
structure the schema accepted): a weight for every lever, ending collaboration
with ICE at least half of current protections, core items that are
current-protection questions, and every option on the rubric's scale.

`reader` is loader._Reader: it collects the problems (a Reporter here, as loader imports this module).
"""

from __future__ import annotations

import math
from typing import Protocol

from assessment.content.model import scopes_for_kind
from assessment.content.schema import Document, Record, YamlPath


class Reporter(Protocol):
    def report(self, doc: Document, path: YamlPath, message: str, entry: str | None = None) -> None: ...


def max_points(question: Record) -> float:
    """Single: the best option. Multi: all plain options together, or the best exclusive one."""
    points: list[tuple[float, bool]] = [(o["points"], bool(o.get("exclusive"))) for o in question["options"]]
    if question["kind"] == "single":
        return max(p for p, _ in points)
    return max([sum(p for p, exclusive in points if not exclusive)] + [p for p, exclusive in points if exclusive])


def _sound_items(doc: Document, name: str) -> list[tuple[int, Record]]:
    if name not in doc.data or not doc.usable(name):
        return []
    return [(i, item) for i, item in enumerate(doc.data[name]) if doc.sound(name, i)]


def check_method(reader: Reporter, main: Document, levers: dict[str, Document | None], listed: set[str]) -> None:
    """The scoring method's parts of questionnaire.yaml against the levers: a weight for
    every lever, ending collaboration at least half of the current-protections tier in
    every type of jurisdiction, core items that are current-protection questions, and
    options on the rubric's scale."""
    sound_levers = {
        stem: doc.data for stem, doc in levers.items() if doc is not None and doc.sound("questions") and stem in listed
    }
    questions: dict[str, Record] = {}
    for lever in sound_levers.values():
        for question in lever["questions"]:
            questions.setdefault(question["id"], question)  # a repeated id is reported where it repeats
    weights: dict[str, float] = {}
    for index, item in _sound_items(main, "lever_weights"):
        if item["id"] in weights:
            reader.report(main, ("lever_weights", index, "id"), f"lever '{item['id']}' has two weights")
        elif item["id"] not in listed:
            reader.report(main, ("lever_weights", index, "id"), f"unknown lever '{item['id']}' (not under 'levers')")
        weights[item["id"]] = item["weight"]
    if main.sound("lever_weights"):
        for lever_id in sorted(listed - set(weights)):
            reader.report(main, ("lever_weights",), f"lever '{lever_id}' has no weight")
    collaboration: list[str] = []
    if main.sound("collaboration_levers"):
        for index, lever_id in enumerate(main.data["collaboration_levers"]):
            if lever_id not in listed:
                reader.report(main, ("collaboration_levers", index), f"unknown lever '{lever_id}' (not under 'levers')")
            collaboration.append(lever_id)
    if weights and collaboration and len(sound_levers) == len(listed):
        for kind in ("city", "county"):
            scopes = scopes_for_kind(kind)
            present = {
                stem
                for stem, lever in sound_levers.items()
                if any(q["tier"] == "protection" and not scopes.isdisjoint(q["applies_to"]) for q in lever["questions"])
            }
            total = sum(weights.get(stem, 0) for stem in present)
            share = sum(weights.get(stem, 0) for stem in present if stem in collaboration)
            if total and share < total / 2:
                reader.report(
                    main,
                    ("collaboration_levers",),
                    f"ending collaboration with ICE weighs {share:g} of {total:g} in a {kind}'s current "
                    "protections; the method needs at least half",
                )
    seen_core: set[str] = set()
    for index, item in _sound_items(main, "core_items"):
        question = questions.get(item["id"])
        if item["id"] in seen_core:
            reader.report(main, ("core_items", index, "id"), f"question '{item['id']}' is a core item twice")
        seen_core.add(item["id"])
        if question is None:
            if len(sound_levers) == len(listed):
                reader.report(main, ("core_items", index, "id"), f"unknown question '{item['id']}'")
            continue
        if question["tier"] != "protection":
            reader.report(
                main, ("core_items", index, "id"), f"core item '{item['id']}' is not a current-protection question"
            )
        if question.get("extra_credit"):
            reader.report(
                main,
                ("core_items", index, "id"),
                f"core item '{item['id']}' is extra credit: a prerequisite must count when it is missing",
            )
        if item["met_from"] > question["points"]:
            reader.report(
                main,
                ("core_items", index, "met_from"),
                f"{item['met_from']:g} is more than the question's {question['points']:g} points",
            )
    if main.sound("core_cap_level") and main.usable("levels"):
        level_ids = {level["id"] for _, level in _sound_items(main, "levels")}
        if main.data["core_cap_level"] not in level_ids:
            reader.report(main, ("core_cap_level",), f"unknown level '{main.data['core_cap_level']}'")
    steps = {item["points"] for _, item in _sound_items(main, "rubric")}
    if steps and main.sound("rubric"):
        _check_rubric(reader, steps, levers)
    # A reference to a question is checked only when every lever read cleanly: a
    # fault elsewhere would otherwise show up again as "unknown question" here.
    complete = len(sound_levers) == len(listed)
    _check_limits(reader, questions if complete else None, levers, steps if main.sound("rubric") else set())
    for index, item in _sound_items(main, "retired_questions"):
        if item["id"] in questions:
            reader.report(
                main,
                ("retired_questions", index, "id"),
                f"question '{item['id']}' was retired and its id may not be used again",
            )
        if item.get("replaced_by") and complete and item["replaced_by"] not in questions:
            reader.report(
                main, ("retired_questions", index, "replaced_by"), f"unknown question '{item['replaced_by']}'"
            )


def _check_limits(
    reader: Reporter, questions: dict[str, Record] | None, levers: dict[str, Document | None], steps: set[float]
) -> None:
    """limited_by names another question and its options (when `questions` is known),
    and caps below the question's points on the rubric."""
    for doc in levers.values():
        if doc is None or not doc.usable("questions"):
            continue
        for q_index, question in enumerate(doc.data["questions"]):
            limit = question.get("limited_by") if isinstance(question, dict) else None
            if not limit or not doc.sound("questions", q_index, "limited_by"):
                continue
            path = ("questions", q_index, "limited_by")
            if limit["question"] == question.get("id"):
                reader.report(doc, (*path, "question"), "a question cannot be limited by itself")
            elif questions is not None and limit["question"] not in questions:
                reader.report(doc, (*path, "question"), f"unknown question '{limit['question']}'")
            elif questions is not None:
                known = {option["id"] for option in questions[limit["question"]]["options"]}
                for u_index, option_id in enumerate(limit["unless"]):
                    if option_id not in known:
                        reader.report(
                            doc,
                            (*path, "unless", u_index),
                            f"question '{limit['question']}' has no option '{option_id}'",
                        )
            if steps and limit["at_most"] not in steps:
                reader.report(doc, (*path, "at_most"), f"{limit['at_most']:g} points is off the rubric's scale")
            if isinstance(question.get("points"), (int, float)) and limit["at_most"] >= question["points"]:
                reader.report(
                    doc,
                    (*path, "at_most"),
                    f"{limit['at_most']:g} does not limit a question worth {question['points']:g}",
                )


def _check_rubric(reader: Reporter, steps: set[float], levers: dict[str, Document | None]) -> None:
    """Every option's points, and every question's total, on the rubric's scale."""
    scale = ", ".join(f"{step:g}" for step in sorted(steps))
    for doc in levers.values():
        if doc is None or not doc.usable("questions"):
            continue
        for q_index, question in enumerate(doc.data["questions"]):
            if not doc.sound("questions", q_index, "options") or not doc.sound("questions", q_index, "points"):
                continue
            if question["points"] != max(steps) and math.isclose(question["points"], max_points(question)):
                reader.report(
                    doc,
                    ("questions", q_index, "points"),
                    f"{question['points']:g} is not the top of the rubric ({max(steps):g})",
                )
            for o_index, option in enumerate(question["options"]):
                if option["points"] not in steps:
                    reader.report(
                        doc,
                        ("questions", q_index, "options", o_index, "points"),
                        f"{option['points']:g} points is off the rubric's scale ({scale})",
                    )
