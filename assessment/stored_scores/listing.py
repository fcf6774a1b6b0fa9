"""Which publications stand in public lists, said once in SQL.

A publication stands when it is published and submitted, no newer version
of it has been published (superseded_at), nobody withdrew it (withdrawn_at),
and its publisher was verified (publishing/verification.py). The directory,
comparisons, county panels, the place page's record, the downloads and the
API list only what stands; the others stay readable at their own address.
"""

from __future__ import annotations

from sqlalchemy import and_

from assessment.models import Assessment
from assessment.models.assessments import UNVERIFIED


def public_and_current():
    """Published, and neither superseded nor withdrawn: verified or not."""
    return and_(
        Assessment.published_at.is_not(None),
        Assessment.status == "submitted",
        Assessment.superseded_at.is_(None),
        Assessment.withdrawn_at.is_(None),
    )


def stands_in_lists():
    """What the default lists show: public_and_current() and verified."""
    return and_(public_and_current(), Assessment.verification != UNVERIFIED)


def standing_unverified():
    """Public and current, but unverified: the place page's "Not verified" list,
    and what include=unverified adds to the downloads and the API."""
    return and_(public_and_current(), Assessment.verification == UNVERIFIED)
