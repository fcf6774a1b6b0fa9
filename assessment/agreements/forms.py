"""The form for one agreement record. Dates are typed or picked (YYYY-MM-DD,
or MM/DD/YYYY as many US officials write them) and read here, so a mistyped
date gets a plain message and everything typed stays on the page."""

from __future__ import annotations

from datetime import date, datetime

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from assessment.i18n import _
from assessment.i18n import lazy_gettext as _l
from assessment.models.agreements import AGREEMENT_KINDS, RENEWAL_TERMS
from assessment.survey.forms import evidence_url_problem

from .records import (
    APPROVED_BY_MAX,
    COUNTERPARTY_MAX,
    NOTES_MAX,
    NOTICE_DAYS_MAX,
    URL_MAX,
    AgreementError,
    check_record,
)

DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100
DATE_FIELDS = ("signed_on", "renews_on", "vote_on", "ended_on")


def parse_date(text: str | None) -> date | None:
    """A date typed or picked; None when empty. Raises ValueError when it is not one."""
    text = (text or "").strip()
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            found = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if EARLIEST_YEAR <= found.year <= LATEST_YEAR:
            return found
        raise ValueError(text)
    raise ValueError(text)


class AgreementForm(FlaskForm):
    kind = SelectField(
        _l("Kind of agreement"),
        validate_choice=False,
        validators=[DataRequired(_l("Choose what kind of agreement it is."))],
    )
    counterparty = StringField(
        _l("Who it is with"),
        description=_l("For example U.S. Immigration and Customs Enforcement (ICE), or the U.S. Marshals Service."),
        validators=[
            DataRequired(_l("Say who the agreement is with, for example ICE or the U.S. Marshals Service.")),
            Length(max=COUNTERPARTY_MAX),
        ],
    )
    signed_on = StringField(_l("Date it was signed"), description=_l("For example 2025-03-14."))
    renews_on = StringField(
        _l("Date it ends or renews"),
        description=_l("Leave empty if it has no end date and stays in force until ended."),
    )
    renewal = RadioField(_l("On that date"), default="renews", validate_choice=False)
    notice_days = StringField(
        _l("Notice period, in days"),
        description=_l(
            "How many days before that date notice must be given to end it or not renew it. "
            "Leave empty if the agreement names none."
        ),
    )
    approved_by = StringField(
        _l("Body that approved it"),
        description=_l("For example the county commissioners court or the city council."),
        validators=[Optional(), Length(max=APPROVED_BY_MAX)],
    )
    vote_on = StringField(_l("Date of the vote"))
    document_url = StringField(
        _l("Link to the agreement"),
        description=_l("A web address that starts with http:// or https://."),
        validators=[Optional(), Length(max=URL_MAX)],
    )
    notes = TextAreaField(
        _l("Notes"),
        description=_l("For your team only: never shown on the public page."),
        validators=[Optional(), Length(max=NOTES_MAX)],
    )
    ended_on = StringField(
        _l("Date it ended"), description=_l("Only once it was ended or not renewed. The record is kept as history.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [
            SelectChoice("", _("Choose a kind")),
            *(SelectChoice(k, _(label)) for k, label in AGREEMENT_KINDS.items()),
        ]
        self.renewal.choices = [SelectChoice(k, _(label)) for k, label in RENEWAL_TERMS.items()]

    def fill_from(self, agreement) -> None:
        """Show a saved record (GET)."""
        for name in ("kind", "counterparty", "renewal", "approved_by", "document_url", "notes"):
            getattr(self, name).data = getattr(agreement, name) or ""
        for name in DATE_FIELDS:
            value = getattr(agreement, name)
            getattr(self, name).data = value.isoformat() if value else ""
        self.notice_days.data = "" if agreement.notice_days is None else str(agreement.notice_days)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        self.record = None
        dates = {}
        for name in DATE_FIELDS:
            try:
                dates[name] = parse_date(getattr(self, name).data)
            except ValueError:
                getattr(self, name).errors = [
                    *getattr(self, name).errors,
                    _(
                        "Give a date like 2025-03-14 (year, month, day), between %(first)s and %(last)s, "
                        "or leave it empty.",
                        first=EARLIEST_YEAR,
                        last=LATEST_YEAR,
                    ),
                ]
                ok = False
        notice_text = (self.notice_days.data or "").strip()
        notice = None
        if notice_text:
            if notice_text.isdigit() and int(notice_text) <= NOTICE_DAYS_MAX:
                notice = int(notice_text)
            else:
                self.notice_days.errors = [
                    *self.notice_days.errors,
                    _("Give the notice period in days, from 0 to %(most)s.", most=NOTICE_DAYS_MAX),
                ]
                ok = False
        url = (self.document_url.data or "").strip()
        if url and (problem := evidence_url_problem(url)):
            self.document_url.errors = [*self.document_url.errors, problem]
            ok = False
        if self.renewal.data not in RENEWAL_TERMS:
            self.renewal.errors = [_("Choose what happens on the end or renewal date.")]
            ok = False
        if not ok:
            return False
        record = {
            "kind": self.kind.data,
            "counterparty": self.counterparty.data.strip(),
            "renewal": self.renewal.data,
            "notice_days": notice,
            "approved_by": (self.approved_by.data or "").strip(),
            "document_url": url,
            "notes": (self.notes.data or "").strip(),
            **dates,
        }
        try:
            check_record(record)
        except AgreementError as error:
            field = getattr(self, error.field or "kind")
            field.errors = [*field.errors, str(error)]
            return False
        self.record = record
        return True
