"""The questionnaire as immutable data, read from questions/ by the loader.

Everything else (scoring, forms, pages, PDF, API) reads these objects; none of
them know about YAML.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar, cast

T = TypeVar("T")

TIERS = ("protection", "next_level")
JURISDICTION_SCOPES = ("city", "county")
QUESTION_KINDS = ("single", "multi")
DONT_KNOW = "dont_know"
# What a state law does to a local choice, strongest first: it forces the harm
# (mandates), bars the local protection (preempts), or gives the protection
# itself everywhere in the state (floor).
STATE_LAW_EFFECTS = ("mandates", "preempts", "floor")
# The effects that take a question out of the local figure: the choice is not local.
STATE_IMPOSED = ("mandates", "preempts")


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    points: float
    # In a multi-choice question, an exclusive option ("none of these")
    # cannot be chosen together with any other option.
    exclusive: bool = False


@dataclass(frozen=True)
class Recommendation:
    action: str  # one sentence: what to do
    model_laws: tuple[str, ...] = ()
    guides: tuple[str, ...] = ()
    allies: tuple[str, ...] = ()
    # A draft resolution for the council memo, with placeholders such as {jurisdiction}
    # (RESOLUTION_PLACEHOLDERS); filled by assessment/plans/resolutions.py, never by str.format.
    resolution: str | None = None


# The only placeholders a resolution template may use: the place, and the body that decides.
RESOLUTION_PLACEHOLDERS = ("jurisdiction", "body")
RESOLUTION_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def resolution_placeholder_problems(template: str | None) -> set[str]:
    """The names in {braces} of a resolution template that are not RESOLUTION_PLACEHOLDERS."""
    return {name for name in RESOLUTION_PLACEHOLDER.findall(template or "") if name not in RESOLUTION_PLACEHOLDERS}


@dataclass(frozen=True)
class Condition:
    """A structural fact under which a question may be marked not applicable."""

    id: str
    label: str  # plain words: "The county runs no jail."


@dataclass(frozen=True)
class Limit:
    """This question earns at most `at_most` points unless question `question` is
    answered with one of `unless`: a rule's form counts only when its content protects."""

    question: str
    unless: tuple[str, ...]
    at_most: float
    reason: str  # plain words, shown beside the capped points


@dataclass(frozen=True)
class Question:
    id: str
    lever_id: str
    prompt: str
    help: str
    tier: str  # one of TIERS
    controlled_by: tuple[str, ...]  # ids in Questionnaire.controllers
    applies_to: tuple[str, ...]  # subset of JURISDICTION_SCOPES
    kind: str  # one of QUESTION_KINDS
    points: float  # the most this question can earn
    options: tuple[Option, ...]
    evidence_prompt: str
    recommendation: Recommendation
    state_law_topics: tuple[str, ...] = ()
    # The only reasons an official may give for "does not apply here"; none
    # means the question applies to every jurisdiction of its type.
    not_applicable_when: tuple[Condition, ...] = ()
    # Advice for the room state law leaves, by effect ("mandates", "preempts",
    # "floor"); the scorecard names the law beside it.
    state_law_advice: Mapping[str, str] = field(default_factory=dict)
    # "<effect>:<topic>" (e.g. "mandates:287g"): the question is asked only where a state
    # law in force has that effect on that topic, as the room left by it (scopes_for()).
    asked_only_where: str | None = None
    sources: tuple[str, ...] = ()  # where the question's options and facts come from
    limited_by: Limit | None = None
    # Extra credit: what it earns counts, what it does not earn costs nothing (its
    # points are not in the lever's possible). For reforms most places cannot make,
    # such as noncitizen voting, which state law decides almost everywhere.
    extra_credit: bool = False

    def condition(self, condition_id: str) -> Condition | None:
        for condition in self.not_applicable_when:
            if condition.id == condition_id:
                return condition
        return None

    def applies_in(self, scopes: frozenset[str]) -> bool:
        """Whether the question is asked of a jurisdiction with these scopes (scopes_for_kind(),
        or Questionnaire.scopes_for() with the state law that shapes what is asked)."""
        return not scopes.isdisjoint(self.applies_to) and (
            self.asked_only_where is None or self.asked_only_where in scopes
        )

    def option(self, option_id: str) -> Option | None:
        for opt in self.options:
            if opt.id == option_id:
                return opt
        return None

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)


@dataclass(frozen=True)
class Lever:
    id: str
    title: str
    summary: str
    area: str  # section id in Questionnaire.sections
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    summary: str


