"""Who decides an item, by default: the first body its question names that
exists in this kind of place, called by its name there.

The content's controllers are generic ("City or county council"); a plan is
read by one place, so a county's council is its board of supervisors or
commissioners and a city's police are led by a police chief. People can type
another name on the item (PlanItem.decider_name).
"""

from __future__ import annotations

from assessment.content.model import Questionnaire
from assessment.i18n import N_, _

COUNTY_KINDS = ("county", "city_county")
SMALL_PLACES = ("town", "village", "township")

# controller id -> {kind group -> the body's name}; "any" when it is the same everywhere.
BODY_NAMES: dict[str, dict[str, str]] = {
    "council": {
        "county": N_("County board of supervisors or commissioners"),
        "city": N_("City council"),
        "city_county": N_("Board of supervisors or city-county council"),
        "small": N_("Town or village board"),
    },
    "county_board": {
        "any": N_("County board of supervisors or commissioners"),
        "city_county": N_("Board of supervisors or city-county council"),
    },
    "executive": {
        "county": N_("County executive or county administrator"),
        "city": N_("Mayor or city manager"),
        "city_county": N_("Mayor or city-county executive"),
        "small": N_("Mayor or town manager"),
    },
    "sheriff": {"any": N_("Sheriff")},
    "police": {"any": N_("Police chief"), "county": N_("Sheriff or county police chief")},
    "prosecutor": {"any": N_("District attorney")},
    "public_defender": {"any": N_("Public defender")},
    "courts": {"any": N_("Presiding judge and court administrator")},
    "health": {"any": N_("Health department director")},
    "state": {"any": N_("State legislature or state agencies")},
    "elections": {"any": N_("Elections office")},
    "college_board": {"any": N_("Community college board")},
    "school_board": {"any": N_("School board")},
}


def _group(kind: str) -> str:
    if kind in SMALL_PLACES:
        return "small"
    return kind if kind in ("county", "city_county") else "city"


def default_decider(questionnaire: Questionnaire, controlled_by: tuple[str, ...], kind: str) -> str | None:
    """The controller id an item is addressed to in a place of this kind: the first
    one its question names that exists there (a city has no sheriff or county board)."""
    county_only = set(getattr(questionnaire, "county_only_controllers", ()) or ())
    for controller in controlled_by:
        if kind not in COUNTY_KINDS and controller in county_only:
            continue
        return controller
    return controlled_by[0] if controlled_by else None


def body_name(questionnaire: Questionnaire, controller: str | None, kind: str) -> str:
    """The deciding body's name in the current language, for a place of this kind."""
    if not controller:
        return _("Not decided yet")
    names = BODY_NAMES.get(controller)
    if names is None:
        return questionnaire.controllers.get(controller, controller)
    group = _group(kind)
    name = (
        names.get(group)
        or (names.get("county") if group == "city_county" else None)
        or names.get("any")
        or next(iter(names.values()))
    )
    return _(name)
