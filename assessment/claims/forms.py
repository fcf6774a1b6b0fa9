from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from assessment.claims.operations import HOW_TO_CHECK_MAX, ORGANISATION_MAX, TITLE_MAX

from ..i18n import lazy_gettext as _l


class OfficialClaimForm(FlaskForm):
    title = StringField(
        _l("Your job title"),
        description=_l("For example “Deputy County Executive” or “Policy analyst, Office of the Mayor”."),
        validators=[DataRequired(_l("Enter your job title.")), Length(max=TITLE_MAX)],
    )
    how_to_check = TextAreaField(
        _l("How can a moderator check that you work there?"),
        description=_l(
            "For example: the staff page of the place’s own website that lists you, the clerk’s "
            "phone number, or the name of your manager. A moderator checks it by hand."
        ),
        validators=[
            DataRequired(_l("Say how a moderator can check that you work there.")),
            Length(max=HOW_TO_CHECK_MAX),
        ],
    )


class OrganisationClaimForm(OfficialClaimForm):
    organisation = StringField(
        _l("Name of your organisation"),
        description=_l("As it is officially written."),
        validators=[DataRequired(_l("Enter the name of your organisation.")), Length(max=ORGANISATION_MAX)],
    )