@dataclass(frozen=True)
class ModelLaw:
    id: str
    title: str
    jurisdiction: str
    year: int | None
    identifier: str | None  # ordinance or bill number, None when unconfirmed
    url: str | None
    description: str
    unconfirmed: str | None = None  # what is not confirmed, in plain words
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Guide:
    id: str
    title: str
    publisher: str
    year: int | None
    url: str | None
    description: str
    unconfirmed: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ally:
    id: str
    name: str
    url: str
    description: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class StateLaw:
    id: str
    state: str  # two-letter code
    title: str
    year: int | None  # the year it was enacted
    # topic id (in Questionnaire.state_law_topics) -> one of STATE_LAW_EFFECTS
    effects: Mapping[str, str]
    description: str
    sources: tuple[str, ...] = ()
    in_force_from: date | None = None  # None: in force since before any assessment
    in_force_until: date | None = None  # the day it stopped applying (repealed, expired)
    # A court order that stops the law being applied, in plain words with
    # the date ("Preliminary injunction, W.D. Tex., 29 February 2024"); None when not blocked.
    blocked_by: str | None = None
    blocked_since: date | None = None

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(self.effects)

    def effect_on(self, topics: tuple[str, ...]) -> str | None:
        """The strongest effect this law has on any of these topics (None: it has none)."""
        found = {self.effects[t] for t in topics if t in self.effects}
        return next((effect for effect in STATE_LAW_EFFECTS if effect in found), None)

    def in_force_in(self, year: int) -> bool:
        """Whether the law applied at the end of `year` (an assessment year's state of the law)."""
        end = date(year, 12, 31)
        if self.in_force_from is not None and self.in_force_from > end:
            return False
        return self.in_force_until is None or self.in_force_until > end

    def status_in(self, year: int | None) -> str:
        """ "blocked", "in_force" or "not_in_force" at the end of `year` (None: in force unless blocked)."""
        if self.blocked_in(year):
            return "blocked"
        return "in_force" if year is None or self.in_force_in(year) else "not_in_force"

    def blocked_in(self, year: int | None) -> bool:
        """Whether a court had blocked the law by the end of `year` (None: at all)."""
        if self.blocked_by is None:
            return False
        return year is None or self.blocked_since is None or self.blocked_since <= date(year, 12, 31)


@dataclass(frozen=True)
class FederalAction:
    """A dated federal action a local official should know about (context, never scored)."""

    id: str
    title: str
    date: date | None
    description: str
    sources: tuple[str, ...]
    everyone: bool  # it touches every city and county
    states: tuple[str, ...] = ()  # every place in these states is touched
    places: tuple[str, ...] = ()  # "Cook County, IL": these places by name

    def touches(self, name: str, state: str) -> bool:
        return self.everyone or state.upper() in self.states or f"{name}, {state.upper()}" in self.places


@dataclass(frozen=True)
class LeverWeight:
    lever_id: str
    weight: float  # relative: a lever's share of its tier is weight / the tier's total
    reason: str  # one line: why it weighs this much


@dataclass(frozen=True)
class CoreItem:
    """A prerequisite: while it fails, the current-protections and overall levels are capped."""

    question_id: str
    met_from: float  # the fewest points an answer must earn for the item to be met
    summary: str  # what is true when it is met, in plain words


@dataclass(frozen=True)
class EvidenceKind:
    id: str
    label: str  # "The rule as adopted (ordinance, policy, order)"


@dataclass(frozen=True)
class Durability:
    id: str
    label: str  # "Ordinance or charter"
    reversed_by: str  # who could undo it: "A council vote (a charter: the voters)"


@dataclass(frozen=True)
class RubricStep:
    points: float
    label: str  # what an option at this step means


@dataclass(frozen=True)
class Level:
    id: str
    label: str
    min_score: float  # lowest 0-100 score that reaches this level
    description: str = ""


