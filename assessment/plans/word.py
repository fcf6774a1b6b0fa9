"""The plan memo as a Word document (python-docx) that a clerk can edit before
it goes on an agenda: the same parts, in the same order, as the PDF memo."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from assessment.i18n import _, in_language
from assessment.plans.memo import disclaimer, memo_subject
from assessment.plans.reading import PlanEntry, PlanView
from assessment.plans.signoffs import cleared_reason
from assessment.web.templating import day_text


def _law_text(law) -> str:
    parts = [law["jurisdiction"]] + [str(part) for part in (law.get("identifier"), law.get("year")) if part]
    text = f"{law['title']} ({', '.join(parts)})"
    return f"{text}: {law['url']}" if law.get("url") else text


def _facts(entry: PlanEntry) -> str:
    item = entry.item
    facts = [
        _("Status: %(status)s", status=entry.status_label),
        _("Target date: %(date)s", date=day_text(item.target_date) if item.target_date else _("Not set")),
        _("Who carries it: %(name)s", name=entry.assignee or _("Nobody yet")),
    ]
    if item.budget_note:
        facts.append(_("Budget: %(note)s", note=item.budget_note))
    return " · ".join(facts)


def _entry(document, entry: PlanEntry, number: int) -> None:
    document.add_heading(f"{number}. {entry.action}", level=3)
    document.add_paragraph(
        entry.lever.title + (" · " + _("Core protection") if entry.item.core else "") + " · " + _facts(entry)
    )
    question = document.add_paragraph()
    question.add_run(_("The scorecard's question:") + " ").bold = True
    question.add_run(entry.question.prompt)
    for law in entry.model_laws:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(_("Model law:") + " ").bold = True
        paragraph.add_run(_law_text(law))
    if entry.resolution:
        heading = document.add_paragraph()
        heading.add_run(_("Draft resolution") + " ").bold = True
        heading.add_run(_("(a starting point for your attorney, not legal advice)"))
        document.add_paragraph(entry.resolution, style="Quote")


def memo_docx(view: PlanView, language: str, today: date) -> bytes:
    with in_language(language):
        # Imported here: python-docx and lxml are 3 MB in every web worker, for a
        # download few officials ask for.
        from docx import Document
        from docx.shared import Pt

        document = Document()
        document.styles["Normal"].font.size = Pt(10.5)
        document.core_properties.title = memo_subject(view)
        document.core_properties.language = language
        document.add_heading(memo_subject(view), level=1)
        document.add_paragraph(_("Date: %(date)s", date=day_text(today)))
        note = document.add_paragraph()
        note.add_run(disclaimer()).bold = True
        document.add_paragraph(_("Scores: %(scores)s", scores=view.scores_line()))
        signed = view.signed_sections
        if signed:
            document.add_heading(_("Sections signed off"), level=2)
            for section in signed:
                row = section.standing or section.cleared
                text = (
                    _(
                        "reviewed by %(name)s, %(title)s, on %(date)s.",
                        name=row.reviewer_name,
                        title=row.reviewer_title,
                        date=day_text(row.reviewed_on),
                    )
                    if section.standing
                    else _cleared_text(row)
                )
                document.add_paragraph(f"{section.lever.title}: {text}", style="List Bullet")
        number = 0
        for group in view.groups:
            document.add_heading(_("For: %(body)s", body=group.decider), level=2)
            for entry in group.entries:
                number += 1
                _entry(document, entry, number)
        if not view.entries:
            document.add_paragraph(_("No gaps: every question that counts earns its full points."))
        document.add_paragraph(disclaimer())
        out = BytesIO()
        document.save(out)
        return out.getvalue()


def _cleared_text(row) -> str:

    return cleared_reason(row)
