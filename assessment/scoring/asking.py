"""Each question as asked of one jurisdiction: its answer, the state law in force
on its topics, and why it does not count; and the Item a scorecard shows of it.
Pure, like the rest of assessment/scoring/."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from assessment.content.model import DONT_KNOW, STATE_LAW_EFFECTS, Question, Questionnaire, StateLaw, scopes_for_kind
from assessment.scoring.answers import (
    NOT_APPLICABLE,
    OPTIONS,
    answer_kind,
    chosen_options,
    clean_evidence,
    not_applicable_reason,
)
from assessment.scoring.types import ANSWERED, UNANSWERED, Controller, Exclusion, Item, JurisdictionInfo, StateLawStatus
from assessment.scoring.words import _


def answer_points(question: Question, value: Any) -> float:
    """Points an answer earns: chosen options' sum, capped at question.points."""
    if value is None or answer_kind(value) != OPTIONS:
        return 0.0
    return min(float(sum(opt.points for opt in chosen_options(question, value))), float(question.points))


def law_name(law: StateLaw) -> str:
    """A law as the scorecard names it: "Texas SB 8 (2025)" (a title that names its year already is kept)."""
    return f"{law.title} ({law.year})" if law.year and str(law.year) not in law.title else law.title


@dataclass(frozen=True)
class Asked:
    """One question as asked of this jurisdiction: its answer, the state law on it, and
    why it does not count (cause None when it does)."""

    question: Question
    value: Any
    status: str
    effect: str | None  # the strongest effect of the laws in force on its topics
    laws: tuple[StateLaw, ...]  # the laws with that effect
    floors: tuple[StateLaw, ...]
    blocked: tuple[StateLaw, ...]  # laws on its topics that a court has blocked
    cause: str | None
    kind: str  # the jurisdiction's type
    limited: bool = False  # the question's limited_by cap applies (limit_holds)

    @property
    def earned(self) -> float:
        """Points that count in `score`: none where state law forces the harm, and no
        more than the cap while the answer it depends on is not the protective one."""
        if self.effect == "mandates":
            return 0.0
        points = answer_points(self.question, self.value)
        limit = self.question.limited_by  # never None while self.limited
        return min(points, limit.at_most) if self.limited and limit is not None else points

    @property
    def limit_note(self) -> str | None:
        """The limit's reason, when the cap takes points away from this answer."""
        limit = self.question.limited_by
        if (
            self.limited
            and limit is not None
            and self.effect != "mandates"
            and answer_points(self.question, self.value) > limit.at_most
        ):
            return limit.reason
        return None


def limit_holds(
    questionnaire: Questionnaire, question: Question, answers: Mapping[str, Any], scopes: frozenset[str]
) -> bool:
    """Whether question.limited_by caps this answer: the question it depends on is asked
    here, not marked not applicable, and not answered with one of the options that lift it
    (an unanswered or "don't know" answer does not lift it: the content is not yet shown)."""
    limit = question.limited_by
    if limit is None:
        return False
    other = questionnaire.question(limit.question)
    if other is None or not other.applies_in(scopes):
        return False
    value = answers.get(other.id)
    if value is None:
        return True
    if answer_kind(value) == NOT_APPLICABLE:
        return False
    return {option.id for option in chosen_options(other, value)}.isdisjoint(limit.unless)


def asked_questions(
    questionnaire: Questionnaire, jurisdiction: JurisdictionInfo, answers: Mapping[str, Any]
) -> Iterator[Asked]:
    """Every question with its answer and state law, in questionnaire order."""
    scopes = questionnaire.scopes_for(jurisdiction.kind, jurisdiction.state, jurisdiction.year)
    for question in questionnaire.questions():
        yield ask(questionnaire, jurisdiction, scopes, question, answers)


def ask(
    questionnaire: Questionnaire,
    jurisdiction: JurisdictionInfo,
    scopes: frozenset[str],
    question: Question,
    answers: Mapping[str, Any],
) -> Asked:
    """One question as asked_questions() asks it (`scopes`: questionnaire.scopes_for the jurisdiction).
    It reads the question's own answer and, for its limited_by cap, the one it depends on."""
    value = answers.get(question.id)
    effect, laws, floors, blocked = state_law_on(
        questionnaire, jurisdiction.state.upper(), jurisdiction.year, question.state_law_topics
    )
    return Asked(
        question,
        value,
        status_of(value),
        effect,
        laws,
        floors,
        blocked,
        exclusion_cause(question, scopes, value),
        jurisdiction.kind,
        limit_holds(questionnaire, question, answers, scopes),
    )


def status_of(value: Any) -> str:
    if value is None:
        return UNANSWERED
    if answer_kind(value) == DONT_KNOW:
        return DONT_KNOW
    return ANSWERED


# (strongest effect, the laws with it, floor laws, blocked laws): what state law does to a question.
StateLawOn = tuple[str | None, tuple[StateLaw, ...], tuple[StateLaw, ...], tuple[StateLaw, ...]]


