"""Recording agreements: who may, which records an assessment shows, and the changes.

A record belongs to the series whose team keeps it (Agreement.series_id). A
new year's assessment started from an earlier year's (assessment/carryover/)
keeps watching the earlier year's records: an assessment's records are those
of its series and of the series it was carried from, year before year. The
team of the new year may change them too, since only someone who could edit
the earlier year could start from it.

Like the other services, nothing here commits: the view does, once.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from assessment.extensions import db
from assessment.i18n import _
from assessment.models import Agreement, Assessment
from assessment.models._common import utcnow
from assessment.models.agreements import AGREEMENT_KINDS, RENEWAL_TERMS
from assessment.survey.operations import _audit
from assessment.web.access import series_of

COUNTERPARTY_MAX = 200
APPROVED_BY_MAX = 200
URL_MAX = 2000
NOTES_MAX = 4000
NOTICE_DAYS_MAX = 3650
# A lineage longer than this is a data problem, not a history to walk.
MAX_YEARS_BACK = 30
# The fields a form hands over, in the order of the form.
FIELDS = (
    "kind",
    "counterparty",
    "signed_on",
    "renews_on",
    "renewal",
    "notice_days",
    "approved_by",
    "vote_on",
    "document_url",
    "notes",
    "ended_on",
)


class AgreementError(ValueError):
    """Input a record cannot take; `field` names the form field it is about."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def lineage_series(assessment: Assessment) -> list[int]:
    """This assessment's series, then the series each earlier year was carried from."""
    found = [series_of(assessment)]
    while len(found) < MAX_YEARS_BACK:
        source_id = db.session.scalar(
            select(Assessment.carried_from_id)
            .where(Assessment.series_id == found[-1], Assessment.carried_from_id.is_not(None))
            .order_by(Assessment.version)
            .limit(1)
        )
        if source_id is None:
            break
        source = db.session.get(Assessment, source_id)
        if source is None or series_of(source) in found:
            break
        found.append(series_of(source))
    return found


def agreements_for(assessment: Assessment) -> list[Agreement]:
    """The records this assessment's team keeps: soonest notice date first, undated last."""
    rows = db.session.scalars(select(Agreement).where(Agreement.series_id.in_(lineage_series(assessment)))).all()
    return sorted(rows, key=lambda a: (a.notice_by is None, a.notice_by or date.max, a.id))


def agreement_of(assessment: Assessment, agreement_id: int) -> Agreement | None:
    """The record, if this assessment's team keeps it (else None: the page answers 404)."""
    agreement = db.session.get(Agreement, agreement_id)
    if agreement is None or agreement.series_id not in lineage_series(assessment):
        return None
    return agreement


def check_record(data: dict) -> None:
    """The rules a record keeps, whoever sends it (the form checks the same first)."""
    if data.get("kind") not in AGREEMENT_KINDS:
        raise AgreementError(_("Choose what kind of agreement it is."), "kind")
    if not (data.get("counterparty") or "").strip():
        raise AgreementError(
            _("Say who the agreement is with, for example ICE or the U.S. Marshals Service."), "counterparty"
        )
    if data.get("renewal") not in RENEWAL_TERMS:
        raise AgreementError(_("Choose what happens on the end or renewal date."), "renewal")
    notice = data.get("notice_days")
    if notice is not None and not (0 <= notice <= NOTICE_DAYS_MAX):
        raise AgreementError(
            _("Give the notice period in days, from 0 to %(most)s.", most=NOTICE_DAYS_MAX), "notice_days"
        )
    signed, renews, ended = data.get("signed_on"), data.get("renews_on"), data.get("ended_on")
    if signed and renews and renews <= signed:
        raise AgreementError(_("The end or renewal date must come after the signing date."), "renews_on")
    if signed and ended and ended < signed:
        raise AgreementError(_("The date it ended cannot come before the signing date."), "ended_on")
    if signed and renews and notice and renews.toordinal() - notice < signed.toordinal():
        raise AgreementError(
            _(
                "The notice period is longer than the time from signing to the end or renewal "
                "date. Check the dates and the number of days."
            ),
            "notice_days",
        )


def _summary(agreement: Agreement) -> dict:
    """What the history of changes keeps of a record."""
    return {
        "agreement": agreement.id,
        "kind": agreement.kind,
        "counterparty": agreement.counterparty,
        "renews_on": agreement.renews_on.isoformat() if agreement.renews_on else None,
        "notice_days": agreement.notice_days,
        "ended_on": agreement.ended_on.isoformat() if agreement.ended_on else None,
    }


def save_agreement(assessment: Assessment, user, data: dict, agreement: Agreement | None = None) -> Agreement:
    """Add a record to this assessment's team (agreement None) or change one it keeps."""
    check_record(data)
    before = _summary(agreement) if agreement is not None else None
    if agreement is None:
        agreement = Agreement(
            series_id=series_of(assessment), jurisdiction_id=assessment.jurisdiction_id, created_by_id=user.id
        )
        db.session.add(agreement)
    for name in FIELDS:
        value = data.get(name)
        setattr(agreement, name, value.strip() or None if isinstance(value, str) else value)
    agreement.updated_at = utcnow()
    agreement.updated_by_id = user.id
    db.session.flush()
    _audit(assessment, user, "agreement_changed" if before else "agreement_added", old=before, new=_summary(agreement))
    return agreement


def delete_agreement(assessment: Assessment, user, agreement: Agreement) -> None:
    _audit(assessment, user, "agreement_removed", old=_summary(agreement))
    db.session.delete(agreement)
