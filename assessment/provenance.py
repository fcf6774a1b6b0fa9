"""Who assessed, and when: said the same way on every page, PDF, CSV and API.

No database. Every place that shows a score calls describe() (templates
through the `provenance` global) so a reader always knows whether a figure
is the jurisdiction's own self-assessment or an outside organisation's
independent one, and of what date. The words are in the request's language
(English outside a request, and for the API and downloads: see i18n.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .i18n import N_, _, current_language

KIND_LABELS = {"self": N_("Self-assessment"), "independent": N_("Independent assessment")}


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


@dataclass(frozen=True)
class Provenance:
    kind: str  # "self" or "independent"
    organisation: str | None
    day: date | None  # published, else submitted; None for a draft
    day_is: str  # "published", "submitted" or "draft"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def date_text(self) -> str:
        if self.day is None:
            return _("draft, not submitted")
        if self.day_is == "published":
            return _("published %(day)s", day=format_day(self.day))
        return _("submitted %(day)s", day=format_day(self.day))

    @property
    def text(self) -> str:
        """e.g. "Independent assessment by ACLU of Washington, published 3 March 2026"."""
        if self.organisation:
            return _("%(kind)s by %(organisation)s, %(date)s", kind=self.kind_label,
                     organisation=self.organisation, date=self.date_text)
        return _("%(kind)s, %(date)s", kind=self.kind_label, date=self.date_text)

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "kind_label": self.kind_label,
            "organisation": self.organisation,
            "date": self.day.isoformat() if self.day else None,
            "date_is": self.day_is,
            "label": self.text,
        }


def format_day(day: date) -> str:
    """3 March 2026; 3 de marzo de 2026."""
    language = current_language()
    if language == "en":
        return f"{day.day} {day:%B %Y}"
    from babel.dates import format_date

    return format_date(day, "d 'de' MMMM 'de' y", locale=language)


def _as_day(value: date | datetime | None) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def describe(kind: str, organisation: str | None, published_at=None, submitted_at=None) -> Provenance:
    if published_at is not None:
        return Provenance(kind, organisation, _as_day(published_at), "published")
    if submitted_at is not None:
        return Provenance(kind, organisation, _as_day(submitted_at), "submitted")
    return Provenance(kind, organisation, None, "draft")


def describe_assessment(assessment) -> Provenance:
    """Works on an Assessment row or anything with the same attributes (a result row)."""
    return describe(assessment.kind, assessment.organisation, assessment.published_at, assessment.submitted_at)
