"""Server-rendered SVG charts for public pages: the comparison bars and the
year-by-year trend. Tiers differ by pattern (solid / hatched bars, solid /
dashed lines with round / square markers) as well as colour, every figure is
printed as text, and each chart has a title and description; the pages put
the same figures in a table.
"""

from __future__ import annotations

import textwrap

from markupsafe import Markup, escape

from ..i18n import _
from ..scorecards.wording import tier_label

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
PROTECTION = "#0b4f8a"
NEXT = "#6b3fa0"
NEXT_BACKGROUND = "#e6dcf3"
GRID = "#c8ced4"
MUTED = "#4a4a4a"


def _attrs(values: dict) -> str:
    return " ".join(f'{k.rstrip("_").replace("_", "-")}="{escape(v)}"' for k, v in values.items())


def _tag(name: str, content: str = "", **attrs) -> str:
    return f"<{name} {_attrs(attrs)}>{content}</{name}>" if content else f"<{name} {_attrs(attrs)}/>"


def _figure(value: float | None) -> str:
    return _("n/a") if value is None else f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(prefix: str, width: int, height: int, title: str, description: str, body: str) -> Markup:
    hatch = (
        f'<defs><pattern id="{prefix}-hatch" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)">'
        + _tag("rect", x=0, y=0, width=6, height=6, fill=NEXT_BACKGROUND)
        + _tag("line", x1=1.5, y1=0, x2=1.5, y2=6, stroke=NEXT, stroke_width=3)
        + "</pattern></defs>"
    )
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="{FONT}" fill="#1b1b1b" '
        f'class="public-chart">'
        + _tag("title", escape(title), id=f"{prefix}-title")
        + _tag("desc", escape(description), id=f"{prefix}-desc")
        + hatch
        + body
        + "</svg>"
    )


def _legend(prefix: str, x: int, y: int, lines: bool = False) -> str:
    parts = []
    for tier in ("protection", "next_level"):
        if lines:
            parts.append(
                _tag(
                    "line",
                    x1=x,
                    y1=y + 6,
                    x2=x + 22,
                    y2=y + 6,
                    stroke=PROTECTION if tier == "protection" else NEXT,
                    stroke_width=2.5,
                    stroke_dasharray="none" if tier == "protection" else "6 3",
                )
            )
            label = (
                _("%(tier)s (solid line, circles)", tier=tier_label(tier))
                if tier == "protection"
                else _("%(tier)s (dashed line, squares)", tier=tier_label(tier))
            )
        else:
            parts.append(
                _tag(
                    "rect",
                    x=x,
                    y=y,
                    width=22,
                    height=12,
                    fill=PROTECTION if tier == "protection" else f"url(#{prefix}-hatch)",
                    stroke=PROTECTION if tier == "protection" else NEXT,
                )
            )
            label = (
                _("%(tier)s (solid)", tier=tier_label(tier))
                if tier == "protection"
                else _("%(tier)s (hatched)", tier=tier_label(tier))
            )
        parts.append(_tag("text", escape(label), x=x + 28, y=y + 10, font_size=12))
        x += 260
    return "".join(parts)


