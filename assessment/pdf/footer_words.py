"""The words of the PDF's page footers, in the PDF's language.

static/css/pdf.css writes its footers (@page margin boxes) in English. For
another language assessment/pdf/render.py adds a stylesheet restating those margin
boxes with the translated words (footer_rules()), keeping pdf.css the one
place for the footers' layout.
"""

from __future__ import annotations

import re

from assessment.i18n import DEFAULT_LANGUAGE, _, current_language

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def css_quote(text: str) -> str:
    """A CSS string (< and > escaped too, so it is also safe inside a <style> element)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return '"' + escaped.replace("<", "\\3c ").replace(">", "\\3e ") + '"'


def css_content(message: str, **expressions: str) -> str:
    """A translated message as a CSS `content` value: its text quoted, and each
    %(name)s replaced by the CSS expression given (counter(page), string(version))."""
    parts = _PLACEHOLDER.split(message)
    values = [expressions[part] if n % 2 else css_quote(part) for n, part in enumerate(parts) if part]
    return " ".join(values)


def footer_rules(methodology: bool = False) -> str:
    """CSS restating pdf.css's footers in the current language ("" in English)."""
    if current_language() == DEFAULT_LANGUAGE:
        return ""
    counters = {"page": "counter(page)", "pages": "counter(pages)"}
    version = css_content(_("Questionnaire version %(version)s"), version="string(version)")
    page = css_content(_("Page %(page)s of %(pages)s"), **counters)
    rules = f"@page {{ @bottom-left {{ content: {version}; }} @bottom-right {{ content: {page}; }} }}"
    if methodology:
        title = css_content(_("How scores are computed"))
        rules += f" @page appendix {{ @bottom-center {{ content: {title}; }} }}"
    return rules
