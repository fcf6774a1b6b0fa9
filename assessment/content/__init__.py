"""The questionnaire content: read from questions/ into frozen dataclasses (model.py)."""
from assessment.content.loader import check_questionnaire, load_questionnaire
from assessment.content.schema import ContentError, Problem, format_problems

__all__ = ["ContentError", "Problem", "check_questionnaire", "format_problems", "load_questionnaire"]
