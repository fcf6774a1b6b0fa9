"""What to do first, and who decides it: read off a scorecard's gaps.

The gaps come ordered already (missing core protections, then the other
current protections, then the gaps worth the most points: scoring/__init__.py),
so the first actions are the first few of them. The web page groups every
gap by who decides ("For the sheriff or jail", "For the council"); the PDF's
first page lists the first five. One place, so both say the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..scoring import Scorecard
from ..scoring.types import Controller, Gap

FIRST_ACTIONS = 5


def first_actions(scorecard: Scorecard, limit: int = FIRST_ACTIONS) -> tuple[Gap, ...]:
    return tuple(scorecard.gaps[:limit])


@dataclass(frozen=True)
class DeciderGroup:
    decider: Controller
    gaps: tuple[Gap, ...]


def gaps_by_decider(gaps: tuple[Gap, ...] | list[Gap]) -> list[DeciderGroup]:
    """Each decider with the gaps they can close, in the gaps' order; a gap that
    several bodies decide is listed under the first one its question names.
    Deciders come in the order of their first gap, so the most urgent lead."""
    groups: dict[str, list[Gap]] = {}
    deciders: dict[str, Controller] = {}
    for gap in gaps:
        decider = gap.item.controlled_by[0] if gap.item.controlled_by else Controller("", "")
        deciders.setdefault(decider.id, decider)
        groups.setdefault(decider.id, []).append(gap)
    return [DeciderGroup(deciders[key], tuple(found)) for key, found in groups.items()]
