"""Plain words for the scorecard's codes, shared by the page, the PDF and the CLI.

The dictionaries hold the English text (also what data and exports use);
the functions give it in the current language.
"""

from __future__ import annotations

import re
import unicodedata

from ..i18n import N_, _, reserved_label

TIER_LABELS = {"protection": N_("Current protections"), "next_level": N_("Next-level reforms")}
# Short forms for narrow places (chart legend, table headers).
TIER_SHORT_LABELS = {"protection": N_("Protections"), "next_level": N_("Next level")}
SCOPE_LABELS = {"city": N_("Cities"), "county": N_("Counties")}
ITEM_STATUS_LABELS = {
    "answered": N_("Answered"),
    "dont_know": N_("Don't know yet"),
    "unanswered": N_("Not answered yet"),
}


def tier_label(tier: str) -> str:
    return _(TIER_LABELS[tier]) if tier in TIER_LABELS else tier


def item_status(status: str) -> str:
    if status == "dont_know":
        return reserved_label("dont_know")
    return _(ITEM_STATUS_LABELS[status]) if status in ITEM_STATUS_LABELS else status


def and_list(items) -> str:
    """ "a", "a and b", "a, b and c" in the current language."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s and %(last)s", first=", ".join(items[:-1]), last=items[-1])


def scope_list(scopes) -> str:
    return and_list(_(SCOPE_LABELS[s]) if s in SCOPE_LABELS else s for s in scopes) or _("No jurisdiction type")


def number(value) -> str:
    """1.0 -> "1", 12.5 -> "12.5": points read as people write them."""
    if value is None:
        return _("n/a")
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"


def slug(text: str) -> str:
    """ASCII words joined by hyphens, for file names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "scorecard"


STATE_LAW_EFFECT_LABELS = {
    "mandates": N_("Requires the harm"),
    "preempts": N_("Bars the local protection"),
    "floor": N_("Sets a floor"),
}


def law_effects(law, topic_label) -> str:
    """A state law's effect on each of its topics, in words: "Requires the harm: 287(g) agreements"."""
    by_effect: dict[str, list[str]] = {}
    for topic, effect in law.effects.items():
        by_effect.setdefault(effect, []).append(topic_label(topic))
    parts = [
        f"{_(STATE_LAW_EFFECT_LABELS.get(effect, effect))}: {', '.join(topics)}" for effect, topics in by_effect.items()
    ]
    text = "; ".join(parts)
    if law.in_force_from is not None:
        text += " " + _("(in force from %(date)s)", date=law.in_force_from.isoformat())
    if law.blocked_by:
        text += " " + _("Blocked by a court: %(order)s", order=law.blocked_by)
    return text
