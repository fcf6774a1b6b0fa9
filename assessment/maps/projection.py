"""Map projections for the county maps: Albers equal-area conic.

Equal-area, so a big rural county does not look more important than it is
per square mile, and the standard map projection of United States agencies.
The national view sets Alaska and Hawaii in boxes of their own (each in its
own Albers projection, Alaska drawn smaller), as US maps commonly do; a
state's view gets a projection centred on that state. Spherical formulas:
at these scales the Earth's flattening changes nothing a reader can see.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Point = tuple[float, float]
Projector = Callable[[float, float], Point]


def albers(centre_lon: float, centre_lat: float, parallel_1: float, parallel_2: float) -> Projector:
    """(lon, lat) in degrees -> (x, y) on the unit sphere, y growing north."""
    phi1, phi2, phi0 = (math.radians(v) for v in (parallel_1, parallel_2, centre_lat))
    n = (math.sin(phi1) + math.sin(phi2)) / 2
    c = math.cos(phi1) ** 2 + 2 * n * math.sin(phi1)
    rho0 = math.sqrt(c - 2 * n * math.sin(phi0)) / n
    lon0 = math.radians(centre_lon)
    sin, cos, sqrt, rad = math.sin, math.cos, math.sqrt, math.radians

    def project(lon: float, lat: float) -> Point:
        theta = n * (rad(lon) - lon0)
        rho = sqrt(max(c - 2 * n * sin(rad(lat)), 0.0)) / n
        return rho * sin(theta), rho0 - rho * cos(theta)

    return project


# The lower 48 states: the parallels and centre the Census Bureau and USGS use.
CONTIGUOUS = albers(-96, 37.5, 29.5, 45.5)
ALASKA = albers(-154, 58.5, 55, 65)
HAWAII = albers(-157, 20.5, 8, 18)


def fitted_to(lons: Iterable[float], lats: Iterable[float]) -> Projector:
    """An Albers projection for one state: centred on it, its standard
    parallels a sixth of the way in from its north and south edges."""
    lons, lats = list(lons), list(lats)
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    span = max(north - south, 0.5)
    first, second = south + span / 6, north - span / 6
    if abs(first + second) < 1:  # both parallels near the equator: no cone to speak of
        first, second = first + 1, second + 1
    return albers((west + east) / 2, (south + north) / 2, first, second)


@dataclass(frozen=True)
class Box:
    """A rectangle on the drawing, in pixels (y down)."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top


def bounds(points: Iterable[Point]) -> Box:
    xs, ys = [], []
    for x, y in points:
        xs.append(x)
        ys.append(y)
    return Box(min(xs), min(ys), max(xs), max(ys))


def fit(source: Box, target: Box) -> Callable[[Point], Point]:
    """Scale and move projected points (y north) into a pixel box (y down),
    keeping their proportions, centred in the box."""
    scale = min(target.width / max(source.width, 1e-12), target.height / max(source.height, 1e-12))
    left = target.left + (target.width - source.width * scale) / 2
    top = target.top + (target.height - source.height * scale) / 2

    def place(point: Point) -> Point:
        x, y = point
        return left + (x - source.left) * scale, top + (source.bottom - y) * scale

    return place
