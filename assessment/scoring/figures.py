"""The figures of the counted questions: lever means, lever-weighted tier scores,
the overall mean, completeness, levels, the core gate and what backs the points.
Works on Items (score()) and Points (figures()) alike, so both give the same numbers."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from assessment.content.model import TIERS, Level, Questionnaire
from assessment.scoring.types import ANSWERED, Core, Item, LeverScores, Points, Score, Scores
from assessment.scoring.words import _

# The counted questions, as Items (score()) or Points (figures()): both carry the fields used here.
Rows = Sequence[Item | Points]


def core_gate(questionnaire: Questionnaire, counted: Rows) -> Core:
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


def tally(questionnaire: Questionnaire, counted: Rows, core: Core) -> tuple[Scores, tuple[LeverScores, ...]]:
    """The tier, overall and lever figures of the counted questions (Items or Points alike)."""
    tiers = {tier: [c for c in counted if c.tier == tier] for tier in TIERS}
    tier_scores = {
        tier: _tier_score(questionnaire, rows, core, capped_by_core=tier == "protection")
        for tier, rows in tiers.items()
    }
    by_lever: dict[tuple[str, str], list[Item | Points]] = {}
    for row in counted:
        by_lever.setdefault((row.lever_id, row.tier), []).append(row)
    levers = tuple(
        LeverScores(
            lever.id, lever.title, *(_lever_score(questionnaire, by_lever.get((lever.id, tier), [])) for tier in TIERS)
        )
        for lever in questionnaire.levers
    )
    overall = _overall(questionnaire, tier_scores, counted, core)
    return Scores(tier_scores["protection"], tier_scores["next_level"], overall), levers


def _known(row: Item | Points) -> bool:
    # A question whose harm state law forces is settled, whatever the answer.
    return row.status == ANSWERED or row.state_effect == "mandates"


def _completeness(rows: Rows) -> tuple[float | None, int, int]:
    # Extra credit is never missing, so it does not make a figure less complete.
    rows = [row for row in rows if not row.extra]
    known = sum(1 for row in rows if _known(row))
    return (known / len(rows) if rows else None), known, len(rows) - known


def _mean(rows: Rows) -> float | None:
    """The share of the counted points earned; extra credit adds to what is earned
    but not to what is possible, and the share stops at 1."""
    possible = sum(row.possible for row in rows if not row.extra)
    return min(sum(row.earned for row in rows) / possible, 1.0) if possible > 0 else None


def _sums(rows: Rows) -> tuple[float, float]:
    """Plain earned and possible points of the counted questions (extra credit aside)."""
    counted = [row for row in rows if not row.extra]
    return float(sum(row.earned for row in counted)), float(sum(row.possible for row in counted))


def _weighted(questionnaire: Questionnaire, rows: Rows) -> float | None:
    """0-100: each lever's mean share of its points, weighted by the lever's weight."""
    by_lever: dict[str, list[Item | Points]] = {}
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


def _level(
    questionnaire: Questionnaire, value: float | None, completeness: float | None, capped: bool
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


def _tier_score(questionnaire: Questionnaire, rows: Rows, core: Core, capped_by_core: bool) -> Score:
    value = _weighted(questionnaire, rows)
    local_rows = [row for row in rows if not row.state_imposed]
    local = _weighted(questionnaire, local_rows)
    completeness, answered, to_find_out = _completeness(rows)
    level, capped = _level(questionnaire, value, completeness, capped_by_core and not core.met)
    local_level, _capped = _level(
        questionnaire, local, _completeness(local_rows)[0], capped_by_core and not core.local_met
    )
    return Score(*_sums(rows), value, level, local, local_level, completeness, answered, to_find_out, capped)


def _lever_score(questionnaire: Questionnaire, rows: Rows) -> Score:
    mean = _mean(rows)
    value = None if mean is None else mean * 100
    local_mean = _mean([row for row in rows if not row.state_imposed])
    completeness, answered, to_find_out = _completeness(rows)
    return Score(
        *_sums(rows),
        value,
        questionnaire.level_for(value) if value is not None else None,
        None if local_mean is None else local_mean * 100,
        None,
        completeness,
        answered,
        to_find_out,
    )


def _overall(questionnaire: Questionnaire, tiers: Mapping[str, Score], counted: Rows, core: Core) -> Score:
    # Re-normalise the weights over the tiers that have anything to score, so
    # a jurisdiction with no applicable next-level questions is not marked
    # down for them. If those tiers all weigh 0, weigh them equally rather
    # than report no overall score for a card that has points.
    def mean_of(figure: Callable[[Score], float | None]) -> float | None:
        present = {t: value for t in TIERS if (value := figure(tiers[t])) is not None}
        weights = {t: questionnaire.overall_weights.get(t, 0.0) for t in present}
        if sum(weights.values()) <= 0:
            weights = {t: 1.0 for t in present}
        if not present:
            return None
        return sum(weights[t] * value for t, value in present.items()) / sum(weights.values())

    value = mean_of(lambda s: s.score)
    local = mean_of(lambda s: s.local_score)
    completeness, answered, to_find_out = _completeness(counted)
    level, capped = _level(questionnaire, value, completeness, not core.met)
    local_level, _capped = _level(
        questionnaire, local, _completeness([c for c in counted if not c.state_imposed])[0], not core.local_met
    )
    return Score(
        sum(tiers[t].earned for t in TIERS),
        sum(tiers[t].possible for t in TIERS),
        value,
        level,
        local,
        local_level,
        completeness,
        answered,
        to_find_out,
        capped,
    )


def gate_message(questionnaire: Questionnaire, core: Core) -> str | None:
    if core.met:
        return None
    summaries = {c.question_id: c.summary for c in questionnaire.core_items}
    missing = "; ".join(summaries[qid].rstrip(".") for qid in core.failing)
    cap = questionnaire.level(questionnaire.core_cap_level)
    return _(
        "Core protections still missing: %(missing)s. Until every core protection is in place, the "
        "current-protections and overall levels go no higher than %(level)s.",
        missing=missing,
        level=cap.label if cap else "",
    )


def evidence_backing(questionnaire: Questionnaire, items: Sequence[Item]) -> dict[str, float]:
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
