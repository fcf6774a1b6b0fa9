"""Where state law sets the rule, summed up by law for the top of the page.

In Texas one law settles some thirty questions; listed one by one they would
bury what the page leads with. Each law instead says how many questions it
settles in which levers, and the questions themselves stay one click away.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..scoring import Item, Scorecard

STATE_IMPOSED = ("mandates", "preempts")


@dataclass(frozen=True)
class LawRule:
    law: str  # the law's name, as the scorecard gives it ("Texas SB 4 (2017, sanctuary ban)")
    levers: tuple[tuple[str, int], ...]  # (lever id, questions it settles there), in questionnaire order
    items: tuple[Item, ...]

    @property
    def count(self) -> int:
        return len(self.items)


def state_rules(scorecard: Scorecard) -> list[LawRule]:
    """Each law that forces or bars something here, with the questions it settles, in the order first met."""
    found: dict[str, list[Item]] = {}
    for item in scorecard.items:
        if item.state_effect in STATE_IMPOSED:
            for law in item.state_laws:
                found.setdefault(law, []).append(item)
    rules = []
    for law, items in found.items():
        levers: dict[str, int] = {}
        for item in items:
            levers[item.lever_id] = levers.get(item.lever_id, 0) + 1
        rules.append(LawRule(law, tuple(levers.items()), tuple(items)))
    return rules
