"""County outlines for the maps, as SVG path data, from the Census Bureau's files.

The boundaries are the Census Bureau's 2016 cartographic boundary files
(1:500,000), as shipped in the plotly-geo package (it installs them as
package data of its module `_plotly_geo`; we read the files, none of its
code). They hold about a million points: far more than a screen shows. So
each view (the nation, or one state) is projected, fitted to its drawing,
and simplified to well under a pixel once, on first use; the path data is
then kept in memory and in the instance folder, so later processes and
restarts read it back in a few milliseconds.
"""

from __future__ import annotations

import importlib.resources
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import us

from .projection import ALASKA, CONTIGUOUS, HAWAII, Box, Point, bounds, fit, fitted_to

log = logging.getLogger(__name__)

# Part of the cache file's name: change it when the drawing changes.
CACHE_VERSION = "cb2016-500k-v3"
NATIONAL = "US"
NATIONAL_WIDTH = 960
STATE_WIDTH = 720
STATE_MAX_HEIGHT = 640
PADDING = 6
# Simplification, in pixels of the drawing: under a pixel, so the outline
# looks as drawn at full detail, and neighbouring counties (simplified
# apart) never open a visible gap.
TOLERANCE = 0.6
# Whole pixels on the national map (its counties are a few pixels across);
# tenths on a state's, where a county can be drawn hundreds of pixels wide.
STATE_DECIMALS = 1
# On the national map a pixel is about 5 km, some 0.045 degrees of latitude:
# points closer than a quarter of that are dropped before projecting.
NATIONAL_STEP = 0.01

# Puerto Rico and the island areas are drawn on their own pages only.
TERRITORY_FIPS = {"60", "66", "69", "72", "78"}
ALASKA_FIPS, HAWAII_FIPS = "02", "15"
HAWAII_WEST_EDGE = -161.0  # degrees of longitude; Niihau lies east of it


@dataclass(frozen=True)
class MapGeometry:
    view: str  # "US" or a state's code
    width: int
    height: int
    paths: dict[str, str]  # county FIPS -> SVG path data
    frames: list[Box] = field(default_factory=list)  # boxes drawn round the insets
    borders: str = ""  # the states' outlines, as one path (national view)


def _state_codes() -> dict[str, str]:
    """State FIPS code -> postal code, for the states, DC and the territories."""
    states = [*us.states.STATES_AND_TERRITORIES, us.states.DC]
    return {state.fips: state.abbr for state in states if state.fips}


def _boundary_file(name: str) -> str:
    return str(importlib.resources.files("_plotly_geo") / "package_data" / f"cb_2016_us_{name}_500k.shp")


def thinned(ring: list[Point], step: float) -> list[Point]:
    """The ring less the points within `step` degrees (either way) of the
    last one kept: projecting is what costs, and a county's 500 points a
    pixel need not all be projected to be dropped."""
    kept = [ring[0]]
    last_lon, last_lat = ring[0]
    for lon, lat in ring[1:-1]:
        if abs(lon - last_lon) > step or abs(lat - last_lat) > step:
            kept.append((lon, lat))
            last_lon, last_lat = lon, lat
    kept.append(ring[-1])
    return kept


def _read_counties(
    state_fips: set[str] | None, name: str = "county", step: float = 0.0
) -> dict[str, tuple[str, list[list[Point]]]]:
    """FIPS -> (state FIPS, rings of (lon, lat)), for the states asked (all
    when None); with name "state", the states' own outlines. With a step,
    thinned() first."""
    import shapefile

    counties: dict[str, tuple[str, list[list[Point]]]] = {}
    with shapefile.Reader(_boundary_file(name)) as reader:
        for shape_record in reader.iterShapeRecords():
            record = shape_record.record
            if state_fips is not None and record["STATEFP"] not in state_fips:
                continue
            shape = shape_record.shape
            starts = [*shape.parts, len(shape.points)]
            points = shape.points
            rings = [points[a:b] for a, b in pairwise(starts) if b - a >= 4]
            if record["STATEFP"] == ALASKA_FIPS:
                # The Aleutians cross the 180th meridian: keep them on one side.
                rings = [[(lon - 360 if lon > 0 else lon, lat) for lon, lat in ring] for ring in rings]
            elif record["STATEFP"] == HAWAII_FIPS:
                # Honolulu County runs 2,000 km north-west through tiny islands and
                # atolls: drawn to scale, they would shrink the islands people live on.
                rings = [ring for ring in rings if ring[0][0] > HAWAII_WEST_EDGE] or rings
            rings = [[tuple(p) for p in ring] for ring in rings]
            if step:
                rings = [thinned(ring, step) for ring in rings]
            counties[record["GEOID"]] = (record["STATEFP"], rings)
    return counties


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    if length == 0:
        return (px - ax) ** 2 + (py - ay) ** 2
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    ex, ey = ax + t * dx - px, ay + t * dy - py
    return ex * ex + ey * ey


