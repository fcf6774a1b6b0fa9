"""GET /states/<code>: a state's page (its county map and every place), and
the county map the directory shows."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from flask import Blueprint, abort, current_app, get_template_attribute, render_template
from markupsafe import Markup

from assessment.jurisdictions.places import state_name
from assessment.maps import county_map as service

from ..i18n import _, current_language
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


def county_map(state: str | None, figures: dict) -> CountyMap | None:
    """The map of one state's counties, or of the nation's, showing `figures`
    (service.county_figures); None where there is no county to draw (an unknown
    code, or a territory without counties)."""
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
    rows = map_rows(figures, geometry, f"{prefix}-unassessed")
    drawn = CountyMap(view, title, map_svg(geometry, rows, title, prefix), rows, bands(), name)
    current_app.logger.debug("county map %s drawn in %.0f ms", view, (time.perf_counter() - started) * 1000)
    return drawn


# Each app keeps the map section it last drew (in app.extensions) for each view,
# national or not, and language, with the very figures it shows. The figures are read
# for every page (one query), and the section is used only if they are the same, so a
# publication or a withdrawal shows at once; what is saved is drawing some 3,000
# counties and their table again, most of the directory's first page. One section per
# view: the national one is about 1 MB.
SECTIONS_KEPT = 16  # the national map and a few states, in two languages
_kept_lock = threading.Lock()


def drawn_county_map(state: str | None, national: bool) -> Markup | None:
    """The county map section (templates/maps/_county_map.html) of a state or of the
    nation, drawn again only when its figures changed; None where there is no map."""
    rows = tuple(service.county_figure_rows(state))
    key = (state or NATIONAL, national, current_language())
    kept: OrderedDict[tuple, tuple[tuple, Markup]] = current_app.extensions.setdefault(
        "drawn_county_maps", OrderedDict()
    )
    with _kept_lock:  # a threaded server (flask run) may be at it in two requests
        last = kept.get(key)
        if last is not None and last[0] == rows:
            kept.move_to_end(key)
            return last[1]
    county_map_now = county_map(state, service.county_figures(rows))
    if county_map_now is None:
        return None
    macro = get_template_attribute("maps/_county_map.html", "county_map_section")
    drawn = Markup(macro(county_map_now, national=national))
    with _kept_lock:
        kept[key] = (rows, drawn)  # the figures of before are of no more use
        kept.move_to_end(key)
        while len(kept) > SECTIONS_KEPT:
            kept.popitem(last=False)
    return drawn


# The directory's template asks for its map itself (templates/directory/_map.html),
# so the directory's view stays as it was.
bp.add_app_template_global(drawn_county_map, "drawn_county_map")
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
        "maps/state.html",
        state_code=code,
        state_name=state_name(code),
        map_section=drawn_county_map(code, national=False),
        places=places,
    )
