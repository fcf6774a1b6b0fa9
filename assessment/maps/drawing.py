"""A county map as inline SVG, and the table and legend that go with it.

Drawn on the server, like the lever chart (scorecards/chart.py), so it needs
no script, prints, and uses only SVG presentation attributes (no style=,
which the Content-Security-Policy refuses). Every county is a link to its
place page whose accessible name carries the county's figure in words; the
same figure, worded by the same function, is in the table below the map, so
the two cannot disagree. Colour is never the only sign: the unassessed are
hatched as well as grey, and the legend and table say it in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from markupsafe import Markup, escape

from assessment.content.current import level_label, source_questionnaire
from assessment.maps.county_map import CountyFigure

from ..i18n import _
from ..scorecards.wording import number
from .geometry import MapGeometry

# A single-hue blue scale (ColorBrewer "Blues", its five darker classes of
# seven): light to dark reads as low to high for every kind of colour
# vision, and in greyscale. The palest blue of the set was left out: beside
# the unassessed grey it could not be told apart.
BAND_COLOURS = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
# The unassessed: near-white with grey hatching, so they recede and differ
# from every blue by pattern, not colour alone.
UNASSESSED_FILL = "#f5f5f5"
UNASSESSED_LINE = "#b0b0b0"
BORDER_COLOUR = "#5c5c5c"  # state lines
COUNTY_LINE = "#a3a3a3"
UNLISTED_FILL = "#efefef"  # a boundary with no listed place (see MapGeometry)
FRAME_COLOUR = "#8a8a8a"


@dataclass(frozen=True)
class Band:
    low: float
    high: float | None  # None: up to 100
    colour: str

    @property
    def label(self) -> str:
        if self.high is None:
            return _("%(low)s to 100", low=number(self.low))
        return _("%(low)s to under %(high)s", low=number(self.low), high=number(self.high))


def bands() -> list[Band]:
    """One colour per level of the method (its lowest scores), lowest first."""
    lows = sorted({float(level.min_score) for level in source_questionnaire().levels})[: len(BAND_COLOURS)]
    highs = [*lows[1:], None]
    # As many bands as levels, at most one per colour (the levels were cut to the colours above).
    return [Band(low, high, colour) for low, high, colour in zip(lows, highs, BAND_COLOURS, strict=False)]


def band_for(score: float, scale: list[Band]) -> Band:
    return next(band for band in reversed(scale) if round(score, 1) >= band.low)


@dataclass(frozen=True)
class MapRow:
    """One county, as the map's link and the table's row both word it."""

    figure: CountyFigure
    url: str
    place: str  # "King County, WA"
    score_text: str  # "72.5", or why there is none
    level_text: str  # "Established", or ""
    name: str  # the link's accessible name
    fill: str


class _Wording:
    """The map's messages, translated once a map rather than once a county
    (3,000 look-ups of the same few messages were half the drawing's time)."""

    def __init__(self):
        # _() without variables returns the translated pattern, unformatted.
        self.not_assessed = _("Not assessed")
        self.no_figure = _("No figure")
        self.named_unassessed = _("%(place)s: not assessed")
        self.named_no_figure = _("%(place)s: published, with no current-protections figure")
        self.named = _("%(place)s: current protections %(score)s, %(level)s")
        self.levels: dict[str | None, str] = {}

    def level(self, stored: str | None) -> str:
        if stored not in self.levels:
            self.levels[stored] = level_label(stored) or ""
        return self.levels[stored]

    def __call__(self, figure: CountyFigure) -> tuple[str, str, str]:
        """(score, level, accessible name) of one county."""
        place = f"{figure.name}, {figure.state}"
        if not figure.assessed:
            return self.not_assessed, "", self.named_unassessed % {"place": place}
        if figure.score is None:
            return self.no_figure, "", self.named_no_figure % {"place": place}
        score = number(round(figure.score, 1))
        level = self.level(figure.level)
        return score, level, self.named % {"place": place, "score": score, "level": level}


def map_rows(figures: dict[str, CountyFigure], geometry: MapGeometry, pattern_id: str) -> list[MapRow]:
    """The counties drawn on this map, in the table's order (state, then name)."""
    scale = bands()
    worded = _Wording()
    # One url_for for the pattern of every place address: 3,000 calls cost 30 ms.
    marker = 987654321
    pattern = url_for("jurisdictions.show", jurisdiction_id=marker)
    rows = []
    for fips, figure in figures.items():
        if fips not in geometry.paths:
            continue
        score_text, level_text, name = worded(figure)
        fill = band_for(figure.score, scale).colour if figure.score is not None else f"url(#{pattern_id})"
        rows.append(
            MapRow(
                figure,
                pattern.replace(str(marker), str(figure.jurisdiction_id)),
                f"{figure.name}, {figure.state}",
                score_text,
                level_text,
                name,
                fill,
            )
        )
    rows.sort(key=lambda row: (row.figure.state, row.figure.name, row.figure.fips))
    return rows


def _defs(pattern_id: str) -> str:
    return (
        f'<defs><pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="5" height="5" '
        f'patternTransform="rotate(45)"><rect x="0" y="0" width="5" height="5" fill="{UNASSESSED_FILL}"/>'
        f'<line x1="1" y1="0" x2="1" y2="5" stroke="{UNASSESSED_LINE}" stroke-width="1"/></pattern></defs>'
    )


def map_svg(geometry: MapGeometry, rows: list[MapRow], title: str, prefix: str) -> Markup:
    """The map: one link a county, every text escaped. A link's <title> is
    its accessible name (SVG-AAM) and the tooltip a mouse shows; an
    aria-label saying it again would add 140 kB to the national map."""
    pattern_id = f"{prefix}-unassessed"
    drawn = {row.figure.fips for row in rows}
    links = "".join(
        f'<a href="{escape(row.url)}"><title>{escape(row.name)}</title>'
        f'<path d="{geometry.paths[row.figure.fips]}" fill="{row.fill}"/></a>'
        for row in rows
    )
    # Boundaries with no listed place (a county abolished since, or one the
    # directory lacks) are drawn so the map has no hole, and hidden from
    # screen readers: there is nothing to go to.
    others = "".join(f'<path d="{d}"/>' for fips, d in geometry.paths.items() if fips not in drawn)
    frames = "".join(
        f'<rect x="{b.left:.1f}" y="{b.top:.1f}" width="{b.width:.1f}" height="{b.height:.1f}"/>'
        for b in geometry.frames
    )
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="county-map-drawing" role="group" '
        f'aria-labelledby="{prefix}-title" viewBox="0 0 {geometry.width} {geometry.height}" '
        f'width="{geometry.width}" height="{geometry.height}">'
        f'<title id="{prefix}-title">{escape(title)}</title>{_defs(pattern_id)}'
        f'<g aria-hidden="true" fill="{UNLISTED_FILL}" stroke="{COUNTY_LINE}" stroke-width="0.5">{others}</g>'
        f'<g class="counties" stroke="{COUNTY_LINE}" stroke-width="0.5">{links}</g>'
        + (
            f'<path aria-hidden="true" pointer-events="none" fill="none" stroke="{BORDER_COLOUR}" '
            f'stroke-width="0.8" stroke-linejoin="round" d="{geometry.borders}"/>'
            if geometry.borders
            else ""
        )
        + f'<g aria-hidden="true" fill="none" stroke="{FRAME_COLOUR}" stroke-width="1">{frames}</g>'
        "</svg>"
    )


def swatch(colour: str | None, pattern_id: str) -> Markup:
    """A legend's sample of one fill, as a little SVG of its own (None: the
    unassessed hatching), so the legend prints in the map's very colours."""
    if colour is None:
        fill, defs = f"url(#{pattern_id})", _defs(pattern_id)
    else:
        fill, defs = colour, ""
    return Markup(
        f'<svg class="map-swatch" aria-hidden="true" focusable="false" width="28" height="16" '
        f'viewBox="0 0 28 16">{defs}<rect x="0.5" y="0.5" width="27" height="15" fill="{fill}" '
        f'stroke="{UNASSESSED_LINE}" stroke-width="1"/></svg>'
    )
