"""The HTML the PDFs are made from passes axe too (issue 16): the scorecard's
pages, the record of answers and the methodology, each loaded into Chromium
as the renderer gets it, with the PDF stylesheet."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assessment.i18n import in_language
from assessment.pdf.render import SCORECARD_STYLES
from assessment.scorecards.pdf import render_answers_html, render_scorecard_html
from assessment.scoring import score
from tests.unit.pdf.test_pdf import COUNTY, context_for, mixed_answers

from .a11y import assert_accessible
from .conftest import ARTIFACTS

pytestmark = pytest.mark.e2e


def _with_styles(app, html: str) -> str:
    """The PDF's own stylesheets, inlined, so axe judges the colours the PDF prints."""
    css = "".join(Path(app.static_folder, path).read_text(encoding="utf-8") for path in SCORECARD_STYLES)
    return html.replace("</head>", f"<style>{css}</style></head>", 1)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_pdfs_html_has_no_serious_accessibility_problem(app, chromium, language):
    with app.app_context():
        content = app.extensions["questionnaires"][language]
        card = score(content, COUNTY, mixed_answers(content))
        context = replace(context_for(content), language=language)
        with app.test_request_context(), in_language(language):
            from flask import render_template

            documents = {
                "scorecard": render_scorecard_html(card, context),
                "answers": render_answers_html(card, context),
                "methodology": render_template("pdf/appendix.html", questionnaire=content, language=language),
            }
    folder = ARTIFACTS / f"pdf-html-{language}"
    folder.mkdir(parents=True, exist_ok=True)
    page = chromium.new_page()
    try:
        for name, html in documents.items():
            page.set_content(_with_styles(app, html))
            assert page.locator("html").get_attribute("lang") == language, name
            assert page.locator("h1").count() >= 1, name
            assert_accessible(page, f"{name} PDF html ({language})", folder)
    finally:
        page.close()
