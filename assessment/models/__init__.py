from .accounts import User
from .assessments import Answer, Assessment, AuditEvent, Editor, Invitation
from .jurisdictions import JURISDICTION_KINDS, Jurisdiction
from .latest_published import LatestPublished
from .scorecard_pdfs import ScorecardPdf, ScorecardPdfRequest
from .scores import AssessmentScore

__all__ = [
    "Answer",
    "Assessment",
    "AssessmentScore",
    "AuditEvent",
    "Editor",
    "Invitation",
    "JURISDICTION_KINDS",
    "Jurisdiction",
    "LatestPublished",
    "ScorecardPdf",
    "ScorecardPdfRequest",
    "User",
]