def simplify(ring: list[Point], tolerance: float) -> list[Point]:
    """Fewer points, none of the dropped ones further than `tolerance` from
    the line kept (Douglas-Peucker), after dropping runs of points closer
    than that to each other. The first and last points are kept."""
    limit = tolerance * tolerance
    close: list[Point] = [ring[0]]
    for point in ring[1:-1]:
        last = close[-1]
        if (point[0] - last[0]) ** 2 + (point[1] - last[1]) ** 2 > limit:
            close.append(point)
    close.append(ring[-1])
    if len(close) < 3:
        return close
    keep = [False] * len(close)
    keep[0] = keep[-1] = True
    stack = [(0, len(close) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, 0
        for i in range(first + 1, last):
            distance = _distance_to_segment(close[i], close[first], close[last])
            if distance > farthest:
                farthest, index = distance, i
        if farthest > limit:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [point for point, kept in zip(close, keep, strict=True) if kept]


def _path(rings: list[list[Point]], decimals: int) -> str:
    """SVG path data: one closed subpath a ring, each point as its step from
    the last ("l" then pairs), on a grid of 10^-decimals pixels. The steps
    are taken between rounded points, so rounding never adds up; this is
    half the size of absolute coordinates, which counts on a page of 3,000
    counties."""
    scale = 10**decimals

    def text(value: int) -> str:
        return str(value) if decimals == 0 else f"{value / scale:.{decimals}f}".rstrip("0").rstrip(".")

    parts = []
    for ring in rings:
        grid = [(round(x * scale), round(y * scale)) for x, y in ring[:-1]]
        steps = []
        for (x0, y0), (x1, y1) in pairwise(grid):
            if (x0, y0) != (x1, y1):
                steps.append(f"{text(x1 - x0)} {text(y1 - y0)}")
        if len(steps) >= 2:
            parts.append(f"M{text(grid[0][0])} {text(grid[0][1])}l{' '.join(steps)}z")
    return "".join(parts)


def _drawn(rings: list[list[Point]], decimals: int = 0) -> str:
    """Simplified rings as path data. Islands too small to see are left out,
    but every county keeps its largest ring, so each has a shape to click."""
    kept = [simple for simple in (simplify(ring, TOLERANCE) for ring in rings) if len(simple) >= 4]
    # A county of a pixel or two (some of Virginia's cities) can vanish on the
    # grid: then its largest ring is drawn unsimplified, a tenth finer.
    largest = max(rings, key=lambda ring: bounds(ring).width + bounds(ring).height)
    return _path(kept or [largest], decimals) or _path([largest], decimals + 1)


def _project_group(counties: dict, projection) -> dict[str, list[list[Point]]]:
    return {
        fips: [[projection(lon, lat) for lon, lat in ring] for ring in rings]
        for fips, (_state, rings) in counties.items()
    }


def _place(
    projected: dict[str, list[list[Point]]], target: Box, also: dict[str, list[list[Point]]] | None = None
) -> dict[str, list[list[Point]]]:
    """Fit the projected counties into the box; `also` (their states'
    outlines) is moved by the very same scale and shift."""
    source = bounds(p for rings in projected.values() for ring in rings for p in ring)
    place = fit(source, target)
    return {
        key: [[place(p) for p in ring] for ring in rings]
        for key, rings in [*projected.items(), *((also or {}).items())]
    }


def _height_for(projected: dict[str, list[list[Point]]], width: float, max_height: float | None = None) -> int:
    box = bounds(p for rings in projected.values() for ring in rings for p in ring)
    height = (width - 2 * PADDING) * box.height / max(box.width, 1e-12) + 2 * PADDING
    return int(round(min(height, max_height) if max_height else height))


def _build_national() -> MapGeometry:
    state_fips = set(_state_codes()) - TERRITORY_FIPS
    counties = _read_counties(state_fips, step=NATIONAL_STEP)
    groups = {
        name: {f: c for f, c in counties.items() if test(c[0])}
        for name, test in (
            ("contiguous", lambda s: s not in (ALASKA_FIPS, HAWAII_FIPS)),
            ("alaska", lambda s: s == ALASKA_FIPS),
            ("hawaii", lambda s: s == HAWAII_FIPS),
        )
    }
    states = _read_counties(state_fips, "state", step=NATIONAL_STEP)
    outlines = {
        name: {f"state-{fips}": (fips, rings) for fips, (_s, rings) in states.items() if test(fips)}
        for name, test in (
            ("contiguous", lambda s: s not in (ALASKA_FIPS, HAWAII_FIPS)),
            ("alaska", lambda s: s == ALASKA_FIPS),
            ("hawaii", lambda s: s == HAWAII_FIPS),
        )
    }
    projections = {"contiguous": CONTIGUOUS, "alaska": ALASKA, "hawaii": HAWAII}
    contiguous = _project_group(groups["contiguous"], CONTIGUOUS)
    width = NATIONAL_WIDTH
    height = _height_for(contiguous, width)
    # Alaska and Hawaii go in the open corner south-west of California and
    # Arizona, as on most maps of the United States.
    boxes = {
        "contiguous": Box(PADDING, PADDING, width - PADDING, height - PADDING),
        "alaska": Box(PADDING, height * 0.70, width * 0.23, height - PADDING),
        "hawaii": Box(width * 0.235, height * 0.80, width * 0.34, height - PADDING),
    }
    placed: dict[str, list[list[Point]]] = {}
    for name, projection in projections.items():
        placed.update(
            _place(
                _project_group(groups[name], projection), boxes[name], also=_project_group(outlines[name], projection)
            )
        )
    borders = "".join(_drawn(rings) for key, rings in placed.items() if key.startswith("state-"))
    return MapGeometry(
        NATIONAL,
        width,
        height,
        {f: _drawn(r) for f, r in placed.items() if not f.startswith("state-")},
        frames=[boxes["alaska"], boxes["hawaii"]],
        borders=borders,
    )


def _build_state(code: str) -> MapGeometry | None:
    fips = next((f for f, abbr in _state_codes().items() if abbr == code), None)
    if fips is None:
        return None
    counties = _read_counties({fips})
    if not counties:
        return None
    every = [p for _state, rings in counties.values() for ring in rings for p in ring]
    projection = fitted_to((p[0] for p in every), (p[1] for p in every))
    projected = _project_group(counties, projection)
    height = _height_for(projected, STATE_WIDTH, STATE_MAX_HEIGHT)
    placed = _place(projected, Box(PADDING, PADDING, STATE_WIDTH - PADDING, height - PADDING))
    box = bounds(p for rings in placed.values() for ring in rings for p in ring)
    width = int(round(box.right + PADDING))  # a tall state is narrower than the box
    return MapGeometry(code, width, height, {f: _drawn(r, STATE_DECIMALS) for f, r in placed.items()})


def _cache_file(cache_dir: Path, view: str) -> Path:
    return cache_dir / "county-maps" / f"{CACHE_VERSION}-{view}.json"


def _load(path: Path) -> MapGeometry | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return MapGeometry(
            data["view"],
            data["width"],
            data["height"],
            data["paths"],
            [Box(*frame) for frame in data["frames"]],
            data["borders"],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _save(path: Path, geometry: MapGeometry) -> None:
    data = {
        "view": geometry.view,
        "width": geometry.width,
        "height": geometry.height,
        "paths": geometry.paths,
        "frames": [[b.left, b.top, b.right, b.bottom] for b in geometry.frames],
        "borders": geometry.borders,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside and renamed, so another process never reads half a file.
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8") as file:
            json.dump(data, file, separators=(",", ":"))
        os.replace(file.name, path)
    except OSError as error:  # a read-only instance folder: the memory cache still serves
        log.warning("could not cache the county map %s: %s", path, error)


@lru_cache(maxsize=64)
def geometry_for(view: str, cache_dir: str) -> MapGeometry | None:
    """The drawing of one view ("US" or a state's code), or None where the
    boundary files have no county of that state."""
    path = _cache_file(Path(cache_dir), view)
    cached = _load(path)
    if cached is not None:
        return cached
    built = _build_national() if view == NATIONAL else _build_state(view)
    if built is not None:
        _save(path, built)
    return built
