"""Synthetic questionnaires for unit tests, plain builders and hypothesis strategies.

Builders take only what a test cares about and fill the rest with harmless
defaults. The strategies generate well-formed content: every question has an
answer worth 0 and an answer worth all its points, as the loader requires.
"""

from __future__ import annotations

import os
from dataclasses import replace
from functools import cache, lru_cache
from pathlib import Path

from hypothesis import strategies as st

from assessment.content.model import (
    Ally,
    Condition,
    CoreItem,
    Guide,
    Level,
    Lever,
    LeverWeight,
    ModelLaw,
    Option,
    Question,
    Questionnaire,
    Recommendation,
    Section,
    StateLaw,
)

QUESTIONS_DIR = Path(__file__).resolve().parents[2] / "questions"

DEFAULT_LEVELS = (
    Level("starting", "Starting", 0),
    Level("building", "Building", 40),
    Level("leading", "Leading", 70),
)
DEFAULT_RECOMMENDATION = Recommendation(
    action="Adopt the model policy.", model_laws=("ml_one",), guides=("guide_one",), allies=("ally_one",)
)
NO_JAIL = Condition("no_jail", "We run no jail.")
NOT_APPLICABLE = {"not_applicable": "no_jail"}  # a valid not-applicable answer to a builder question
CONTROLLERS = {"council": "City or county council", "sheriff": "Sheriff or jail", "police": "Police"}
TOPICS = {"detainers": "ICE detainers", "data": "Data sharing", "everify": "E-Verify"}


def option(id: str, points: float, exclusive: bool = False, label: str | None = None) -> Option:
    return Option(id=id, label=label or f"Option {id}", points=points, exclusive=exclusive)


def question(
    id: str,
    *,
    lever_id: str = "lever_a",
    tier: str = "protection",
    kind: str = "single",
    points: float = 10,
    options: tuple[Option, ...] | None = None,
    applies_to: tuple[str, ...] = ("city", "county"),
    controlled_by: tuple[str, ...] = ("council",),
    state_law_topics: tuple[str, ...] = (),
    recommendation: Recommendation = DEFAULT_RECOMMENDATION,
    not_applicable_when: tuple[Condition, ...] = (NO_JAIL,),
    state_law_advice: dict[str, str] | None = None,
) -> Question:
    if options is None:
        if kind == "single":
            options = (option("full", points), option("half", points / 2), option("none", 0))
        else:
            options = (option("x", points / 2), option("y", points / 2), option("none", 0, exclusive=True))
    return Question(
        id=id,
        lever_id=lever_id,
        prompt=f"Prompt for {id}?",
        help="",
        tier=tier,
        controlled_by=controlled_by,
        applies_to=applies_to,
        kind=kind,
        points=points,
        options=options,
        evidence_prompt="Link the ordinance.",
        recommendation=recommendation,
        state_law_topics=state_law_topics,
        not_applicable_when=not_applicable_when,
        state_law_advice=state_law_advice or {},
    )