def comparison_chart(columns, prefix: str = "compare-chart") -> Markup:
    """Two bars per jurisdiction: current protections (solid) and next-level reforms (hatched)."""
    label_x, bar_x, span, bar_h, gap = 0, 250, 380, 11, 10
    rows, y = [], 34
    for column in columns:
        lines = textwrap.wrap(f"{column.title} ({column.year})", 34, max_lines=2, placeholder="…")
        rows.append(
            _tag(
                "text",
                "".join(_tag("tspan", escape(t), x=label_x, dy=0 if n == 0 else 13) for n, t in enumerate(lines)),
                x=label_x,
                y=y + 10,
                font_size=12,
            )
        )
        for offset, tier in ((0, "protection"), (bar_h + 2, "next_level")):
            value = getattr(column.score, f"{tier}_score")
            top = y + offset
            if value is None:
                rows.append(
                    _tag("text", escape(_("not scored")), x=bar_x + 4, y=top + bar_h - 1.5, font_size=10.5, fill=MUTED)
                )
                continue
            width = max(span * value / 100, 1.5)
            rows.append(
                _tag(
                    "rect",
                    x=bar_x,
                    y=top,
                    width=round(width, 2),
                    height=bar_h,
                    fill=PROTECTION if tier == "protection" else f"url(#{prefix}-hatch)",
                    stroke=PROTECTION if tier == "protection" else NEXT,
                    stroke_width=1,
                )
            )
            rows.append(_tag("text", _figure(value), x=round(bar_x + width + 5, 2), y=top + bar_h - 1.5, font_size=11))
        y += max(2 * bar_h + 2, 13 * len(lines)) + gap
    grid = "".join(
        _tag("line", x1=bar_x + span * t / 100, y1=30, x2=bar_x + span * t / 100, y2=y, stroke=GRID)
        + _tag("text", str(t), x=bar_x + span * t / 100, y=y + 14, font_size=10.5, fill=MUTED, text_anchor="middle")
        for t in (0, 25, 50, 75, 100)
    )
    description = _(
        "Bars from 0 to 100 for %(count)s jurisdictions: the solid bar is the current protections "
        "score, the hatched bar the next-level reforms score. The same figures are in the table.",
        count=len(columns),
    )
    return _svg(
        prefix,
        680,
        y + 22,
        _("Current protections and next-level reforms, side by side"),
        description,
        _legend(prefix, bar_x, 4) + grid + "".join(rows),
    )


def trend_chart(points, title: str, prefix: str = "trend-chart") -> Markup:
    """points: [(year, protection score|None, next-level score|None)], oldest first."""
    left, top, width, height = 50, 36, 520, 200
    years = [p[0] for p in points]
    first, last = min(years), max(years)

    def x_of(year: int) -> float:
        return left + (width / 2 if first == last else (year - first) / (last - first) * width)

    def y_of(value: float) -> float:
        return top + height - value / 100 * height

    body = [_legend(prefix, left, 4, lines=True)]
    for tick in (0, 25, 50, 75, 100):
        body.append(_tag("line", x1=left, y1=y_of(tick), x2=left + width, y2=y_of(tick), stroke=GRID))
        body.append(
            _tag("text", str(tick), x=left - 8, y=y_of(tick) + 4, font_size=10.5, fill=MUTED, text_anchor="end")
        )
    for year in years:
        body.append(_tag("text", str(year), x=x_of(year), y=top + height + 18, font_size=11, text_anchor="middle"))
    for index, tier in ((1, "protection"), (2, "next_level")):
        colour = PROTECTION if tier == "protection" else NEXT
        present = [(p[0], p[index]) for p in points if p[index] is not None]
        if len(present) > 1:
            path = " ".join(f"{x_of(yr):.1f},{y_of(v):.1f}" for yr, v in present)
            body.append(
                _tag(
                    "polyline",
                    points=path,
                    fill="none",
                    stroke=colour,
                    stroke_width=2.5,
                    stroke_dasharray="none" if tier == "protection" else "6 3",
                )
            )
        for year, value in present:
            cx, cy = x_of(year), y_of(value)
            if tier == "protection":
                body.append(_tag("circle", cx=f"{cx:.1f}", cy=f"{cy:.1f}", r=4.5, fill=colour))
                body.append(_tag("text", _figure(value), x=f"{cx + 7:.1f}", y=f"{cy - 6:.1f}", font_size=11))
            else:
                body.append(_tag("rect", x=f"{cx - 4:.1f}", y=f"{cy - 4:.1f}", width=8, height=8, fill=colour))
                body.append(_tag("text", _figure(value), x=f"{cx + 7:.1f}", y=f"{cy + 14:.1f}", font_size=11))
    description = _(
        "Scores from 0 to 100 by year, %(first)s to %(last)s: the solid line with circles is current "
        "protections, the dashed line with squares next-level reforms. The same figures are in the table.",
        first=first,
        last=last,
    )
    return _svg(prefix, left + width + 40, top + height + 28, title, description, "".join(body))
