"""GET /states/<code>: a state's page (its county map and every place), and
the county map the directory shows."""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import Blueprint, abort, current_app, render_template
from markupsafe import Markup

from assessment.jurisdictions.places import state_name
from assessment.maps import county_map as service

from ..i18n import _
from ..web.read_only import reads_only
from .drawing import Band, MapRow, bands, map_rows, map_svg, swatch
from .geometry import NATIONAL, geometry_for

bp = Blueprint("maps", __name__)


@dataclass(frozen=True)
class CountyMap:
    view: str  # "US" or a state's code
    title: str
    svg: Markup
    rows: list[MapRow]
    legend: list[Band]
    state_name: str | None

    @property
    def assessed(self) -> list[MapRow]:
        return [row for row in self.rows if row.figure.assessed]

    @property
    def unassessed_count(self) -> int:
        return sum(1 for row in self.rows if not row.figure.assessed)


def county_map(state: str | None = None) -> CountyMap | None:
    """The map of one state's counties, or of the nation's; None where there is
    no county to draw (an unknown code, or a territory without counties)."""
    started = time.perf_counter()
    view = state or NATIONAL
    geometry = geometry_for(view, current_app.instance_path)
    if geometry is None:
        return None
    name = state_name(state) if state else None
    title = (
        _("Map of current protections in the counties of %(state)s", state=name)
        if state
        else _("Map of current protections in every county of the United States")
    )
    prefix = f"county-map-{view.lower()}"
    rows = map_rows(service.county_figures(state), geometry, f"{prefix}-unassessed")
    drawn = CountyMap(view, title, map_svg(geometry, rows, title, prefix), rows, bands(), name)
    current_app.logger.debug("county map %s drawn in %.0f ms", view, (time.perf_counter() - started) * 1000)
    return drawn


# The directory's template asks for its map itself (templates/directory/_map.html),
# so the directory's view stays as it was.
bp.add_app_template_global(county_map, "county_map")
bp.add_app_template_global(swatch, "map_swatch")
bp.add_app_template_global(state_name, "state_label")


@bp.get("/states/<state_code>")
@reads_only
def state(state_code: str):
    code = state_code.upper()
    if code != state_code or not code.isalpha() or len(code) != 2 or state_name(code) == code:
        abort(404)
    places = service.state_places(code)
    return render_template(
        "maps/state.html", state_code=code, state_name=state_name(code), county_map=county_map(code), places=places
    )
