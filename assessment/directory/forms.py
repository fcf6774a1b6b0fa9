"""The directory's filters: a GET form, so every list has a shareable URL.

Shared by the directory page and GET /api/v1/scorecards, which take the
same parameters.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional

from assessment.directory.queries import ASSESSED_CHOICES, PAGE_SIZE, POPULATION_BANDS, SORTS, DirectoryFilters
from assessment.jurisdictions.places import state_choices
from assessment.models.provenance import KIND_LABELS
from assessment.models.provenance import kind_label as assessment_kind_label

from ..i18n import _
from ..i18n import lazy_gettext as _l
from ..models import JURISDICTION_KINDS
from ..models.jurisdictions import kind_label


class DirectoryForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    q = StringField(_l("Name"), validators=[Optional(), Length(max=100)])
    state = SelectField(_l("State"), validators=[Optional()])
    kind = SelectField(_l("Type"), validators=[Optional()])
    band = SelectField(_l("Population"), validators=[Optional()])
    assessment_kind = SelectField(_l("Assessed by"), validators=[Optional()])
    year = SelectField(_l("Year"), validators=[Optional()])
    assessed = SelectField(
        _l("Assessed"), choices=[SelectChoice(*item) for item in ASSESSED_CHOICES.items()], validators=[Optional()]
    )
    sort = SelectField(
        _l("Sort by"), choices=[SelectChoice(*item) for item in SORTS.items()], default="name", validators=[Optional()]
    )
    page = IntegerField(_l("Page"), default=1, validators=[Optional(), NumberRange(min=1, max=100_000)])

    def __init__(self, *args, years: list[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.state.choices = [SelectChoice("", _("Any state")), *(SelectChoice(*state) for state in state_choices())]
        self.kind.choices = [
            SelectChoice("", _("Any type")),
            *(SelectChoice(kind, kind_label(kind)) for kind in JURISDICTION_KINDS),
        ]
        self.band.choices = [
            SelectChoice("", _("Any population")),
            *(SelectChoice(ident, _(label)) for ident, label, _low, _high in POPULATION_BANDS),
        ]
        self.assessment_kind.choices = [
            SelectChoice("", _("Either kind of assessment")),
            *(SelectChoice(kind, assessment_kind_label(kind)) for kind in KIND_LABELS),
        ]
        year_values = sorted(
            set(years) | ({int(self.year.data)} if (self.year.data or "").isdigit() else set()), reverse=True
        )
        self.year.choices = [SelectChoice("", _("Latest published")), *(SelectChoice(str(y)) for y in year_values)]
        self.assessed.choices = [SelectChoice(value, _(label)) for value, label in ASSESSED_CHOICES.items()]
        self.sort.choices = [SelectChoice(value, _(label)) for value, label in SORTS.items()]

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
