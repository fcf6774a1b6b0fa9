from .accounts import User
from .agreements import Agreement, AgreementReminder
from .assessments import Answer, Assessment, AuditEvent, Editor, Invitation
from .jurisdictions import JURISDICTION_KINDS, Jurisdiction
from .latest_published import LatestPublished
from .pdf_jobs import ComparisonPdf, PdfJobFailure
from .plans import PLAN_STATUSES, ActionPlan, PlanItem, SectionSignOff
from .scorecard_pdfs import ScorecardPdf
from .scores import AssessmentScore
from .trust import Claim, ModerationEvent, Report

__all__ = [
    "ActionPlan",
    "Agreement",
    "AgreementReminder",
    "Answer",
    "Assessment",
    "AssessmentScore",
    "AuditEvent",
    "Claim",
    "ComparisonPdf",
    "Editor",
    "Invitation",
    "JURISDICTION_KINDS",
    "Jurisdiction",
    "LatestPublished",
    "ModerationEvent",
    "PLAN_STATUSES",
    "PdfJobFailure",
    "PlanItem",
    "Report",
    "ScorecardPdf",
    "SectionSignOff",
    "User",
]
