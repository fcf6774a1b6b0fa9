"""What a gap says to do: the question's recommendation, or the advice for the room
state law leaves, with its model laws (never the jurisdiction's own), guides and allies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assessment.content.model import TIERS, Questionnaire, Recommendation
from assessment.scoring.types import Gap, Item, JurisdictionInfo
from assessment.scoring.words import _


def tier_rank(tier: str) -> int:
    return TIERS.index(tier) if tier in TIERS else len(TIERS)


# ---------------------------------------------------------------------------
# Advice


def _own_law(model_jurisdiction: str, jurisdiction: JurisdictionInfo) -> bool:
    """Whether a model law comes from this very jurisdiction ("King County, WA")."""
    name, _sep, state = model_jurisdiction.rpartition(",")
    return (
        state.strip().upper() == jurisdiction.state.upper()
        and name.strip().lower() == jurisdiction.name.strip().lower()
    )


def gap_of(questionnaire: Questionnaire, item: Item, jurisdiction: JurisdictionInfo) -> Gap:
    question = questionnaire.question(item.question_id)
    if question is None:
        # Items are made from the questionnaire's own questions; reaching this is a caller's bug.
        raise ValueError(f"{item.question_id}: no such question in this questionnaire")
    rec: Recommendation = question.recommendation

    def lookup(catalog: Mapping[str, Any], ids: tuple[str, ...], what: str) -> list[Any]:
        missing = [i for i in ids if i not in catalog]
        if missing:
            # The loader checks references; reaching this is a content bug.
            raise ValueError(f"{question.id}: recommendation names unknown {what} {', '.join(missing)}")
        return [catalog[i] for i in ids]

    # A jurisdiction is never offered its own law as the model to adopt.
    model_laws = tuple(
        {
            "id": m.id,
            "title": m.title,
            "url": m.url,
            "jurisdiction": m.jurisdiction,
            "year": m.year,
            "identifier": m.identifier,
            "unconfirmed": m.unconfirmed,
        }
        for m in lookup(questionnaire.model_laws, rec.model_laws, "model law")
        if not _own_law(m.jurisdiction, jurisdiction)
    )
    guides = tuple(
        {"id": g.id, "title": g.title, "url": g.url, "publisher": g.publisher, "unconfirmed": g.unconfirmed}
        for g in lookup(questionnaire.guides, rec.guides, "guide")
    )
    allies = tuple({"id": a.id, "name": a.name, "url": a.url} for a in lookup(questionnaire.allies, rec.allies, "ally"))
    effect = item.state_effect
    advice_for = effect if effect is not None and effect in question.state_law_advice else "action"
    recommendation = rec.action if advice_for == "action" else question.state_law_advice[advice_for]
    if advice_for != "action" and item.state_laws:
        recommendation = _("%(advice)s (%(laws)s)", advice=recommendation, laws="; ".join(item.state_laws))
    return Gap(item, recommendation, model_laws, guides, allies, item.possible - item.earned, advice_for)
