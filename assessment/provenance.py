"""Who assessed, and when: said the same way on every page, PDF, CSV and API.

Pure: no Flask, no database. Every place that shows a score calls
describe() (templates through the `provenance` global) so a reader always
knows whether a figure is the jurisdiction's own self-assessment or an
outside organisation's independent one, and of what date.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

KIND_LABELS = {"self": "Self-assessment", "independent": "Independent assessment"}


@dataclass(frozen=True)
class Provenance:
    kind: str  # "self" or "independent"
    organisation: str | None
    day: date | None  # published, else submitted; None for a draft
    day_is: str  # "published", "submitted" or "draft"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def date_text(self) -> str:
        if self.day is None:
            return "draft, not submitted"
        return f"{self.day_is} {format_day(self.day)}"

    @property
    def text(self) -> str:
        """e.g. "Independent assessment by ACLU of Washington, published 3 March 2026"."""
        by = f" by {self.organisation}" if self.organisation else ""
        return f"{self.kind_label}{by}, {self.date_text}"

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
    return f"{day.day} {day:%B %Y}"


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
