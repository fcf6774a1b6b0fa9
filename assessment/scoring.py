"""Turn a jurisdiction's answers into a scorecard. Pure: no app, no database
(its few sentences are in the request's language, English outside one).

Rules, in short (the methodology page says the same from the content):

* every question that applies is worth question.points; the answer earns the
  chosen option's points (multi: the sum, capped at question.points);
* "dont_know" and unanswered questions earn 0 but still count as possible,
  and lower `completeness`; below the content's threshold a level reads "Incomplete";
* questions for another jurisdiction type, or marked not applicable under one
  of the question's listed conditions, are excluded: 0 earned and 0 possible;
* state law in force in the assessment year (and not blocked by a court):
  where it *mandates* the harm the question counts as not met (0 points);
  where it *preempts* the local protection the answer counts as it is; both
  are left out of `local_score`, the figure of what local government controls;
  a *floor* law is noted, and the answer counts as it is;
* questions average within their lever; a tier's score is the weighted mean
  of its levers (weights in the content); overall is the weighted mean of the
  tier scores;
* the core items gate the levels: while one fails, the current-protections and
  overall levels go no higher than the content's cap.

Everything iterates the questionnaire, never the answers mapping, so the
result does not depend on the order answers were inserted in.

figures() gives the numbers of score() alone (no sentences, gaps or labels),
for the stored scores refreshed on every save; both add up their questions
with the same _tally(), so the figures are the same.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping, Sequence

from assessment.answers import (
    NOT_APPLICABLE,
    OPTIONS,
    InvalidAnswers,
    answer_kind,
    best_answer,
    chosen_options,
    clean_evidence,
    not_applicable_reason,
    validate_answers,
    validate_evidence,
)
from assessment.i18n import _
from assessment.content.model import (
    DONT_KNOW,
    STATE_LAW_EFFECTS,
    TIERS,
    Level,
    Question,
    Questionnaire,
    Recommendation,
    StateLaw,
    scopes_for_kind,
)
from assessment.scoring_types import (  # re-exported: callers import them from here
    ANSWERED,
    JURISDICTION_KINDS,
    UNANSWERED,
    Controller,
    Core,
    Exclusion,
    Figures,
    Gap,
    Item,
    JurisdictionInfo,
    LeverScores,
    Points,
    Score,
    Scorecard,
    Scores,
    StateLawStatus,
)

__all__ = [
    "ANSWERED", "JURISDICTION_KINDS", "UNANSWERED", "Controller", "Core", "Exclusion", "Figures", "Gap", "Item",
    "JurisdictionInfo", "LeverScores", "Points", "Score", "Scorecard", "Scores", "StateLawStatus",
    "answer_points", "figures", "law_name", "project", "score",
]

# ---------------------------------------------------------------------------


def score(questionnaire: Questionnaire, jurisdiction: JurisdictionInfo, answers: Mapping[str, Any],
          evidence: Mapping[str, Any] | None = None) -> Scorecard:
    """Score answers (a draft is fine) for one jurisdiction.

    Raises InvalidAnswers (a ValueError listing every problem) when answers
    or evidence do not validate; callers show users validate_answers() first.
    """
    evidence = evidence or {}
    _check(questionnaire, answers, evidence)

    items: list[Item] = []
    excluded: list[Exclusion] = []
    core_ids = {c.question_id for c in questionnaire.core_items}
    for asked in _each_question(questionnaire, jurisdiction, answers):
        if asked.cause is not None:
            excluded.append(_exclusion_of(asked))
        else:
            items.append(_item(questionnaire, asked, evidence.get(asked.question.id), asked.question.id in core_ids))

    core = _core(questionnaire, items)
    scores, levers = _tally(questionnaire, items, core)
    order = {q.id: n for n, q in enumerate(questionnaire.questions())}
    failing = {qid: n for n, qid in enumerate(core.failing)}
    gaps = sorted(
        (_gap(questionnaire, item, jurisdiction) for item in items
         if item.earned < item.possible or item.status != ANSWERED),
        # Failing core items first (in the content's order), then current
        # protections before next-level reforms, then by the points they would add.
        key=lambda g: (g.question_id not in failing, failing.get(g.question_id, 0), _tier_rank(g.tier),
                       -g.points_available, order[g.question_id]),
    )
    return Scorecard(
        questionnaire_version=questionnaire.version, jurisdiction=jurisdiction,
        scores=scores, levers=levers, items=tuple(items),
        strengths=tuple(i for i in items if i.fully_met),
        gaps=tuple(gaps),
        to_verify=tuple(i.question_id for i in items if i.status == DONT_KNOW),
        unanswered=tuple(i.question_id for i in items if i.status == UNANSWERED),
        excluded=tuple(excluded),
        gate_open=core.met, gate_message=_gate_message(questionnaire, core), gate_points_needed=None,
        core=core, state_laws=_state_law_statuses(questionnaire, jurisdiction),
        evidence_backing=_evidence_backing(questionnaire, items),
    )


def figures(questionnaire: Questionnaire, jurisdiction: JurisdictionInfo, answers: Mapping[str, Any],
            evidence: Mapping[str, Any] | None = None) -> Figures:
    """score()'s figures alone: its scores, lever scores, core gate and each
    counted question's points, equal to score()'s, for a fraction of the work
    (no sentences, labels, gaps or catalog look-ups).

    Refuses what score() refuses (InvalidAnswers), evidence included.
    """
    _check(questionnaire, answers, evidence or {})
    counted = tuple(
        Points(asked.question.id, asked.question.lever_id, asked.question.tier, asked.earned,
               float(asked.question.points), asked.status, asked.effect)
        for asked in _each_question(questionnaire, jurisdiction, answers) if asked.cause is None
    )
    core = _core(questionnaire, counted)
    scores, levers = _tally(questionnaire, counted, core)
    return Figures(questionnaire.version, scores, levers, counted, core)


def project(questionnaire: Questionnaire, jurisdiction: JurisdictionInfo, answers: Mapping[str, Any],
            close: Iterable[str], evidence: Mapping[str, Any] | None = None) -> Scorecard:
    """What if the listed questions were answered as well as possible?

    Works on a copy: the caller's answers are left untouched.
    """
    what_if = dict(answers)
    for question_id in close:
        question = questionnaire.question(question_id)
        if question is None:
            raise ValueError(f"cannot project unknown question id {question_id!r}")
        what_if[question_id] = best_answer(question)
    return score(questionnaire, jurisdiction, what_if, evidence)


def answer_points(question: Question, value: Any) -> float:
    """Points an answer earns: chosen options' sum, capped at question.points."""
    if value is None or answer_kind(value) != OPTIONS:
        return 0.0
    return min(float(sum(opt.points for opt in chosen_options(question, value))), float(question.points))


