"""The questionnaire as immutable data, read from questions/ by the loader.

Everything else (scoring, forms, pages, PDF, API) reads these objects; none of
them know about YAML.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator, Mapping, TypeVar

T = TypeVar("T")

TIERS = ("protection", "next_level")
JURISDICTION_SCOPES = ("city", "county")
QUESTION_KINDS = ("single", "multi")
DONT_KNOW = "dont_know"


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

    def applies_in(self, scopes: frozenset[str]) -> bool:
        """Whether the question is asked of a jurisdiction with these scopes (scopes_for_kind())."""
        return not scopes.isdisjoint(self.applies_to)

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
    year: int | None
    effect: str  # "preempts" (local choice barred) or "floor" (state already protects)
    topics: tuple[str, ...]  # ids in Questionnaire.state_law_topics
    description: str
    sources: tuple[str, ...] = ()


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
    # Below this current-protections score the scorecard warns that
    # next-level reforms rest on an unprotected base.
    gate_threshold: float
    # Weights of the tier scores in the overall figure; they sum to 1.
    overall_weights: Mapping[str, float]
    controllers: Mapping[str, str]  # id -> plain label ("Sheriff or jail")
    state_law_topics: Mapping[str, str]  # id -> plain label
    model_laws: Mapping[str, ModelLaw]
    guides: Mapping[str, Guide]
    allies: Mapping[str, Ally]
    state_laws: tuple[StateLaw, ...]
    methodology_sources: tuple[str, ...] = field(default=())

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

    def remembered(self, key, compute: Callable[[], T]) -> T:
        """compute(), the first time `key` is asked of this questionnaire; the
        same value afterwards. For anything derived from the content alone
        (which never changes once loaded) that a busy page would otherwise
        work out on every view."""
        memo = self.__dict__.get("_remembered")
        if memo is None:
            memo = {}
            object.__setattr__(self, "_remembered", memo)
        try:
            return memo[key]
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

    def state_laws_for(self, state: str, topics: tuple[str, ...]) -> tuple[StateLaw, ...]:
        # Remembered: scoring asks once per question, on every save.
        def find() -> tuple[StateLaw, ...]:
            wanted = set(topics)
            return tuple(law for law in self.state_laws if law.state == state and wanted & set(law.topics))

        return self.remembered(("state_laws_for", state, topics), find)


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
