from .accounts import User
from .assessments import Answer, Assessment, AuditEvent, Editor, Invitation
from .jurisdictions import JURISDICTION_KINDS, Jurisdiction
from .scorecard_pdfs import ScorecardPdf
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
    "ScorecardPdf",
    "User",
]