def law_name(law: StateLaw) -> str:
    """A law as the scorecard names it: "Texas SB 8 (2025)"."""
    return f"{law.title} ({law.year})" if law.year else law.title


# ---------------------------------------------------------------------------


def _check(questionnaire: Questionnaire, answers: Mapping[str, Any], evidence: Mapping[str, Any]) -> None:
    problems = validate_answers(questionnaire, answers) + validate_evidence(evidence, questionnaire)
    if problems:
        raise InvalidAnswers(problems)


@dataclass(frozen=True)
class _Asked:
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

    @property
    def earned(self) -> float:
        """Points that count in `score`: none where state law forces the harm."""
        return 0.0 if self.effect == "mandates" else answer_points(self.question, self.value)


def _each_question(questionnaire: Questionnaire, jurisdiction: JurisdictionInfo,
                   answers: Mapping[str, Any]) -> Iterator[_Asked]:
    """Every question with its answer and state law, in questionnaire order."""
    scopes = questionnaire.scopes_for(jurisdiction.kind, jurisdiction.state, jurisdiction.year)
    state = jurisdiction.state.upper()
    for question in questionnaire.questions():
        value = answers.get(question.id)
        effect, laws, floors, blocked = _state_law_on(questionnaire, state, jurisdiction.year,
                                                       question.state_law_topics)
        yield _Asked(question, value, _status(value), effect, laws, floors, blocked,
                     _exclusion(question, scopes, value), jurisdiction.kind)


def _status(value: Any) -> str:
    if value is None:
        return UNANSWERED
    if answer_kind(value) == DONT_KNOW:
        return DONT_KNOW
    return ANSWERED


def _state_law_on(questionnaire: Questionnaire, state: str, year: int | None, topics: tuple[str, ...]
                  ) -> tuple[str | None, tuple[StateLaw, ...], tuple[StateLaw, ...], tuple[StateLaw, ...]]:
    """(strongest effect, the laws with it, floor laws, blocked laws) for these topics."""
    if not topics:
        return None, (), (), ()

    def find():
        laws = questionnaire.state_laws_for(state, topics, year)
        blocked = tuple(law for law in laws if law.blocked_in(year))
        applied = [(law, law.effect_on(topics)) for law in laws if law not in blocked]
        effect = next((e for e in STATE_LAW_EFFECTS if any(found == e for _law, found in applied)), None)
        with_effect = tuple(law for law, found in applied if found == effect) if effect else ()
        floors = tuple(law for law, found in applied if found == "floor")
        return effect, with_effect, floors, blocked

    # Remembered per content: every save asks for each question.
    return questionnaire.remembered(("state_law_on", state, year, topics), find)


