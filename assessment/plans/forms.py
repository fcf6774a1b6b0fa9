"""The plan's forms. Every POST carries the CSRF token (Flask-WTF)."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, SelectMultipleField, StringField, ValidationError
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget

from assessment.i18n import lazy_gettext
from assessment.models import PLAN_STATUSES
from assessment.plans.editing import LIMITS, STATUS_LABELS


def parse_day(text: str | None) -> date | None:
    """ "2027-03-31" (what a date field sends) -> a date; "" -> None; anything else raises ValueError."""
    text = (text or "").strip()
    return date.fromisoformat(text) if text else None


class DayField(StringField):
    """A date typed or picked as YYYY-MM-DD; a clear message, never a 500, for anything else."""

    def pre_validate(self, form) -> None:
        try:
            parse_day(self.data)
        except ValueError:
            raise ValidationError(lazy_gettext("Give the date as year-month-day, like 2027-03-31.")) from None

    @property
    def day(self) -> date | None:
        try:
            return parse_day(self.data)
        except ValueError:
            return None


class ItemForm(FlaskForm):
    decider_name = StringField(
        lazy_gettext("Who decides"),
        validators=[Length(max=LIMITS["decider_name"])],
        description=lazy_gettext("The body that can adopt or carry out this item."),
    )
    status = SelectField(
        lazy_gettext("Status"), choices=[SelectChoice(s, lazy_gettext(STATUS_LABELS[s])) for s in PLAN_STATUSES]
    )
    target_date = DayField(lazy_gettext("Target date"))
    assignee_member = SelectField(lazy_gettext("Who carries it"), choices=[], validate_choice=False)
    assignee_name = StringField(
        lazy_gettext("Or type the name of the person carrying it"), validators=[Length(max=LIMITS["assignee_name"])]
    )
    budget_note = StringField(
        lazy_gettext("Budget note"),
        validators=[Length(max=LIMITS["budget_note"])],
        description=lazy_gettext("What it costs and where the money comes from, if known."),
    )

    def set_members(self, members) -> None:
        self.assignee_member.choices = [SelectChoice("", lazy_gettext("Nobody on the team (type a name below)"))] + [
            SelectChoice(str(m.user.id), m.user.display_name or m.user.email) for m in members
        ]

    def member_id(self) -> int | None:
        value = (self.assignee_member.data or "").strip()
        return int(value) if value.isdigit() else None


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SignOffForm(FlaskForm):
    levers = MultiCheckboxField(lazy_gettext("Sections reviewed"), choices=[], validate_choice=False)
    reviewer_name = StringField(lazy_gettext("Name of the person who reviewed them"), validators=[Length(max=200)])
    reviewer_title = StringField(
        lazy_gettext("Their title"),
        validators=[Length(max=200)],
        description=lazy_gettext("For example: Counsel to the sheriff, City attorney."),
    )
    reviewed_on = DayField(lazy_gettext("Date of the review"))
