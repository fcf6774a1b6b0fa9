from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..i18n import lazy_gettext as _l

NOTE_MAX = 2000


class ActionForm(FlaskForm):
    """One moderator action: a CSRF token and, for most, a note."""

    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=NOTE_MAX)])


class MergeForm(ActionForm):
    into = IntegerField(
        _l("Number of the place to merge into"),
        validators=[DataRequired(_l("Enter the number of the place to merge into."))],
    )


class WithdrawForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason, shown to every reader"),
        validators=[
            DataRequired(_l("Say why the scorecard is withdrawn: readers will see the reason.")),
            Length(max=NOTE_MAX),
        ],
    )


class AccountSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    email = StringField(_l("Email address"), validators=[Optional(), Length(max=254)])