def questionnaire(
    questions: list[Question] | tuple[Question, ...],
    *,
    levels: tuple[Level, ...] = DEFAULT_LEVELS,
    weights: dict[str, float] | None = None,
    state_laws: tuple[StateLaw, ...] = (),
    version: str = "test-1",
    lever_weights: dict[str, float] | None = None,
    core: dict[str, float] | None = None,
    core_cap_level: str | None = None,
    completeness_threshold: float = 0.0,
) -> Questionnaire:
    """A questionnaire whose levers are the questions' lever_ids, in first-seen order."""
    lever_ids: list[str] = []
    for q in questions:
        if q.lever_id not in lever_ids:
            lever_ids.append(q.lever_id)
    levers = tuple(
        Lever(
            id=lid,
            title=f"Lever {lid}",
            summary="",
            area="area",
            questions=tuple(q for q in questions if q.lever_id == lid),
        )
        for lid in lever_ids
    )
    return Questionnaire(
        version=version,
        title="Test roadmap",
        sections=(Section("area", "Area", ""),),
        levers=levers,
        levels=levels,
        overall_weights=weights or {"protection": 0.6, "next_level": 0.4},
        lever_weights={lid: LeverWeight(lid, w, "Test weight.") for lid, w in (lever_weights or {}).items()},
        core_items=tuple(CoreItem(qid, met, f"{qid} is met.") for qid, met in (core or {}).items()),
        core_cap_level=core_cap_level,
        completeness_threshold=completeness_threshold,
        controllers=CONTROLLERS,
        state_law_topics=TOPICS,
        model_laws={
            "ml_one": ModelLaw(
                "ml_one", "Model Ordinance", "Example City", 2019, "Ord. 1", "https://example.org/ml", "A model."
            )
        },
        guides={
            "guide_one": Guide(
                "guide_one", "A Guide", "Example Org", 2020, "https://example.org/g", "A guide.", unconfirmed="year"
            )
        },
        allies={"ally_one": Ally("ally_one", "Example Ally", "https://example.org/a", "An ally.")},
        state_laws=state_laws,
    )


def state_law(
    id: str,
    state: str,
    effect: str,
    topics: tuple[str, ...],
    title: str | None = None,
    year: int | None = 2017,
    **dates,
) -> StateLaw:
    """A law with one effect on each of its topics; dates: in_force_from, in_force_until,
    blocked_by, blocked_since."""
    return StateLaw(
        id=id, state=state, title=title or id, year=year, effects={t: effect for t in topics}, description="", **dates
    )


def replace_fields(q: Question, **fields) -> Question:
    """The same question with other values for some fields (limited_by, sources, ...)."""
    return replace(q, **fields)


def without_question(qn: Questionnaire, question_id: str) -> Questionnaire:
    """The same questionnaire with one question removed (its lever kept, maybe empty)."""
    levers = tuple(replace(lv, questions=tuple(q for q in lv.questions if q.id != question_id)) for lv in qn.levers)
    return replace(qn, levers=levers)


def property_examples(default: int) -> int:
    """How many examples a property test tries: `default`, or PROPERTY_EXAMPLES
    (make test-fast sets fewer, for a quick loop; make test keeps the defaults)."""
    return int(os.environ.get("PROPERTY_EXAMPLES", default))


@lru_cache(maxsize=1)
def load_real_questionnaire() -> Questionnaire:
    """The real questionnaire from questions/. If it does not load, the tests
    that use it fail (at collection), naming the problem: they never skip."""
    from assessment.content import load_questionnaire

    return load_questionnaire(QUESTIONS_DIR)


# ---------------------------------------------------------------------------
# Hypothesis strategies

KINDS = ("city", "county", "city_county", "town", "village", "township")
STATES = ("TX", "CA", "NY")


@st.composite
def _options(draw, kind: str, points: int) -> tuple[Option, ...]:
    if kind == "single":
        middle = draw(st.lists(st.integers(0, points), max_size=2))
        values = [points, *middle, 0]
        values = draw(st.permutations(values))
        return tuple(option(f"o{i}", v) for i, v in enumerate(values))
    values = draw(st.lists(st.integers(0, points), min_size=1, max_size=4))
    if sum(values) < points:  # all options together must reach full points
        values[-1] += points - sum(values)
    opts = [option(f"o{i}", v) for i, v in enumerate(values)]
    if draw(st.booleans()):
        opts.append(option("none", 0, exclusive=True))
    elif 0 not in values:  # without "none of these", some answer must still earn 0
        opts.append(option("zero", 0))
    return tuple(draw(st.permutations(opts)))


