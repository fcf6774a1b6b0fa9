from .accounts import User
from .agreements import Agreement, AgreementReminder
from .assessments import Answer, Assessment, AuditEvent, Editor, Invitation
from .jurisdictions import JURISDICTION_KINDS, Jurisdiction
from .latest_published import LatestPublished
from .scorecard_pdfs import ScorecardPdf, ScorecardPdfRequest
from .scores import AssessmentScore
from .trust import Claim, ModerationEvent, Report

__all__ = [
    "Agreement",
    "AgreementReminder",
    "Answer",
    "Assessment",
    "AssessmentScore",
    "AuditEvent",
    "Claim",
    "Editor",
    "Invitation",
    "JURISDICTION_KINDS",
    "Jurisdiction",
    "LatestPublished",
    "ModerationEvent",
    "Report",
    "ScorecardPdf",
    "ScorecardPdfRequest",
    "User",
]
