"""Making the plan from a scorecard, and making it again after answers change.

The gaps, their order's first key (a failing core item) and their points
within reach come from the scorecard code (scoring.score's gaps, core.failing,
and gap_effects through scorecards.service.effects_of_gaps); nothing is
scored here. An item is keyed on its question: making the plan again adds the
new gaps, marks the ones an answer closed (closed_at), reopens one that opens
again, and never touches what people typed on an item.

One plan per series: a correction is a new version of the same assessment,
and the plan and its edits carry on to it. It is made from the newest version.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assessment.content.current import questionnaire
from assessment.extensions import db
from assessment.i18n import DEFAULT_LANGUAGE, _
from assessment.models import ActionPlan, Assessment, PlanItem
from assessment.models._common import utcnow
from assessment.plans.deciders import default_decider
from assessment.publishing.versions import require_newest
from assessment.scorecards.service import effects_of_gaps, scorecard_for
from assessment.survey.operations import AssessmentError, _audit
from assessment.web.access import series_of

# Closed items sort after every open one, in the order they had.
CLOSED_OFFSET = 100_000


class PlanExists(AssessmentError):
    """The series has a plan already: make it again instead."""


@dataclass
class Refreshed:
    added: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    reopened: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.closed or self.reopened)


@dataclass(frozen=True)
class _GapFacts:
    question_id: str
    lever_id: str
    core: bool
    points_within_reach: float | None
    controlled_by: tuple[str, ...]


def plan_of(assessment: Assessment) -> ActionPlan | None:
    return db.session.scalars(db.select(ActionPlan).where(ActionPlan.series_id == series_of(assessment))).first()


def reach_of(effect) -> float | None:
    """How far closing the gap alone moves its tier's figure, in points out of 100."""
    if effect is None or effect.before is None or effect.after is None:
        return None
    return round(effect.after - effect.before, 1)


def _gaps_in_plan_order(assessment: Assessment) -> list[_GapFacts]:
    """The scorecard's gaps, core items that fail first, then the most points within reach."""
    scorecard = scorecard_for(assessment, DEFAULT_LANGUAGE)
    effects = effects_of_gaps(assessment, scorecard)
    failing = set(scorecard.core.failing)
    facts = [
        _GapFacts(
            gap.question_id,
            gap.item.lever_id,
            gap.question_id in failing,
            reach_of(effects.get(gap.question_id)),
            tuple(c.id for c in gap.item.controlled_by),
        )
        for gap in scorecard.gaps
    ]
    order = {fact.question_id: index for index, fact in enumerate(facts)}
    return sorted(facts, key=lambda f: (not f.core, -(f.points_within_reach or 0.0), order[f.question_id]))


def create_plan(assessment: Assessment, user) -> ActionPlan:
    """Owners make the series' plan from this (the newest) version's scorecard."""
    require_newest(assessment)
    if plan_of(assessment) is not None:
        raise PlanExists(_("This assessment has a plan already. Use “Update the plan from the scorecard”."))
    plan = ActionPlan(series_id=series_of(assessment), created_by_id=user.id, refreshed_from_id=assessment.id)
    db.session.add(plan)
    result = _apply_gaps(plan, assessment)
    _audit(assessment, user, "plan_created", new={"items": len(result.added)})
    return plan


def refresh_plan(assessment: Assessment, user) -> Refreshed:
    """Make the plan again from this (the newest) version's scorecard, keeping every edit."""
    require_newest(assessment)
    plan = plan_of(assessment)
    if plan is None:
        raise AssessmentError(_("This assessment has no plan yet. An owner can make one from the scorecard."))
    result = _apply_gaps(plan, assessment)
    plan.refreshed_from_id = assessment.id
    plan.refreshed_at = utcnow()
    _audit(
        assessment,
        user,
        "plan_refreshed",
        new={"added": result.added, "closed": result.closed, "reopened": result.reopened},
    )
    return result


def _apply_gaps(plan: ActionPlan, assessment: Assessment) -> Refreshed:
    content = questionnaire()
    kind = assessment.jurisdiction.kind
    now = utcnow()
    existing = {item.question_id: item for item in plan.items}
    result = Refreshed()
    open_ids = set()
    for position, facts in enumerate(_gaps_in_plan_order(assessment)):
        open_ids.add(facts.question_id)
        item = existing.get(facts.question_id)
        if item is None:
            item = PlanItem(
                question_id=facts.question_id,
                lever_id=facts.lever_id,
                status="not_started",
                decider_key=default_decider(content, facts.controlled_by, kind),
                created_at=now,
                updated_at=now,
            )
            plan.items.append(item)
            result.added.append(facts.question_id)
        elif item.closed_at is not None:
            item.closed_at = None
            result.reopened.append(facts.question_id)
        item.position, item.core, item.points_within_reach = position, facts.core, facts.points_within_reach
    for item in sorted(existing.values(), key=lambda i: i.position):
        if item.question_id in open_ids:
            continue
        if item.closed_at is None:
            item.closed_at = now
            result.closed.append(item.question_id)
        item.position = CLOSED_OFFSET + item.position % CLOSED_OFFSET
    return result
