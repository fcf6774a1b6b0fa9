from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from assessment.jurisdictions.places import state_choices
from assessment.survey.operations import latest_assessable_year

from ..i18n import _
from ..i18n import lazy_gettext as _l
from ..models import JURISDICTION_KINDS
from ..models.jurisdictions import kind_label

# Kinds a user can add; counties last (every county is in the directory already).
ADDABLE_KIND_IDS = [k for k in JURISDICTION_KINDS if k != "county"] + ["county"]


def addable_kinds() -> list[SelectChoice]:
    return [SelectChoice(kind, kind_label(kind)) for kind in ADDABLE_KIND_IDS]


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Name of your city or county"), validators=[Optional(), Length(max=100)])
    state = SelectField(_l("State"), choices=[SelectChoice("", _l("Any state"))], validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.state.choices = [SelectChoice("", _("Any state")), *(SelectChoice(*state) for state in state_choices())]


class AddJurisdictionForm(FlaskForm):
    name = StringField(
        _l("Name"),
        description=_l("As it is officially written, for example “Village of Skokie” or “Skokie”."),
        validators=[
            DataRequired(_l("Enter the name.")),
            Length(min=2, max=200, message=_l("Use between 2 and 200 characters.")),
        ],
    )
    state = SelectField(_l("State"), validators=[DataRequired(_l("Choose a state."))])
    kind = RadioField(
        _l("Kind of local government"),
        choices=ADDABLE_KIND_IDS,
        validators=[DataRequired(_l("Choose the kind of local government."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.state.choices = [
            SelectChoice("", _("Choose a state")),
            *(SelectChoice(*state) for state in state_choices()),
        ]
        self.kind.choices = addable_kinds()


def year_choices() -> list[SelectChoice]:
    """This year and the six before it; never a future year (RT-03)."""
    this_year = latest_assessable_year()
    return [SelectChoice(str(y)) for y in range(this_year, this_year - 7, -1)]


class StartAssessmentForm(FlaskForm):
    year = SelectField(_l("Year of the assessment"), validators=[DataRequired(_l("Choose a year."))])
    kind = RadioField(
        _l("Who is assessing?"),
        choices=[
            SelectChoice("self", _l("We are this jurisdiction (a self-assessment)")),
            SelectChoice(
                "independent",
                _l("We are an outside organisation scoring from public information (an independent assessment)"),
            ),
        ],
        default="self",
        validators=[DataRequired(_l("Choose who is assessing."))],
    )
    organisation = StringField(
        _l("Your organisation"),
        description=_l("Shown with an independent assessment's scores."),
        validators=[Optional(), Length(max=200)],
    )
    # Next year starts from last year (assessment/carryover/): on unless unticked.
    carry_forward = BooleanField(
        _l("Start from my latest earlier year's answers, if I have one: each is marked for you to confirm or change"),
        default=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.year.choices = year_choices()
        if not self.year.data:
            self.year.data = str(date.today().year)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.kind.data == "independent" and not (self.organisation.data or "").strip():
            self.organisation.errors = [
                *self.organisation.errors,
                _("Name the organisation making the independent assessment."),
            ]
            ok = False
        return ok
