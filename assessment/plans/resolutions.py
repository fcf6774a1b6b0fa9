"""Draft resolutions from the content's templates (Recommendation.resolution).

A template names only the placeholders of RESOLUTION_PLACEHOLDERS ({jurisdiction},
{body}); the loader refuses any other. They are filled in one pass by a regular
expression, never by str.format (which would read attributes and indexes), and
what fills them is plain text: the pages, the PDF and the Word document escape it.
"""

from __future__ import annotations

from assessment.content.model import RESOLUTION_PLACEHOLDER


def fill_resolution(template: str | None, jurisdiction: str, body: str) -> str | None:
    if not template:
        return None
    values = {"jurisdiction": jurisdiction, "body": body}
    return RESOLUTION_PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)
