"""The first actions and their deciders come straight from the scorecard's gap order."""

from __future__ import annotations

from types import SimpleNamespace

from assessment.scorecards.first_actions import first_actions, gaps_by_decider
from assessment.scoring.types import Controller


def _gap(qid: str, *deciders: str):
    return SimpleNamespace(
        question_id=qid, item=SimpleNamespace(controlled_by=tuple(Controller(d, d.title()) for d in deciders))
    )


def test_the_first_five_gaps_are_the_first_actions():
    gaps = tuple(_gap(f"q{n}", "council") for n in range(8))
    card = SimpleNamespace(gaps=gaps)
    assert [g.question_id for g in first_actions(card)] == ["q0", "q1", "q2", "q3", "q4"]
    assert first_actions(SimpleNamespace(gaps=())) == ()


def test_gaps_are_grouped_by_their_first_decider_in_the_order_of_urgency():
    gaps = [_gap("a", "sheriff", "council"), _gap("b", "council"), _gap("c", "sheriff"), _gap("d")]
    groups = gaps_by_decider(gaps)
    assert [(g.decider.id, [x.question_id for x in g.gaps]) for g in groups] == [
        ("sheriff", ["a", "c"]),
        ("council", ["b"]),
        ("", ["d"]),
    ]
