"""What the scorecard PDF shows, read off a Scorecard: the core items met and
missing, and one block per lever with a gap.

The PDF is a handout for a council, so it must stay short (a few pages even
for a place that fails everywhere). A lever's gaps often recommend the same
model laws, guides and allies; the block names each once, keeps only those
with a link (a handout cannot be clicked through otherwise), and the first
few of them: the web scorecard lists them all. A state-law note that several
gaps of a lever repeat is said once, and not at all when the advice itself
is the state-law kind. Pure functions, like scoring.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..content.model import Questionnaire
from ..scoring import Scorecard
from ..scoring.types import Gap, LeverScores

# How many of each kind of help a lever's block names.
MODEL_LAWS_SHOWN = 1
GUIDES_SHOWN = 1
ALLIES_SHOWN = 1


@dataclass(frozen=True)
class LeverBlock:
    lever: LeverScores
    gaps: tuple[Gap, ...]
    model_laws: tuple[Mapping[str, Any], ...]
    guides: tuple[Mapping[str, Any], ...]
    allies: tuple[Mapping[str, Any], ...]
    state_law_notes: tuple[str, ...]
    # Whether some help was left out here (the web scorecard lists it all).
    more_help: bool


@dataclass(frozen=True)
class CoreStatus:
    question_id: str
    summary: str
    met: bool


def _linked_once(entries: Iterable[Mapping[str, Any]], limit: int) -> tuple[tuple[Mapping[str, Any], ...], bool]:
    """The entries with a link, each once (by id, else by link), confirmed ones
    first, at most `limit`; and whether any entry was left out."""
    seen: set = set()
    unique = []
    for entry in entries:
        key = entry.get("id") or entry.get("url") or entry.get("title") or entry.get("name")
        if key in seen:
            continue
        seen.add(key)
        unique.append(entry)
    linked = [entry for entry in unique if entry.get("url")]
    # sorted() is stable: the gaps' own order is kept within each group.
    linked.sort(key=lambda entry: bool(entry.get("unconfirmed")))
    return tuple(linked[:limit]), len(unique) > limit or len(linked) < len(unique)


def _once(texts: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(texts))


def lever_blocks(scorecard: Scorecard) -> list[LeverBlock]:
    """One block per lever that has a gap, in the questionnaire's lever order;
    within a block, the gaps in the scorecard's order (most urgent first)."""
    blocks = []
    for lever in scorecard.levers:
        gaps = tuple(gap for gap in scorecard.gaps if gap.item.lever_id == lever.id)
        if not gaps:
            continue
        laws, more_laws = _linked_once((e for gap in gaps for e in gap.model_laws), MODEL_LAWS_SHOWN)
        guides, more_guides = _linked_once((e for gap in gaps for e in gap.guides), GUIDES_SHOWN)
        allies, more_allies = _linked_once((e for gap in gaps for e in gap.allies), ALLIES_SHOWN)
        blocks.append(
            LeverBlock(
                lever=lever,
                gaps=gaps,
                model_laws=laws,
                guides=guides,
                allies=allies,
                # A gap whose advice is the state-law kind already names the law and
                # what it leaves to do (scoring/advice.py): its note would say it twice.
                state_law_notes=_once(
                    note for gap in gaps if gap.advice_for == "action" for note in gap.item.state_law_notes
                ),
                more_help=more_laws or more_guides or more_allies,
            )
        )
    return blocks


def levers_fully_met(scorecard: Scorecard) -> list[LeverScores]:
    """The levers with something scored and no gap at all."""
    with_gaps = {gap.item.lever_id for gap in scorecard.gaps}
    counted = {item.lever_id for item in scorecard.items}
    return [lever for lever in scorecard.levers if lever.id in counted and lever.id not in with_gaps]


def core_status(scorecard: Scorecard, questionnaire: Questionnaire) -> list[CoreStatus]:
    """Each core item that counts for this place, in the questionnaire's core
    order, with its one-line summary and whether it is met."""
    counted = {item.question_id for item in scorecard.items if item.core}
    failing = set(scorecard.core.failing)
    return [
        CoreStatus(core.question_id, core.summary, core.question_id not in failing)
        for core in questionnaire.core_items
        if core.question_id in counted
    ]
