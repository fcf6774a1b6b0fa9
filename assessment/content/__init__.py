"""The questionnaire content: read from questions/ into frozen dataclasses (model.py)."""

from assessment.content.i18n import LANGUAGES, RESERVED_OPTION_LABELS
from assessment.content.loader import check_questionnaire, load_questionnaire, load_questionnaires
from assessment.content.schema import ContentError, Problem, format_problems

__all__ = [
    "LANGUAGES",
    "RESERVED_OPTION_LABELS",
    "ContentError",
    "Problem",
    "check_questionnaire",
    "format_problems",
    "load_questionnaire",
    "load_questionnaires",
]
