"""What a scorecard page or PDF shows besides the Scorecard itself."""
from __future__ import annotations

from dataclasses import dataclass

from ..content.model import Questionnaire
from ..scoring import JurisdictionInfo
from .wording import slug


@dataclass(frozen=True)
class ScorecardContext:
    questionnaire: Questionnaire  # the content the scorecard was scored with
    year: int | None
    # Who assessed and when, e.g. "Independent assessment by ACLU of
    # Washington, submitted 3 March 2026" (assessment.provenance wording).
    provenance: str
    # "draft" or "submitted" for a saved assessment; None when scored from a
    # file, which has no workflow state.
    status: str | None
    # The version the answers were given with, when it differs from the one
    # used to score them (content was updated since).
    answered_with_version: str | None = None
    language: str = "en"

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    def document_title(self, jurisdiction: JurisdictionInfo) -> str:
        year = f" {self.year}" if self.year else ""
        return f"Immigrant inclusion scorecard: {jurisdiction.name}, {jurisdiction.state}{year}"

    def file_name(self, jurisdiction: JurisdictionInfo) -> str:
        """e.g. scorecard-king-county-wa-2026.pdf"""
        parts = [jurisdiction.name, jurisdiction.state, str(self.year or "")]
        return f"scorecard-{slug(' '.join(parts))}.pdf"
