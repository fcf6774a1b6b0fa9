from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ..models import JURISDICTION_KINDS
from ..services.jurisdictions import state_choices

ADDABLE_KINDS = [(k, v) for k, v in JURISDICTION_KINDS.items() if k != "county"] + [("county", "County")]


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField("Name of your city or county", validators=[Optional(), Length(max=100)])
    state = SelectField("State", choices=[("", "Any state")], validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.state.choices = [("", "Any state"), *state_choices()]


class AddJurisdictionForm(FlaskForm):
    name = StringField("Name", description="As it is officially written, for example “Village of Skokie” or “Skokie”.", validators=[DataRequired("Enter the name."), Length(min=2, max=200, message="Use between 2 and 200 characters.")])
    state = SelectField("State", validators=[DataRequired("Choose a state.")])
    kind = RadioField("Kind of local government", choices=ADDABLE_KINDS, validators=[DataRequired("Choose the kind of local government.")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.state.choices = [("", "Choose a state"), *state_choices()]


def year_choices() -> list[tuple[str, str]]:
    this_year = date.today().year
    return [(str(y), str(y)) for y in range(this_year + 1, this_year - 6, -1)]


class StartAssessmentForm(FlaskForm):
    year = SelectField("Year of the assessment", validators=[DataRequired("Choose a year.")])
    kind = RadioField(
        "Who is assessing?",
        choices=[
            ("self", "We are this jurisdiction (a self-assessment)"),
            ("independent", "We are an outside organisation scoring from public information (an independent assessment)"),
        ],
        default="self",
        validators=[DataRequired("Choose who is assessing.")],
    )
    organisation = StringField("Your organisation", description="Shown with an independent assessment's scores.", validators=[Optional(), Length(max=200)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.year.choices = year_choices()
        if not self.year.data:
            self.year.data = str(date.today().year)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.kind.data == "independent" and not (self.organisation.data or "").strip():
            self.organisation.errors = [*self.organisation.errors, "Name the organisation making the independent assessment."]
            ok = False
        return ok