# Why a question does not count (_exclusion), worded by _exclusion_of.
OTHER_KIND = "other_kind"
MARKED_NOT_APPLICABLE = "marked_not_applicable"


def _exclusion(question: Question, scopes: frozenset[str], value: Any) -> str | None:
    # The type of jurisdiction is the more basic reason, so it is the one shown.
    if not question.applies_in(scopes):
        return OTHER_KIND
    if value is not None and answer_kind(value) == NOT_APPLICABLE:
        return MARKED_NOT_APPLICABLE
    return None


def _exclusion_of(asked: _Asked) -> Exclusion:
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


def _state_law_notes(asked: _Asked) -> tuple[str, ...]:
    names = "; ".join(law_name(law) for law in asked.laws)
    notes = []
    if asked.effect == "mandates":
        notes.append(_("Required by state law (%(laws)s): counted as not met, and left out of the local score.",
                       laws=names))
    elif asked.effect == "preempts":
        notes.append(_("State law bars the local choice (%(laws)s): counted as it is, and left out of the local "
                       "score.", laws=names))
    for law in asked.floors:
        notes.append(_("State law already sets a floor: %(law)s. What does local law add?", law=law_name(law)))
    for law in asked.blocked:
        notes.append(_("Blocked by a court and not applied: %(law)s.", law=law_name(law)))
    return tuple(notes)


def _controllers(questionnaire: Questionnaire, question: Question, kind: str) -> tuple[Controller, ...]:
    """Who controls the question's lever here: a city is not told its sheriff or county board decides."""
    ids = question.controlled_by
    if "county" not in scopes_for_kind(kind):
        ids = tuple(c for c in ids if c not in questionnaire.county_only_controllers) or ids
    return tuple(Controller(c, questionnaire.controllers.get(c, c)) for c in ids)


def _item(questionnaire: Questionnaire, asked: _Asked, evidence: Any, core: bool) -> Item:
    question, value = asked.question, asked.value
    return Item(
        question_id=question.id,
        lever_id=question.lever_id,
        tier=question.tier,
        prompt=question.prompt,
        controlled_by=_controllers(questionnaire, question, asked.kind),
        earned=asked.earned,
        possible=float(question.points),
        status=asked.status,
        chosen=tuple(opt.label for opt in chosen_options(question, value)) if value is not None else (),
        evidence=clean_evidence(evidence),
        state_law_notes=_state_law_notes(asked),
        state_effect=asked.effect or ("floor" if asked.floors else None),
        state_laws=tuple(law_name(law) for law in (asked.laws or asked.floors)),
        core=core,
    )


# ---------------------------------------------------------------------------
# The figures


def _core(questionnaire: Questionnaire, counted: Sequence[Item] | Sequence[Points]) -> Core:
    """Which core items fail. A core item that does not apply here (another type
    of jurisdiction, or not applicable under a listed condition) is not asked;
    one still to find out fails, since no one can say it is met."""
    by_id = {c.question_id: c for c in counted}
    failing, imposed = [], []
    for item in questionnaire.core_items:
        row = by_id.get(item.question_id)
        if row is None:
            continue
        if row.state_effect == "mandates" or row.status != ANSWERED or row.earned < item.met_from:
            failing.append(item.question_id)
            if row.state_imposed:
                imposed.append(item.question_id)
    return Core(not failing, tuple(failing), tuple(imposed), len(failing) == len(imposed))


def _tally(questionnaire: Questionnaire, counted: Sequence[Item] | Sequence[Points], core: Core
           ) -> tuple[Scores, tuple[LeverScores, ...]]:
    """The tier, overall and lever figures of the counted questions (Items or Points alike)."""
    tiers = {tier: [c for c in counted if c.tier == tier] for tier in TIERS}
    tier_scores = {tier: _tier_score(questionnaire, rows, core, capped_by_core=tier == "protection")
                   for tier, rows in tiers.items()}
    by_lever: dict[tuple[str, str], list] = {}
    for row in counted:
        by_lever.setdefault((row.lever_id, row.tier), []).append(row)
    levers = tuple(
        LeverScores(lever.id, lever.title,
                    *(_lever_score(questionnaire, by_lever.get((lever.id, tier), [])) for tier in TIERS))
        for lever in questionnaire.levers
    )
    overall = _overall(questionnaire, tier_scores, counted, core)
    return Scores(tier_scores["protection"], tier_scores["next_level"], overall), levers


