"""Dates to come: the team's next notice dates, and the public list across published places.

The notice date is the end-or-renewal date minus the notice period
(Agreement.notice_by): the last day to give notice of ending or not renewing.
The public page lists, for 90 days ahead, the records of teams that have a
scorecard standing in the public lists (stored_scores/listing.py stands_in_lists:
published, current and verified), or whose next year started from one: the
same bar a scorecard meets before the directory lists it. Ended agreements
and notes are never listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from assessment.extensions import db
from assessment.models import Agreement, Assessment, Jurisdiction
from assessment.stored_scores.listing import stands_in_lists

from .records import NOTICE_DAYS_MAX, agreements_for

PUBLIC_DAYS_AHEAD = 90


def today() -> date:
    """The server's calendar day (the daily command runs on it, from cron)."""
    return date.today()


@dataclass(frozen=True)
class DateToCome:
    agreement: Agreement
    notice_by: date
    days_left: int

    @property
    def place(self) -> Jurisdiction:
        return self.agreement.jurisdiction


def _to_come(agreements, on: date, days_ahead: int | None) -> list[DateToCome]:
    found = []
    for agreement in agreements:
        notice = agreement.notice_by
        if notice is None or not agreement.is_active(on) or notice < on:
            continue
        if days_ahead is not None and notice > on + timedelta(days=days_ahead):
            continue
        found.append(DateToCome(agreement, notice, (notice - on).days))
    return sorted(found, key=lambda item: (item.notice_by, item.agreement.id))


def team_dates(assessment: Assessment, on: date | None = None) -> list[DateToCome]:
    """Every notice date still to come of the records this assessment's team keeps."""
    return _to_come(agreements_for(assessment), on or today(), None)


def published_series():
    """SQL: the series whose records may be listed publicly (see the module's docstring)."""
    own = select(Assessment.series_id).where(stands_in_lists())
    source = aliased(Assessment)
    started_from = (
        select(source.series_id)
        .select_from(Assessment)
        .join(source, source.id == Assessment.carried_from_id)
        .where(stands_in_lists())
    )
    return or_(Agreement.series_id.in_(own), Agreement.series_id.in_(started_from))


def public_upcoming(on: date | None = None, days_ahead: int = PUBLIC_DAYS_AHEAD) -> list[DateToCome]:
    """Across published places: agreements whose notice date falls in the next `days_ahead` days."""
    on = on or today()
    # A coarse bound in SQL (the notice date is at most NOTICE_DAYS_MAX before the
    # renewal date), the exact one in Python: date arithmetic differs between databases.
    stmt = (
        select(Agreement)
        .join(Jurisdiction, Jurisdiction.id == Agreement.jurisdiction_id)
        .where(
            Jurisdiction.is_listed,
            published_series(),
            Agreement.renews_on >= on,
            Agreement.renews_on <= on + timedelta(days=days_ahead + NOTICE_DAYS_MAX),
            or_(Agreement.ended_on.is_(None), Agreement.ended_on > on),
        )
    )
    return _to_come(db.session.scalars(stmt).unique().all(), on, days_ahead)
