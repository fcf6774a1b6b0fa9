"""Agreements with ICE and the U.S. Marshals Service that a jurisdiction's team records.

ICE's own list of 287(g) agreements keeps no history and no renewal dates
(product-anchors-2026.md, part 2), so the team keeps its own record: what was
signed, with whom, when it ends or renews, and how much notice ending it takes.
A record belongs to the assessment series whose team keeps it (series_id, as
for Editor rows) and is evidence for the 287(g) and detention-contract answers.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..extensions import db
from ..i18n import N_, _
from ._common import utcnow

# 287(g) models first, then the jail contracts; the label says what each is in plain words.
AGREEMENT_KINDS = {
    "287g_task_force": N_("287(g) agreement: Task Force (officers make immigration arrests on the street)"),
    "287g_jail_enforcement": N_("287(g) agreement: Jail Enforcement (officers screen people in the jail for ICE)"),
    "287g_warrant_service_officer": N_(
        "287(g) agreement: Warrant Service Officer (officers serve ICE warrants in the jail)"
    ),
    "igsa": N_("Jail contract with ICE: intergovernmental service agreement (IGSA)"),
    "usms_iga_ice": N_("U.S. Marshals Service agreement (IGA) that lets ICE use the jail"),
}
KINDS_287G = ("287g_task_force", "287g_jail_enforcement", "287g_warrant_service_officer")
JAIL_CONTRACT_KINDS = ("igsa", "usms_iga_ice")
# What happens on the end-or-renewal date unless someone acts.
RENEWAL_TERMS = {
    "renews": N_("It renews by itself unless notice is given"),
    "ends": N_("It ends unless it is renewed"),
}


class Agreement(db.Model):
    __tablename__ = "agreement"

    id = db.Column(db.Integer, primary_key=True)
    # The series whose team keeps this record (roles are per series, access.series_of).
    series_id = db.Column(db.Integer, db.ForeignKey("assessment.id"), nullable=False, index=True)
    jurisdiction_id = db.Column(db.Integer, db.ForeignKey("jurisdiction.id"), nullable=False, index=True)
    kind = db.Column(db.String(40), nullable=False)
    counterparty = db.Column(db.String(200), nullable=False)
    signed_on = db.Column(db.Date)
    # The date the term ends or the agreement renews; none for an agreement without an end date.
    renews_on = db.Column(db.Date, index=True)
    renewal = db.Column(db.String(10), nullable=False, default="renews", server_default="renews")
    # Days of notice needed to end it or not renew it; none recorded counts as none needed.
    notice_days = db.Column(db.Integer)
    approved_by = db.Column(db.String(200))
    vote_on = db.Column(db.Date)
    document_url = db.Column(db.String(2000))
    # For the team: never on the public page.
    notes = db.Column(db.Text)
    # Set when the agreement was ended or not renewed: kept as history, no longer watched.
    ended_on = db.Column(db.Date)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))

    jurisdiction = db.relationship("Jurisdiction", lazy="joined")
    reminders = db.relationship("AgreementReminder", back_populates="agreement", cascade="all, delete-orphan")

    @property
    def kind_label(self) -> str:
        return _(AGREEMENT_KINDS[self.kind]) if self.kind in AGREEMENT_KINDS else self.kind

    @property
    def is_287g(self) -> bool:
        return self.kind in KINDS_287G

    @property
    def renewal_label(self) -> str:
        return _(RENEWAL_TERMS[self.renewal]) if self.renewal in RENEWAL_TERMS else self.renewal

    @property
    def notice_by(self) -> date | None:
        """The notice date: the end-or-renewal date minus the notice period.

        Notice of ending or not renewing must be given by this day, so the
        window to act opens here for anyone who has not acted yet; the brief
        and the reminders call it the day the notice window opens.
        """
        if self.renews_on is None:
            return None
        return self.renews_on - timedelta(days=self.notice_days or 0)

    def is_active(self, today: date) -> bool:
        return self.ended_on is None or self.ended_on > today


class AgreementReminder(db.Model):
    """One reminder mailed for one agreement's notice date: the command never sends it twice."""

    __tablename__ = "agreement_reminder"
    __table_args__ = (db.UniqueConstraint("agreement_id", "notice_by", name="uq_agreement_reminder_agreement_notice"),)

    id = db.Column(db.Integer, primary_key=True)
    agreement_id = db.Column(db.Integer, db.ForeignKey("agreement.id"), nullable=False)
    notice_by = db.Column(db.Date, nullable=False)
    sent_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # The addresses it went to, for the record.
    recipients = db.Column(db.JSON, nullable=False)

    agreement = db.relationship("Agreement", back_populates="reminders")