def state_law_on(questionnaire: Questionnaire, state: str, year: int | None, topics: tuple[str, ...]) -> StateLawOn:
    """(strongest effect, the laws with it, floor laws, blocked laws) for these topics."""
    if not topics:
        return None, (), (), ()

    def find() -> StateLawOn:
        laws = questionnaire.state_laws_for(state, topics, year)
        blocked = tuple(law for law in laws if law.blocked_in(year))
        applied = [(law, law.effect_on(topics)) for law in laws if law not in blocked]
        effect = next((e for e in STATE_LAW_EFFECTS if any(found == e for _law, found in applied)), None)
        with_effect = tuple(law for law, found in applied if found == effect) if effect else ()
        floors = tuple(law for law, found in applied if found == "floor")
        return effect, with_effect, floors, blocked

    # Remembered per content: every save asks for each question.
    return questionnaire.remembered(("state_law_on", state, year, topics), find)


# Why a question does not count (exclusion_cause), worded by exclusion_of.
OTHER_KIND = "other_kind"
MARKED_NOT_APPLICABLE = "marked_not_applicable"


def exclusion_cause(question: Question, scopes: frozenset[str], value: Any) -> str | None:
    # The type of jurisdiction is the more basic reason, so it is the one shown.
    if not question.applies_in(scopes):
        return OTHER_KIND
    if value is not None and answer_kind(value) == NOT_APPLICABLE:
        return MARKED_NOT_APPLICABLE
    return None


def exclusion_of(asked: Asked) -> Exclusion:
    question = asked.question
    condition_id = None
    if asked.cause == OTHER_KIND:
        if question.asked_only_where is not None and not scopes_for_kind(asked.kind).isdisjoint(question.applies_to):
            reason = _("Asked only where state law leaves this choice")
        elif set(question.applies_to) == {"city"}:
            reason = _("Applies to cities only")
        elif set(question.applies_to) == {"county"}:
            reason = _("Applies to counties only")
        else:
            reason = _("Applies to no jurisdiction type")
    else:
        condition_id = not_applicable_reason(asked.value)
        condition = question.condition(condition_id or "")
        reason = _("Does not apply here: %(condition)s", condition=condition.label if condition else condition_id)
    return Exclusion(question.id, question.lever_id, question.tier, reason, condition_id)


def state_law_notes(asked: Asked) -> tuple[str, ...]:
    names = "; ".join(law_name(law) for law in asked.laws)
    notes = []
    if asked.effect == "mandates":
        notes.append(
            _("Required by state law (%(laws)s): counted as not met, and left out of the local score.", laws=names)
        )
    elif asked.effect == "preempts":
        notes.append(
            _(
                "State law bars the local choice (%(laws)s): counted as it is, and left out of the local score.",
                laws=names,
            )
        )
    for law in asked.floors:
        notes.append(_("State law already sets a floor: %(law)s. What does local law add?", law=law_name(law)))
    for law in asked.blocked:
        notes.append(_("Blocked (by a court, or until one rules) and not applied: %(law)s.", law=law_name(law)))
    return tuple(notes)


def controllers_here(questionnaire: Questionnaire, question: Question, kind: str) -> tuple[Controller, ...]:
    """Who controls the question's lever here: a city is not told its sheriff or county board decides."""
    ids = question.controlled_by
    if "county" not in scopes_for_kind(kind):
        ids = tuple(c for c in ids if c not in questionnaire.county_only_controllers) or ids
    return tuple(Controller(c, questionnaire.controllers.get(c, c)) for c in ids)


def item_of(questionnaire: Questionnaire, asked: Asked, evidence: Any, core: bool) -> Item:
    question, value = asked.question, asked.value
    return Item(
        question_id=question.id,
        lever_id=question.lever_id,
        tier=question.tier,
        prompt=question.prompt,
        controlled_by=controllers_here(questionnaire, question, asked.kind),
        earned=asked.earned,
        possible=float(question.points),
        status=asked.status,
        chosen=tuple(opt.label for opt in chosen_options(question, value)) if value is not None else (),
        evidence=clean_evidence(evidence),
        state_law_notes=state_law_notes(asked),
        state_effect=asked.effect or ("floor" if asked.floors else None),
        state_laws=tuple(law_name(law) for law in (asked.laws or asked.floors)),
        core=core,
        limit_note=asked.limit_note,
        extra=question.extra_credit,
    )


def state_law_statuses(questionnaire: Questionnaire, jurisdiction: JurisdictionInfo) -> tuple[StateLawStatus, ...]:
    """Every catalogued law of the jurisdiction's state, with how it stood in the assessment year."""
    state, year = jurisdiction.state.upper(), jurisdiction.year
    return tuple(
        StateLawStatus(law.id, law_name(law), law.status_in(year), law.effects, law.blocked_by)
        for law in questionnaire.state_laws
        if law.state == state
    )
