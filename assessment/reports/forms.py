from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from assessment.reports.operations import DETAILS_MAX, EMAIL_MAX, REPLY_MAX, REPORT_REASONS

from ..i18n import _
from ..i18n import lazy_gettext as _l


class ReportForm(FlaskForm):
    reason = RadioField(
        _l("What is wrong?"), choices=list(REPORT_REASONS), validators=[DataRequired(_l("Choose what is wrong."))]
    )
    details = TextAreaField(
        _l("Details"),
        description=_l("What is wrong, and how do you know? A moderator reads this."),
        validators=[DataRequired(_l("Say what is wrong, so a moderator can check it.")), Length(max=DETAILS_MAX)],
    )
    email = StringField(
        _l("Your email address (optional)"),
        description=_l("Only if you want an answer. Only the moderators see it."),
        validators=[Optional(), Length(max=EMAIL_MAX)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = [SelectChoice(key, _(label)) for key, label in REPORT_REASONS.items()]


class ReplyForm(FlaskForm):
    reply = TextAreaField(_l("Your reply"), validators=[DataRequired(_l("Write your reply.")), Length(max=REPLY_MAX)])