@dataclass(frozen=True)
class Questionnaire:
    version: str
    title: str
    sections: tuple[Section, ...]
    levers: tuple[Lever, ...]
    levels: tuple[Level, ...]  # ascending by min_score, first has min_score 0
    # Weights of the tier scores in the overall figure; they sum to 1.
    overall_weights: Mapping[str, float]
    controllers: Mapping[str, str]  # id -> plain label ("Sheriff or jail")
    state_law_topics: Mapping[str, str]  # id -> plain label
    model_laws: Mapping[str, ModelLaw]
    guides: Mapping[str, Guide]
    allies: Mapping[str, Ally]
    state_laws: tuple[StateLaw, ...]
    methodology_sources: tuple[str, ...] = field(default=())
    # Each lever's weight inside its tier; a lever without one weighs 1.
    lever_weights: Mapping[str, LeverWeight] = field(default_factory=dict)
    # The levers that together make up ending collaboration with ICE.
    collaboration_levers: tuple[str, ...] = ()
    core_items: tuple[CoreItem, ...] = ()
    # While a core item fails, the current-protections and overall levels go no higher than this one.
    core_cap_level: str | None = None
    # Below this share of applicable questions answered (0-1), a figure's level is `incomplete_level`.
    completeness_threshold: float = 0.0
    incomplete_level: Level = field(default_factory=lambda: Level("incomplete", "Incomplete", 0))
    # The one scale every option's points sit on; empty: any points.
    rubric: tuple[RubricStep, ...] = ()
    overall_weight_reason: str = ""  # why the tiers weigh what they do in the overall figure
    county_only_controllers: tuple[str, ...] = ()  # controller ids not named to a city
    federal: tuple[FederalAction, ...] = ()  # dated federal context, newest first
    evidence_kinds: tuple[EvidenceKind, ...] = ()  # weakest first
    durability_levels: tuple[Durability, ...] = ()  # least durable first

    def evidence_kind(self, kind_id: str | None) -> EvidenceKind | None:
        return next((k for k in self.evidence_kinds if k.id == kind_id), None)

    def durability(self, durability_id: str | None) -> Durability | None:
        return next((d for d in self.durability_levels if d.id == durability_id), None)

    def questions(self) -> Iterator[Question]:
        for lever in self.levers:
            yield from lever.questions

    def question(self, question_id: str) -> Question | None:
        return self._question_index().get(question_id)

    def lever(self, lever_id: str) -> Lever | None:
        for lever in self.levers:
            if lever.id == lever_id:
                return lever
        return None

    def _question_index(self) -> dict[str, Question]:
        index = self.__dict__.get("_qindex")
        if index is None:
            index = {q.id: q for q in self.questions()}
            object.__setattr__(self, "_qindex", index)
        return index

    def remembered(self, key: Hashable, compute: Callable[[], T]) -> T:
        """compute(), the first time `key` is asked of this questionnaire; the
        same value afterwards. For anything derived from the content alone
        (which never changes once loaded) that a busy page would otherwise
        work out on every view."""
        memo: dict[Hashable, Any] | None = self.__dict__.get("_remembered")
        if memo is None:
            memo = {}
            object.__setattr__(self, "_remembered", memo)
        try:
            return cast(T, memo[key])  # each key is always computed by the same function, so holds its T
        except KeyError:
            value = memo[key] = compute()
            return value

    def levers_for(self, scopes: frozenset[str]) -> tuple[tuple[Lever, tuple[Question, ...]], ...]:
        """The levers with questions for a jurisdiction of these scopes, each with those questions."""

        def find() -> tuple[tuple[Lever, tuple[Question, ...]], ...]:
            found = ((lever, tuple(q for q in lever.questions if q.applies_in(scopes))) for lever in self.levers)
            return tuple((lever, questions) for lever, questions in found if questions)

        return self.remembered(("levers_for", scopes), find)

    def level_for(self, score: float) -> Level:
        chosen = self.levels[0]
        for level in self.levels:
            if score >= level.min_score:
                chosen = level
        return chosen

    def scopes_for(self, kind: str, state: str, year: int | None = None) -> frozenset[str]:
        """scopes_for_kind(kind) and, for questions asked only under a state law,
        "<effect>:<topic>" for every effect a law of `state` in force at the end of
        `year` (and not blocked by a court) has."""

        def find() -> frozenset[str]:
            effects = {
                f"{effect}:{topic}"
                for law in self.state_laws
                if law.state == state.upper() and law.status_in(year) == "in_force"
                for topic, effect in law.effects.items()
            }
            return scopes_for_kind(kind) | effects

        return self.remembered(("scopes_for", kind, state.upper(), year), find)

    def lever_weight(self, lever_id: str) -> float:
        found = self.lever_weights.get(lever_id)
        return found.weight if found is not None else 1.0

    def level(self, level_id: str | None) -> Level | None:
        for level in self.levels:
            if level.id == level_id:
                return level
        return None

    def state_laws_for(self, state: str, topics: tuple[str, ...], year: int | None = None) -> tuple[StateLaw, ...]:
        """The state's laws on any of these topics; with a year, only those in force at its end
        (blocked ones included: callers show them as blocked and do not apply them)."""

        # Remembered: scoring asks once per question, on every save.
        def find() -> tuple[StateLaw, ...]:
            wanted = set(topics)
            return tuple(
                law
                for law in self.state_laws
                if law.state == state and wanted & set(law.topics) and (year is None or law.in_force_in(year))
            )

        return self.remembered(("state_laws_for", state, topics, year), find)


def scopes_for_kind(kind: str) -> frozenset[str]:
    """Which question scopes apply to a jurisdiction type.

    A consolidated city-county governs as both; towns, villages and townships
    are municipalities and answer the city questions.
    """
    if kind == "county":
        return frozenset({"county"})
    if kind == "city_county":
        return frozenset({"city", "county"})
    return frozenset({"city"})
