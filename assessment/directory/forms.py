"""The directory's filters: a GET form, so every list has a shareable URL.

Shared by the directory page and GET /api/v1/scorecards, which take the
same parameters.
"""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional

from ..models import JURISDICTION_KINDS
from ..provenance import KIND_LABELS
from ..services.directory import ASSESSED_CHOICES, PAGE_SIZE, POPULATION_BANDS, SORTS, DirectoryFilters
from ..services.jurisdictions import state_choices


class DirectoryForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    q = StringField("Name", validators=[Optional(), Length(max=100)])
    state = SelectField("State", validators=[Optional()])
    kind = SelectField("Type", validators=[Optional()])
    band = SelectField("Population", validators=[Optional()])
    assessment_kind = SelectField("Assessed by", validators=[Optional()])
    year = SelectField("Year", validators=[Optional()])
    assessed = SelectField("Assessed", choices=list(ASSESSED_CHOICES.items()), validators=[Optional()])
    sort = SelectField("Sort by", choices=list(SORTS.items()), default="name", validators=[Optional()])
    page = IntegerField("Page", default=1, validators=[Optional(), NumberRange(min=1, max=100_000)])

    def __init__(self, *args, years: list[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.state.choices = [("", "Any state"), *state_choices()]
        self.kind.choices = [("", "Any type"), *JURISDICTION_KINDS.items()]
        self.band.choices = [("", "Any population"), *((ident, label) for ident, label, _, _ in POPULATION_BANDS)]
        self.assessment_kind.choices = [("", "Either kind of assessment"), *KIND_LABELS.items()]
        year_values = sorted(set(years) | ({int(self.year.data)} if (self.year.data or "").isdigit() else set()), reverse=True)
        self.year.choices = [("", "Latest published"), *((str(y), str(y)) for y in year_values)]

    def filters(self, per_page: int = PAGE_SIZE) -> DirectoryFilters:
        """The filters; call after validate() (invalid fields fall back to no filter)."""
        year = self.year.data if (self.year.data or "").isdigit() else None
        return DirectoryFilters(
            q=(self.q.data or "").strip(),
            state=self.state.data or None,
            kind=self.kind.data or None,
            band=self.band.data or None,
            assessment_kind=self.assessment_kind.data or None,
            year=int(year) if year else None,
            assessed=self.assessed.data or "",
            sort=self.sort.data or "name",
            page=self.page.data or 1,
            per_page=per_page,
        )