def _known(row: Item | Points) -> bool:
    # A question whose harm state law forces is settled, whatever the answer.
    return row.status == ANSWERED or row.state_effect == "mandates"


def _completeness(rows: Sequence[Item] | Sequence[Points]) -> tuple[float | None, int, int]:
    known = sum(1 for row in rows if _known(row))
    return (known / len(rows) if rows else None), known, len(rows) - known


def _mean(rows) -> float | None:
    possible = sum(row.possible for row in rows)
    return sum(row.earned for row in rows) / possible if possible > 0 else None


def _weighted(questionnaire: Questionnaire, rows: Sequence[Item] | Sequence[Points]) -> float | None:
    """0-100: each lever's mean share of its points, weighted by the lever's weight."""
    by_lever: dict[str, list] = {}
    for row in rows:
        by_lever.setdefault(row.lever_id, []).append(row)
    total = weight_sum = 0.0
    for lever_id in sorted(by_lever):  # a fixed order, so sums are the same however rows came
        mean = _mean(by_lever[lever_id])
        if mean is None:
            continue
        weight = questionnaire.lever_weight(lever_id)
        total += weight * mean
        weight_sum += weight
    return total / weight_sum * 100 if weight_sum > 0 else None


def _level(questionnaire: Questionnaire, value: float | None, completeness: float | None, capped: bool
           ) -> tuple[Level | None, bool]:
    """(level, whether the core gate held it down) of a figure."""
    if value is None:
        return None, False
    if completeness is not None and completeness < questionnaire.completeness_threshold:
        return questionnaire.incomplete_level, False
    level = questionnaire.level_for(value)
    cap = questionnaire.level(questionnaire.core_cap_level) if capped else None
    if cap is not None and level.min_score > cap.min_score:
        return cap, True
    return level, False


def _tier_score(questionnaire: Questionnaire, rows: Sequence[Item] | Sequence[Points], core: Core,
                capped_by_core: bool) -> Score:
    value = _weighted(questionnaire, rows)
    local_rows = [row for row in rows if not row.state_imposed]
    local = _weighted(questionnaire, local_rows)
    completeness, answered, to_find_out = _completeness(rows)
    level, capped = _level(questionnaire, value, completeness, capped_by_core and not core.met)
    local_level, _capped = _level(questionnaire, local, _completeness(local_rows)[0],
                                  capped_by_core and not core.local_met)
    return Score(float(sum(row.earned for row in rows)), float(sum(row.possible for row in rows)), value, level,
                 local, local_level, completeness, answered, to_find_out, capped)


def _lever_score(questionnaire: Questionnaire, rows: Sequence[Item] | Sequence[Points]) -> Score:
    mean = _mean(rows)
    value = None if mean is None else mean * 100
    local_mean = _mean([row for row in rows if not row.state_imposed])
    completeness, answered, to_find_out = _completeness(rows)
    return Score(float(sum(row.earned for row in rows)), float(sum(row.possible for row in rows)), value,
                 questionnaire.level_for(value) if value is not None else None,
                 None if local_mean is None else local_mean * 100, None, completeness, answered, to_find_out)


def _overall(questionnaire: Questionnaire, tiers: Mapping[str, Score], counted, core: Core) -> Score:
    # Re-normalise the weights over the tiers that have anything to score, so
    # a jurisdiction with no applicable next-level questions is not marked
    # down for them. If those tiers all weigh 0, weigh them equally rather
    # than report no overall score for a card that has points.
    def mean_of(figure) -> float | None:
        present = [t for t in TIERS if figure(tiers[t]) is not None]
        weights = {t: questionnaire.overall_weights.get(t, 0.0) for t in present}
        if sum(weights.values()) <= 0:
            weights = {t: 1.0 for t in present}
        if not present:
            return None
        return sum(weights[t] * figure(tiers[t]) for t in present) / sum(weights.values())

    value = mean_of(lambda s: s.score)
    local = mean_of(lambda s: s.local_score)
    completeness, answered, to_find_out = _completeness(counted)
    level, capped = _level(questionnaire, value, completeness, not core.met)
    local_level, _capped = _level(questionnaire, local, _completeness([c for c in counted if not c.state_imposed])[0],
                                  not core.local_met)
    return Score(sum(tiers[t].earned for t in TIERS), sum(tiers[t].possible for t in TIERS), value, level,
                 local, local_level, completeness, answered, to_find_out, capped)


