"""The lever chart: every lever's two tier scores as horizontal bars, in SVG.

Built on the server so the page needs no script and the PDF embeds the very
same drawing. Only SVG presentation attributes are used (no style=), which
the Content-Security-Policy allows. Tiers differ by fill pattern (solid vs
hatched) as well as colour, and every bar carries its number as text, so the
chart reads in greyscale and for colour-blind readers; screen readers get the
title and description here and the same figures in a table next to it.
"""

from __future__ import annotations

import textwrap

from markupsafe import Markup, escape

from ..i18n import _
from ..scoring import Score, Scorecard
from .wording import number, tier_label

WIDTH = 720
LABEL_CHARS = 40  # wrap lever titles at this many characters
LINE_HEIGHT = 13
BAR_X = 285  # where the 0 of the scale sits
BAR_SPAN = 360  # width of a 100 score
BAR_HEIGHT = 10
BAR_GAP = 2
ROW_GAP = 8
LEGEND_HEIGHT = 30
AXIS_HEIGHT = 22
TICKS = (0, 25, 50, 75, 100)
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"

PROTECTION_COLOUR = "#0b4f8a"
NEXT_COLOUR = "#6b3fa0"
NEXT_BACKGROUND = "#e6dcf3"
MUTED = "#4a4a4a"
GRID = "#c8ced4"


def _attrs(**values) -> str:
    # SVG attribute names use hyphens; Python keywords cannot.
    return " ".join(f'{name.rstrip("_").replace("_", "-")}="{escape(value)}"' for name, value in values.items())


def _tag(name: str, content: str = "", **attrs) -> str:
    return f"<{name} {_attrs(**attrs)}>{content}</{name}>" if content else f"<{name} {_attrs(**attrs)}/>"


def _fills(prefix: str) -> dict[str, str]:
    return {"protection": PROTECTION_COLOUR, "next_level": f"url(#{prefix}-hatch)"}


def _defs(prefix: str) -> str:
    hatch = (
        f'<pattern id="{prefix}-hatch" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)">'
        + _tag("rect", x=0, y=0, width=6, height=6, fill=NEXT_BACKGROUND)
        + _tag("line", x1=1.5, y1=0, x2=1.5, y2=6, stroke=NEXT_COLOUR, stroke_width=3)
        + "</pattern>"
    )
    return f"<defs>{hatch}</defs>"


def _legend(prefix: str) -> str:
    parts = []
    x = BAR_X
    for tier, fill in _fills(prefix).items():
        parts.append(
            _tag(
                "rect",
                x=x,
                y=6,
                width=22,
                height=BAR_HEIGHT + 2,
                fill=fill,
                stroke=PROTECTION_COLOUR if tier == "protection" else NEXT_COLOUR,
                stroke_width=1,
            )
        )
        label = (
            _("%(tier)s (solid)", tier=tier_label(tier))
            if tier == "protection"
            else _("%(tier)s (hatched)", tier=tier_label(tier))
        )
        parts.append(_tag("text", escape(label), x=x + 28, y=17, font_size=12))
        x += 200
    return "".join(parts)


def _bar(score: Score, tier: str, y: float, prefix: str) -> str:
    fill = _fills(prefix)[tier]
    stroke = PROTECTION_COLOUR if tier == "protection" else NEXT_COLOUR
    text_y = y + BAR_HEIGHT - 1.5
    if score.score is None:
        return _tag(
            "text", escape(_("not scored")), x=BAR_X + 4, y=text_y, font_size=10.5, fill=MUTED, font_style="italic"
        )
    # A zero still gets a hairline, so "0" and "not scored" look different.
    width = max(BAR_SPAN * score.score / 100, 1.5)
    return _tag(
        "rect", x=BAR_X, y=y, width=round(width, 2), height=BAR_HEIGHT, fill=fill, stroke=stroke, stroke_width=1
    ) + _tag("text", escape(number(score.display)), x=round(BAR_X + width + 5, 2), y=text_y, font_size=11)


def _grid(top: float, bottom: float) -> str:
    parts = []
    for tick in TICKS:
        x = BAR_X + BAR_SPAN * tick / 100
        parts.append(_tag("line", x1=x, y1=top, x2=x, y2=bottom, stroke=GRID, stroke_width=1))
        parts.append(_tag("text", str(tick), x=x, y=bottom + 14, font_size=10.5, fill=MUTED, text_anchor="middle"))
    return "".join(parts)


def lever_chart_svg(scorecard: Scorecard, prefix: str = "lever-chart") -> Markup:
    """The chart as inline SVG markup, every label escaped."""
    rows = []
    y = LEGEND_HEIGHT + 6
    for lever in scorecard.levers:
        lines = textwrap.wrap(lever.title, LABEL_CHARS, max_lines=3, placeholder="…") or [""]
        title = "".join(
            _tag("tspan", escape(line), x=0, dy=0 if n == 0 else LINE_HEIGHT) for n, line in enumerate(lines)
        )
        # Each lever sits in one tier: its other tier's empty line is left out,
        # unless nothing of the lever is scored (then one "not scored" says so).
        shown = [
            (tier, figure)
            for tier, figure in (("protection", lever.protection), ("next_level", lever.next_level))
            if figure.score is not None
        ] or [("protection", lever.protection)]
        bars_height = len(shown) * BAR_HEIGHT + (len(shown) - 1) * BAR_GAP
        height = max(len(lines) * LINE_HEIGHT, bars_height)
        rows.append(_tag("text", title, x=0, y=y + 10, font_size=12))
        for n, (tier, figure) in enumerate(shown):
            rows.append(_bar(figure, tier, y + n * (BAR_HEIGHT + BAR_GAP), prefix))
        y += height + ROW_GAP
    chart_bottom = y
    total_height = chart_bottom + AXIS_HEIGHT
    where = f"{scorecard.jurisdiction.name}, {scorecard.jurisdiction.state}"
    description = _(
        "Horizontal bars from 0 to 100 for each of %(count)s policy levers in %(where)s: "
        "the solid bar is the %(protection)s score and the hatched bar the "
        "%(next_level)s score. The same figures are in the table that follows.",
        count=len(scorecard.levers),
        where=where,
        protection=tier_label("protection").lower(),
        next_level=tier_label("next_level").lower(),
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lever-chart" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" viewBox="0 0 {WIDTH} {total_height}" '
        f'width="{WIDTH}" height="{total_height}" font-family="{FONT}" fill="#1b1b1b">'
        + _tag("title", escape(_("Scores by lever for %(where)s", where=where)), id=f"{prefix}-title")
        + _tag("desc", escape(description), id=f"{prefix}-desc")
        + _defs(prefix)
        + _legend(prefix)
        + _grid(LEGEND_HEIGHT, chart_bottom)
        + "".join(rows)
        + "</svg>"
    )
    return Markup(svg)
