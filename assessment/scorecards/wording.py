"""Plain words for the scorecard's codes, shared by the page, the PDF and the CLI."""
from __future__ import annotations

import re
import unicodedata

TIER_LABELS = {"protection": "Current protections", "next_level": "Next-level reforms"}
# Short forms for narrow places (chart legend, table headers).
TIER_SHORT_LABELS = {"protection": "Protections", "next_level": "Next level"}
SCOPE_LABELS = {"city": "Cities", "county": "Counties"}
ITEM_STATUS_LABELS = {"answered": "Answered", "dont_know": "Don't know yet", "unanswered": "Not answered yet"}


def tier_label(tier: str) -> str:
    return TIER_LABELS.get(tier, tier)


def scope_list(scopes) -> str:
    return " and ".join(SCOPE_LABELS.get(s, s) for s in scopes) or "No jurisdiction type"


def number(value) -> str:
    """1.0 -> "1", 12.5 -> "12.5": points read as people write them."""
    if value is None:
        return "n/a"
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"


def slug(text: str) -> str:
    """ASCII words joined by hyphens, for file names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "scorecard"
