"""A plan put together for reading: the page, the memo, the Word document and the API.

Items come in the plan's order (building.py); each carries its question, its
deciding body's name, the scorecard's advice for its gap (model laws, guides
and allies, in the reader's language) and its draft resolution, filled in. An
item whose gap is closed is listed apart and carries no advice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assessment.content.current import questionnaire
from assessment.content.model import STATE_IMPOSED, Lever, Question
from assessment.i18n import _
from assessment.models import ActionPlan, Assessment, PlanItem, SectionSignOff
from assessment.plans.deciders import body_name
from assessment.plans.editing import status_label
from assessment.plans.resolutions import fill_resolution
from assessment.plans.signoffs import latest_cleared_by_lever, standing_by_lever
from assessment.scorecards.service import scorecard_for
from assessment.scorecards.wording import tier_label
from assessment.scoring import Scorecard
from assessment.survey.operations import applicable_levers


@dataclass(frozen=True)
class PlanEntry:
    item: PlanItem
    question: Question
    lever: Lever
    decider: str  # the deciding body's name, typed or the default
    default_decider: str
    status_label: str
    assignee: str | None
    action: str | None  # what to do: the scorecard's advice for the gap
    model_laws: tuple = ()
    guides: tuple = ()
    allies: tuple = ()
    resolution: str | None = None


@dataclass(frozen=True)
class DeciderGroup:
    decider: str
    entries: tuple[PlanEntry, ...]


@dataclass(frozen=True)
class SectionState:
    lever: Lever
    standing: SectionSignOff | None
    cleared: SectionSignOff | None  # the latest cleared one, when none stands


@dataclass
class PlanView:
    plan: ActionPlan
    assessment: Assessment
    scorecard: Scorecard
    entries: list[PlanEntry] = field(default_factory=list)  # open items, in order
    closed: list[PlanEntry] = field(default_factory=list)
    sections: list[SectionState] = field(default_factory=list)

    @property
    def groups(self) -> list[DeciderGroup]:
        """Open items by who decides, bodies in the order of their first item."""
        groups: dict[str, list[PlanEntry]] = {}
        for entry in self.entries:
            groups.setdefault(entry.decider, []).append(entry)
        return [DeciderGroup(name, tuple(found)) for name, found in groups.items()]

    @property
    def signed_sections(self) -> list[SectionState]:
        return [s for s in self.sections if s.standing is not None or s.cleared is not None]

    def scores_line(self) -> str:
        """The scores on one line, as the memo and the page lead with."""
        parts = []
        for tier in ("protection", "next_level"):
            score = getattr(self.scorecard.scores, tier)
            parts.append(
                _(
                    "%(tier)s: %(score)s (%(level)s)",
                    tier=tier_label(tier),
                    score=_score_text(score.display),
                    level=score.level.label if score.level else "—",
                )
            )
        overall = self.scorecard.scores.overall
        parts.append(
            _(
                "%(tier)s: %(score)s (%(level)s)",
                tier=_("Overall"),
                score=_score_text(overall.display),
                level=overall.level.label if overall.level else "—",
            )
        )
        return " · ".join(parts)


def _score_text(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _assignee(item: PlanItem, for_team: bool) -> str | None:
    """Who carries the item; outside the team a member's email address is never shown."""
    if item.assignee_user is not None:
        if item.assignee_user.display_name:
            return item.assignee_user.display_name
        return item.assignee_user.email if for_team else _("A member of the team")
    return item.assignee_name


def _catalog_advice(content, question: Question) -> dict[str, Any]:
    rec = question.recommendation
    return {
        "action": rec.action,
        "model_laws": tuple(
            {
                "id": m.id,
                "title": m.title,
                "url": m.url,
                "jurisdiction": m.jurisdiction,
                "year": m.year,
                "identifier": m.identifier,
                "unconfirmed": m.unconfirmed,
            }
            for m in (content.model_laws.get(i) for i in rec.model_laws)
            if m is not None
        ),
        "guides": tuple(
            {"id": g.id, "title": g.title, "url": g.url, "publisher": g.publisher, "unconfirmed": g.unconfirmed}
            for g in (content.guides.get(i) for i in rec.guides)
            if g is not None
        ),
        "allies": tuple(
            {"id": a.id, "name": a.name, "url": a.url}
            for a in (content.allies.get(i) for i in rec.allies)
            if a is not None
        ),
    }


def plan_view(plan: ActionPlan, assessment: Assessment, language: str | None = None, for_team: bool = True) -> PlanView:
    """The plan of `assessment`'s series, read against that version's scorecard, in `language`;
    for_team=False for a reader outside the team (a published plan)."""
    content = questionnaire(language)
    scorecard = scorecard_for(assessment, language)
    gaps = {gap.question_id: gap for gap in scorecard.gaps}
    place = assessment.jurisdiction
    view = PlanView(plan, assessment, scorecard)
    for item in sorted(plan.items, key=lambda i: i.position):
        question = content.question(item.question_id)
        if question is None:  # a question a newer questionnaire retired: nothing left to do about it
            continue
        default = body_name(content, item.decider_key, place.kind)
        decider = item.decider_name or default
        gap = gaps.get(item.question_id)
        # Where state law forces the harm or bars the protection, the draft would ask for what the
        # council cannot do: the scorecard's advice for the room left stands alone.
        template = question.recommendation.resolution
        if gap is not None and gap.advice_for in STATE_IMPOSED:
            template = None
        if gap is not None:
            advice = {
                "action": gap.recommendation,
                "model_laws": gap.model_laws,
                "guides": gap.guides,
                "allies": gap.allies,
            }
        else:
            advice = _catalog_advice(content, question)
        entry = PlanEntry(
            item=item,
            question=question,
            lever=content.lever(question.lever_id),
            decider=decider,
            default_decider=default,
            status_label=status_label(item.status),
            assignee=_assignee(item, for_team),
            resolution=fill_resolution(template, place.name, decider),
            **advice,
        )
        (view.closed if item.closed_at is not None else view.entries).append(entry)
    standing, cleared = standing_by_lever(assessment), latest_cleared_by_lever(assessment)
    view.sections = [
        SectionState(lever, standing.get(lever.id), cleared.get(lever.id))
        for lever in applicable_levers(content, place, assessment.year)
    ]
    return view
