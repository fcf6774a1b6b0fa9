"""What a scorecard page or PDF shows besides the Scorecard itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from assessment.models.provenance import Provenance

from ..content.model import Questionnaire
from ..i18n import DEFAULT_LANGUAGE, _
from ..scoring import JurisdictionInfo
from .wording import slug


def federal_context(questionnaire: Questionnaire, jurisdiction: JurisdictionInfo) -> list:
    """The dated federal actions that touch this jurisdiction (FederalAction), newest first."""
    return [action for action in questionnaire.federal if action.touches(jurisdiction.name, jurisdiction.state)]


@dataclass(frozen=True)
class PublishedFigures:
    version: str
    protection: float | None
    protection_level: str | None
    next_level: float | None
    next_level_level: str | None
    overall: float | None
    overall_level: str | None


@dataclass(frozen=True)
class Withdrawal:
    """A published scorecard taken down: by whom ("owner" or "moderator"), when, why."""

    by: str
    at: datetime
    reason: str


@dataclass(frozen=True)
class ScorecardContext:
    questionnaire: Questionnaire  # the content the scorecard was scored with
    year: int | None
    # Who assessed and when, e.g. "Independent assessment by ACLU of
    # Washington, submitted 3 March 2026" (assessment.models.provenance wording).
    provenance: str
    # "draft" or "submitted" for a saved assessment; None when scored from a
    # file, which has no workflow state.
    status: str | None
    # The version the answers were given with, when it differs from the one
    # used to score them (content was updated since).
    answered_with_version: str | None = None
    language: str = "en"
    # A published scorecard stored under an earlier method keeps the figures
    # it was published with (lists and downloads show them): those figures.
    published_figures: PublishedFigures | None = None
    # The method version a re-scored published scorecard was published under.
    rescored_from: str | None = None
    # A published scorecard's provenance with its verification (who checked
    # the publisher), shown near the title; None before publication.
    publication: Provenance | None = None
    # Set when the publication was withdrawn: the page and PDF say so first.
    withdrawal: Withdrawal | None = None

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    def document_title(self, jurisdiction: JurisdictionInfo) -> str:
        """In the language the PDF is rendered in (the caller sets it)."""
        place = f"{jurisdiction.name}, {jurisdiction.state}"
        if self.year:
            return _("Immigrant inclusion scorecard: %(place)s %(year)s", place=place, year=self.year)
        return _("Immigrant inclusion scorecard: %(place)s", place=place)

    def file_name(self, jurisdiction: JurisdictionInfo) -> str:
        """e.g. scorecard-king-county-wa-2026.pdf (scorecard-king-county-wa-2026-es.pdf in Spanish)"""
        parts = [jurisdiction.name, jurisdiction.state, str(self.year or "")]
        if self.language != DEFAULT_LANGUAGE:
            parts.append(self.language)
        return f"scorecard-{slug(' '.join(parts))}.pdf"
