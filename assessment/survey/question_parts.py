"""The parts of a lever page's questions that read the same on every view.

A question's legend, tags, help and state laws, each of its choices (checked
and not), and the heading of its evidence are the same markup for every
assessment, in a language. Rendered on each view they were most of the cost
of rendering a question (half a dozen messages looked up, some sixty values
escaped); survey/_question_parts.html renders each once, per language and set
of state laws, and they are kept with the questionnaire, whose content never
changes once loaded. survey/_question.html puts the official's answers, typed
text and error messages around them on each view, from the saved answers
(GET) or from the form (a POST shown again).

The options of the two evidence lists (what the source shows, how lasting
the rule is) are the same under every question but for the one selected:
they are rendered once per language with each choice selected in turn
(EvidenceOptions). Looped over on each view, they were a fifth of the
page's time.

A state law note that reads the same under every question of the page (same
law, same effect) is said once, under the lever's heading, rather than
repeated under each question (LeverParts.shared_laws).

Being kept for the life of the process, they do not follow edits to
_question_parts.html until the app restarts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from flask import current_app
from markupsafe import Markup

from ..content.model import Durability, EvidenceKind, Question, Questionnaire, StateLaw
from ..i18n import current_language
from .forms import special_choices

PARTS_TEMPLATE = "survey/_question_parts.html"


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    unchecked: Markup
    checked: Markup


@dataclass(frozen=True, slots=True)
class QuestionParts:
    intro: Markup
    choices: tuple[Choice, ...]
    evidence_intro: Markup


@dataclass(frozen=True, slots=True)
class EvidenceOptions:
    """One evidence list's <option>s, by the value selected ("" for none)."""

    by_selected: dict[str, Markup]

    def __call__(self, selected: str | None) -> Markup:
        # A value that is not one of the choices (the content changed) selects nothing, as "" does.
        return self.by_selected.get((selected or "").strip(), self.by_selected[""])


@dataclass(frozen=True, slots=True)
class LeverParts:
    questions: dict[str, QuestionParts]  # question id -> its parts
    shared_laws: Markup  # the state law notes every question of the page shares ("" when none)
    evidence_options: dict[str, EvidenceOptions]  # "shows" and "durability"

    def __getitem__(self, question_id: str) -> QuestionParts:
        return self.questions[question_id]


LawEffect = tuple[StateLaw, str]


def lever_question_parts(
    questionnaire: Questionnaire, questions: list[Question], state: str, year: int | None = None
) -> LeverParts:
    """The parts of a lever page's questions, in the current language (`questionnaire` is that
    language's), with the laws of `state` on their subject as they stood at the end of `year`."""
    language = current_language()
    laws_of = {question.id: _laws(questionnaire, question, state, year) for question in questions}
    shared = _shared(list(laws_of.values()))
    parts = {}
    for question in questions:
        own = tuple(entry for entry in laws_of[question.id] if _key(entry) not in {_key(e) for e in shared})
        key = ("question_parts", language, question.id, tuple(_key(entry) for entry in own))
        parts[question.id] = questionnaire.remembered(key, partial(_render, question, own))
    shared_key = ("lever_laws", language, tuple(_key(entry) for entry in shared))
    return LeverParts(
        parts,
        questionnaire.remembered(shared_key, partial(_render_laws, shared)) if shared else Markup(""),
        questionnaire.remembered(("evidence_options", language), partial(_render_evidence_options, questionnaire)),
    )


def _laws(questionnaire: Questionnaire, question: Question, state: str, year: int | None) -> tuple[LawEffect, ...]:
    return tuple(
        (law, "blocked" if law.blocked_in(year) else law.effect_on(question.state_law_topics))
        for law in questionnaire.state_laws_for(state, question.state_law_topics, year)
    )


def _key(entry: LawEffect) -> tuple[str, str]:
    return entry[0].id, entry[1]


def _shared(per_question: list[tuple[LawEffect, ...]]) -> tuple[LawEffect, ...]:
    """The notes (law and effect) under every question, in the first question's order."""
    if not per_question:
        return ()
    common = set.intersection(*({_key(entry) for entry in laws} for laws in per_question))
    return tuple(entry for entry in per_question[0] if _key(entry) in common)


def _render_laws(laws: tuple[LawEffect, ...]) -> Markup:
    macros = current_app.jinja_env.get_template(PARTS_TEMPLATE).module
    return macros.state_laws(laws)


def _render_evidence_options(questionnaire: Questionnaire) -> dict[str, EvidenceOptions]:
    macros = current_app.jinja_env.get_template(PARTS_TEMPLATE).module
    lists: dict[str, tuple[EvidenceKind, ...] | tuple[Durability, ...]] = {
        "shows": questionnaire.evidence_kinds,
        "durability": questionnaire.durability_levels,
    }
    return {
        name: EvidenceOptions(
            {value: macros.evidence_options(choices, value) for value in ["", *(choice.id for choice in choices)]}
        )
        for name, choices in lists.items()
    }


def _render(question: Question, laws: tuple[tuple[StateLaw, str], ...]) -> QuestionParts:
    macros = current_app.jinja_env.get_template(PARTS_TEMPLATE).module
    # The app's own choices come last, after an "Or".
    choices = [(option.id, option.label) for option in question.options] + special_choices(question)
    divider_at = len(question.options) + 1

    def choice(index: int, value: str, label: str, checked: bool) -> Markup:
        return macros.choice(question, index, value, label, index == divider_at, checked)

    return QuestionParts(
        intro=macros.intro(question, laws),
        choices=tuple(
            Choice(value, choice(index, value, label, False), choice(index, value, label, True))
            for index, (value, label) in enumerate(choices, start=1)
        ),
        evidence_intro=macros.evidence_intro(question),
    )