def _gate_message(questionnaire: Questionnaire, core: Core) -> str | None:
    if core.met:
        return None
    summaries = {c.question_id: c.summary for c in questionnaire.core_items}
    missing = "; ".join(summaries[qid].rstrip(".") for qid in core.failing)
    cap = questionnaire.level(questionnaire.core_cap_level)
    return _("Core protections still missing: %(missing)s. Until every core protection is in place, the "
             "current-protections and overall levels go no higher than %(level)s.",
             missing=missing, level=cap.label if cap else "")


def _state_law_statuses(questionnaire: Questionnaire, jurisdiction: JurisdictionInfo) -> tuple[StateLawStatus, ...]:
    state, year = jurisdiction.state.upper(), jurisdiction.year

    def status(law: StateLaw) -> str:
        if law.blocked_in(year):
            return "blocked"
        return "in_force" if year is None or law.in_force_in(year) else "not_in_force"

    return tuple(StateLawStatus(law.id, law_name(law), status(law), law.effects, law.blocked_by)
                 for law in questionnaire.state_laws if law.state == state)


def _evidence_backing(questionnaire: Questionnaire, items: Sequence[Item]) -> dict[str, float]:
    """The share of the points earned that each kind of evidence backs (answers.EVIDENCE_CHOICES "shows")."""
    earned: dict[str, float] = {kind.id: 0.0 for kind in questionnaire.evidence_kinds}
    earned[NO_EVIDENCE_KIND] = 0.0
    for item in items:
        if item.earned > 0:
            shown = (item.evidence or {}).get("shows")
            earned[shown if shown in earned else NO_EVIDENCE_KIND] += item.earned
    total = sum(earned.values())
    return {kind: points / total for kind, points in earned.items()} if total > 0 else {}


# The evidence_backing key of points earned by answers that say nothing of what backs them.
NO_EVIDENCE_KIND = "none"


def _tier_rank(tier: str) -> int:
    return TIERS.index(tier) if tier in TIERS else len(TIERS)


# ---------------------------------------------------------------------------
# Advice


def _own_law(model_jurisdiction: str, jurisdiction: JurisdictionInfo) -> bool:
    """Whether a model law comes from this very jurisdiction ("King County, WA")."""
    name, _sep, state = model_jurisdiction.rpartition(",")
    return state.strip().upper() == jurisdiction.state.upper() and \
        name.strip().lower() == jurisdiction.name.strip().lower()


def _gap(questionnaire: Questionnaire, item: Item, jurisdiction: JurisdictionInfo) -> Gap:
    question = questionnaire.question(item.question_id)
    rec: Recommendation = question.recommendation

    def lookup(catalog: Mapping[str, Any], ids: tuple[str, ...], what: str) -> list[Any]:
        missing = [i for i in ids if i not in catalog]
        if missing:
            # The loader checks references; reaching this is a content bug.
            raise ValueError(f"{question.id}: recommendation names unknown {what} {', '.join(missing)}")
        return [catalog[i] for i in ids]

    # A jurisdiction is never offered its own law as the model to adopt.
    model_laws = tuple(
        {"id": m.id, "title": m.title, "url": m.url, "jurisdiction": m.jurisdiction, "year": m.year,
         "identifier": m.identifier, "unconfirmed": m.unconfirmed}
        for m in lookup(questionnaire.model_laws, rec.model_laws, "model law")
        if not _own_law(m.jurisdiction, jurisdiction)
    )
    guides = tuple(
        {"id": g.id, "title": g.title, "url": g.url, "publisher": g.publisher, "unconfirmed": g.unconfirmed}
        for g in lookup(questionnaire.guides, rec.guides, "guide")
    )
    allies = tuple({"id": a.id, "name": a.name, "url": a.url}
                   for a in lookup(questionnaire.allies, rec.allies, "ally"))
    advice_for = item.state_effect if item.state_effect in question.state_law_advice else "action"
    recommendation = rec.action if advice_for == "action" else question.state_law_advice[advice_for]
    if advice_for != "action" and item.state_laws:
        recommendation = _("%(advice)s (%(laws)s)", advice=recommendation, laws="; ".join(item.state_laws))
    return Gap(item, recommendation, model_laws, guides, allies, item.possible - item.earned, advice_for)