@st.composite
def questionnaires(draw) -> Questionnaire:
    questions = []
    for lever_no in range(draw(st.integers(1, 3))):
        for q_no in range(draw(st.integers(1, 4))):
            kind = draw(st.sampled_from(("single", "multi")))
            points = draw(st.integers(1, 10))
            questions.append(
                question(
                    f"l{lever_no}q{q_no}",
                    lever_id=f"lever{lever_no}",
                    tier=draw(st.sampled_from(("protection", "next_level"))),
                    kind=kind,
                    points=points,
                    options=draw(_options(kind, points)),
                    applies_to=draw(st.sampled_from((("city",), ("county",), ("city", "county")))),
                    state_law_topics=tuple(draw(st.lists(st.sampled_from(sorted(TOPICS)), unique=True, max_size=2))),
                )
            )
    laws = draw(
        st.lists(
            st.builds(
                lambda n, s, e, t: state_law(f"law{n}", s, e, tuple(t)),
                st.integers(0, 99),
                st.sampled_from(STATES),
                st.sampled_from(("mandates", "preempts", "floor")),
                st.lists(st.sampled_from(sorted(TOPICS)), min_size=1, max_size=2, unique=True),
            ),
            max_size=3,
        )
    )
    weight = draw(st.sampled_from((0.5, 0.6, 0.75, 1.0)))
    lever_ids = sorted({q.lever_id for q in questions})
    protection = [q for q in questions if q.tier == "protection"]
    core = {q.id: float(draw(st.integers(1, int(q.points)))) for q in protection if draw(st.booleans())}
    return questionnaire(
        questions,
        weights={"protection": weight, "next_level": 1 - weight},
        state_laws=tuple(laws),
        lever_weights={lid: float(draw(st.integers(1, 20))) for lid in lever_ids},
        core=core,
        core_cap_level=draw(st.sampled_from((None, "starting", "building"))),
        completeness_threshold=draw(st.sampled_from((0.0, 0.5, 0.8))),
    )


def jurisdictions(qn: Questionnaire | None = None):
    """Strategy: any kind of jurisdiction, in a state with state laws in qn (or one without)."""
    from assessment.scoring import JurisdictionInfo

    states = sorted({*STATES, *(law.state for law in qn.state_laws)}) if qn else STATES
    return st.builds(
        JurisdictionInfo, name=st.just("Testville"), state=st.sampled_from(states), kind=st.sampled_from(KINDS)
    )


# The strategies for one question are built once per shape of question and
# kept: building them anew for each of the real questionnaire's 115 questions
# in every example took three quarters of the time of the properties on it.
OptionShape = tuple[tuple[str, bool], ...]  # (option id, exclusive), in order


def _shape(q: Question) -> OptionShape:
    return tuple((o.id, o.exclusive) for o in q.options)


def option_answers(q: Question):
    """Strategy: any valid option answer (not dont_know / not applicable)."""
    return _option_answers(q.kind, _shape(q))


@cache
def _option_answers(kind: str, options: OptionShape):
    if kind == "single":
        return st.sampled_from([option_id for option_id, _exclusive in options])
    plain = [option_id for option_id, exclusive in options if not exclusive]
    choices = [st.lists(st.sampled_from(plain), min_size=1, unique=True)] if plain else []
    choices += [st.just([option_id]) for option_id, exclusive in options if exclusive]
    return st.one_of(choices)


MISSING = object()  # marks "leave this question unanswered" in drawn answers


def answer_values(q: Question, not_applicable: bool = True):
    """Strategy: an answer for q, or MISSING."""
    conditions = tuple(c.id for c in q.not_applicable_when) if not_applicable else ()
    return _answer_values(q.kind, _shape(q), conditions)


@cache
def _answer_values(kind: str, options: OptionShape, not_applicable_ids: tuple[str, ...]):
    choices = [_option_answers(kind, options), st.just("dont_know"), st.just(MISSING)]
    if not_applicable_ids:
        choices.append(st.sampled_from([{"not_applicable": condition} for condition in not_applicable_ids]))
    return st.one_of(choices)


@st.composite
def answer_sets(draw, qn: Questionnaire, not_applicable: bool = True) -> dict:
    drawn = {q.id: draw(answer_values(q, not_applicable)) for q in qn.questions()}
    return {qid: value for qid, value in drawn.items() if value is not MISSING}
