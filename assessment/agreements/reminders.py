"""Reminders mailed to the owners before an agreement's notice date.

`flask --app wsgi agreements send-reminders`, run once a day (cron), mails the
owners of the series that keeps a record AGREEMENT_REMINDER_DAYS days (default
30) before its notice date; a day the command did not run is caught up on the
next run, until the notice date itself. Each record's notice date gets one
reminder: the row in agreement_reminder is written first, in the same
transaction as the sending, and its unique key stops a second run (or two runs
at once) from sending again. If no mail could be sent, nothing is recorded and
the next run tries again. A changed renewal date is a new notice date, and so
gets its own reminder.

The owners' language is not known, so the message is in English and in Spanish.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app, url_for
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from assessment.extensions import db
from assessment.i18n import _, in_language
from assessment.mail import send_mail
from assessment.models import Agreement, AgreementReminder, Editor, User
from assessment.web.templating import day_text

from .records import NOTICE_DAYS_MAX


@dataclass
class ReminderRun:
    sent: list[tuple[int, list[str]]] = field(default_factory=list)  # (agreement id, addresses)
    failed: list[int] = field(default_factory=list)  # agreement ids: no mail went, tried again next run
    no_owner: list[int] = field(default_factory=list)  # no owner with a confirmed address


def lead_days() -> int:
    return int(current_app.config.get("AGREEMENT_REMINDER_DAYS", 30))


def due(on: date, days_before: int) -> list[Agreement]:
    """Records whose reminder is due on `on` and not yet sent for their notice date."""
    stmt = select(Agreement).where(
        Agreement.renews_on.is_not(None),
        Agreement.renews_on >= on,
        Agreement.renews_on <= on + timedelta(days=days_before + NOTICE_DAYS_MAX),
        or_(Agreement.ended_on.is_(None), Agreement.ended_on > on),
    )
    found = []
    for agreement in db.session.scalars(stmt).unique():
        notice = agreement.notice_by
        if not (notice - timedelta(days=days_before) <= on <= notice):
            continue
        if any(reminder.notice_by == notice for reminder in agreement.reminders):
            continue
        found.append(agreement)
    return sorted(found, key=lambda a: (a.notice_by, a.id))


def owner_addresses(series_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(User.email)
            .join(Editor, Editor.user_id == User.id)
            .where(
                Editor.assessment_id == series_id,
                Editor.role == "owner",
                User.email_confirmed_at.is_not(None),
                User.suspended_at.is_(None),
            )
            .order_by(User.email)
        )
    )


def _texts(agreement: Agreement, on: date, link: str) -> dict:
    """The message's parts in the current language."""

    notice = agreement.notice_by
    return {
        "subject": _(
            "Notice date in %(days)s days: %(agreement)s, %(place)s",
            days=(notice - on).days,
            agreement=agreement.kind_label,
            place=agreement.jurisdiction.display_name,
        ),
        "lines": [
            _(
                "The %(agreement)s of %(place)s with %(counterparty)s ends or renews on %(renews)s.",
                agreement=agreement.kind_label,
                place=agreement.jurisdiction.display_name,
                counterparty=agreement.counterparty,
                renews=day_text(agreement.renews_on),
            ),
            _(
                "To end it or not renew it, notice must be given by %(notice)s (%(days)s days of notice, as your team "
                "recorded it).",
                notice=day_text(notice),
                days=agreement.notice_days or 0,
            ),
            _("Check the dates in the agreement itself with your attorney: this reminder is not legal advice."),
            _("Your team's record:"),
        ],
        "link": link,
        "footer": _(
            "You get this because you are an owner of this place's assessment on the Immigrant Inclusion "
            "Scorecard. Each notice date gets one reminder."
        ),
    }


def _send_one(agreement: Agreement, on: date, addresses: list[str]) -> list[str]:
    link = url_for("agreements.index", assessment_id=agreement.series_id, _external=True)
    with in_language("en"):
        english = _texts(agreement, on, link)
    with in_language("es"):
        spanish = _texts(agreement, on, link)
    subject = f"{english['subject']} / {spanish['subject']}"
    return [
        address
        for address in addresses
        if send_mail(address, subject, "agreement_reminder", english=english, spanish=spanish)
    ]


def send_reminders(on: date, days_before: int | None = None) -> ReminderRun:
    """Send what is due on `on`; commits once per record, so a failure later loses nothing sent."""
    days_before = lead_days() if days_before is None else days_before
    run = ReminderRun()
    for agreement_id in [a.id for a in due(on, days_before)]:
        agreement = db.session.get(Agreement, agreement_id)
        addresses = owner_addresses(agreement.series_id)
        if not addresses:
            run.no_owner.append(agreement_id)
            continue
        reminder = AgreementReminder(agreement_id=agreement_id, notice_by=agreement.notice_by, recipients=addresses)
        db.session.add(reminder)
        try:
            db.session.flush()  # claims this notice date before any mail goes
        except IntegrityError:
            db.session.rollback()  # another run sent it meanwhile
            continue
        delivered = _send_one(agreement, on, addresses)
        if not delivered:
            db.session.rollback()
            run.failed.append(agreement_id)
            continue
        reminder.recipients = delivered
        db.session.commit()
        run.sent.append((agreement_id, delivered))
    return run
