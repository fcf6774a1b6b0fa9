"""The publishing area's forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length

from assessment.i18n import lazy_gettext

MAX_REASON = 1000


class ConfirmPublishForm(FlaskForm):
    checked = BooleanField(
        lazy_gettext("I have checked what becomes public, and I may publish it for this jurisdiction or organisation."),
        validators=[DataRequired(message=lazy_gettext("Tick the box to confirm you checked what becomes public."))],
    )


class WithdrawForm(FlaskForm):
    reason = TextAreaField(
        lazy_gettext("Why is it withdrawn? Readers will see this."),
        validators=[
            DataRequired(message=lazy_gettext("Say why the scorecard is withdrawn: readers will see the reason.")),
            Length(max=MAX_REASON, message=lazy_gettext("Use at most %(max)d characters.")),
        ],
    )
