"""The form for one lever page, built at run time from the questionnaire.

Field names: `<question id>` (the answer), `<question id>__reason` (why it
does not apply), `<question id>__url`, `__citation`, `__note` (evidence).
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from assessment.content.current import questionnaire
from assessment.scoring.answers import (
    EVIDENCE_CHOICES,
    EVIDENCE_LIMITS,
    MAX_REASON_CHARS,
    evidence_choices,
    url_problems,
)

from ..content.model import DONT_KNOW, Question
from ..i18n import _, reserved_label

NOT_APPLICABLE = "not_applicable"
EVIDENCE_FIELDS = ("url", "citation", "note", "shows", "durability", "internal")
# The value a ticked "keep this note internal" box sends.
INTERNAL = "yes"
# One set of limits for the form, scoring, the answers file and imports.
LIMITS = {"reason": MAX_REASON_CHARS, **EVIDENCE_LIMITS}
SPECIAL_CHOICE_IDS = (DONT_KNOW, NOT_APPLICABLE)


def special_choices(question: Question) -> list[tuple[str, str]]:
    """The choices the app adds to a question, in the agreed wording of the
    current language (content.RESERVED_OPTION_LABELS): "don't know yet"
    always, "does not apply here" only where the question lists conditions."""
    return [
        (choice, reserved_label(choice))
        for choice in SPECIAL_CHOICE_IDS
        if choice != NOT_APPLICABLE or question.not_applicable_when
    ]


def evidence_labels() -> dict[str, str]:
    """The labels of the evidence fields, in the current language."""
    return {
        "url": _("Link to the document"),
        "citation": _("Citation (ordinance or policy number, date)"),
        "note": _("Note (published with the scorecard unless you keep it internal)"),
        "shows": _("What this evidence shows"),
        "durability": _("How the protection is written down"),
        "internal": _("Keep this note internal: only the people working on this assessment see it"),
    }


def evidence_url_problem(url: str) -> str | None:
    """The same rule the scorecard applies before it shows a link (answers.url_problems):
    http(s) with a host, no spaces, control characters, backslashes or user@ part."""
    if url_problems(url.strip()):
        return _("Give a web address that starts with http:// or https://, without spaces, or leave it empty.")
    return None


class LeverForm(FlaskForm):
    # An explicit (never shown) label: without one WTForms translates a default
    # label, and loading its message catalog for that cost every save a few
    # hundred microseconds.
    revision = HiddenField(label="")

    def bind_questions(self, questions: list[Question]) -> None:
        self.questions = questions

    def question_fields(self, question: Question) -> dict:
        return {
            "answer": self[question.id],
            "reason": self[f"{question.id}__reason"],
            "url": self[f"{question.id}__url"],
            "citation": self[f"{question.id}__citation"],
            "note": self[f"{question.id}__note"],
            "shows": self[f"{question.id}__shows"],
            "durability": self[f"{question.id}__durability"],
            "internal": self[f"{question.id}__internal"],
        }

    def field_names(self) -> set[str]:
        return {name for name in self._fields}

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for question in self.questions:
            fields = self.question_fields(question)
            answer = fields["answer"]
            allowed = set(question.option_ids) | {choice for choice, _label in special_choices(question)}
            chosen = answer.data if isinstance(answer.data, list) else ([answer.data] if answer.data else [])
            unknown = [c for c in chosen if c not in allowed]
            if unknown:
                answer.errors = [
                    *answer.errors,
                    _(
                        "“%(answer)s” is not one of the answers to this question. Choose from the list.",
                        answer=unknown[0][:40],
                    ),
                ]
                ok = False
                continue
            special = [c for c in chosen if c in (DONT_KNOW, NOT_APPLICABLE)]
            exclusive = special + [c for c in chosen if question.option(c) and question.option(c).exclusive]
            if len(chosen) > 1 and exclusive:
                answer.errors = [
                    *answer.errors,
                    _(
                        "“%(answer)s” cannot be combined with other answers. Choose one or the other.",
                        answer=_label(question, exclusive[0]),
                    ),
                ]
                ok = False
            if NOT_APPLICABLE in chosen and question.condition((fields["reason"].data or "").strip()) is None:
                fields["reason"].errors = [
                    *fields["reason"].errors,
                    _("Choose the condition that makes this question not apply here."),
                ]
                ok = False
            for name in EVIDENCE_CHOICES:
                picked = (fields[name].data or "").strip()
                if picked and picked not in evidence_choices(questionnaire(), name):
                    fields[name].errors = [
                        *fields[name].errors,
                        _("Choose one of the answers in the list, or leave it empty."),
                    ]
                    ok = False
            url = (fields["url"].data or "").strip()
            if url:
                problem = evidence_url_problem(url)
                if problem:
                    fields["url"].errors = [*fields["url"].errors, problem]
                    ok = False
        return ok

    def submitted_answers(self) -> dict[str, dict]:
        """Question id -> {"value", "evidence"} in the answers vocabulary."""
        result = {}
        for question in self.questions:
            fields = self.question_fields(question)
            data = fields["answer"].data
            chosen = [c for c in data if c] if isinstance(data, list) else ([data] if data else [])
            if NOT_APPLICABLE in chosen:
                value = {NOT_APPLICABLE: fields["reason"].data.strip()}
            elif DONT_KNOW in chosen:
                value = DONT_KNOW
            elif not chosen:
                value = None
            elif question.kind == "multi":
                value = sorted(set(chosen))
            else:
                value = chosen[0]
            evidence = {name: (fields[name].data or "").strip() for name in EVIDENCE_FIELDS}
            if evidence["internal"] != INTERNAL or not evidence["note"]:
                evidence["internal"] = ""  # only a note can be internal
            result[question.id] = {"value": value, "evidence": {k: v for k, v in evidence.items() if v}}
        return result


def _label(question: Question, choice: str) -> str:
    if choice in SPECIAL_CHOICE_IDS:
        return reserved_label(choice)
    option = question.option(choice)
    return option.label if option else choice


def build_lever_form(questions: list[Question], formdata=None, saved: dict | None = None) -> LeverForm:
    """A form for these questions; `saved` (question id -> Answer) fills it when not posting."""
    attributes = {}
    labels = evidence_labels()

    def at_most(limit: int) -> str:
        return _("Use at most %(count)s characters.", count=limit)

    for question in questions:
        choices = [SelectChoice(o.id, o.label) for o in question.options] + [
            SelectChoice(*c) for c in special_choices(question)
        ]
        if question.kind == "multi":
            attributes[question.id] = SelectMultipleField(question.prompt, choices=choices, validate_choice=False)
        else:
            attributes[question.id] = RadioField(
                question.prompt, choices=choices, validate_choice=False, validators=[Optional()]
            )
        # The condition's id, chosen from the question's list (survey/_question.html).
        attributes[f"{question.id}__reason"] = StringField(
            _("Why does this not apply here?"),
            validators=[Optional(), Length(max=LIMITS["reason"], message=at_most(LIMITS["reason"]))],
        )
        attributes[f"{question.id}__url"] = StringField(
            labels["url"], validators=[Optional(), Length(max=LIMITS["url"], message=at_most(LIMITS["url"]))]
        )
        attributes[f"{question.id}__citation"] = StringField(
            labels["citation"],
            validators=[Optional(), Length(max=LIMITS["citation"], message=at_most(LIMITS["citation"]))],
        )
        attributes[f"{question.id}__note"] = TextAreaField(
            labels["note"], validators=[Optional(), Length(max=LIMITS["note"], message=at_most(LIMITS["note"]))]
        )
        # A checkbox: INTERNAL when ticked; anything else counts as not ticked.
        attributes[f"{question.id}__internal"] = StringField(labels["internal"], validators=[Optional()])
        # Ids chosen from the content's lists (survey/_question.html), checked in LeverForm.validate.
        for name in EVIDENCE_CHOICES:
            attributes[f"{question.id}__{name}"] = StringField(labels[name], validators=[Optional()])
    form_class = type("BoundLeverForm", (LeverForm,), attributes)
    data = saved_form_data(questions, saved) if formdata is None and saved else {}
    form = form_class(formdata=formdata, data=data) if formdata is not None else form_class(data=data)
    form.bind_questions(questions)
    return form


def saved_form_data(questions: list[Question], saved: dict) -> dict:
    """Field name -> value of the saved answers (question id -> Answer), as the page shows them."""
    data = {}
    for question in questions:
        answer = saved.get(question.id)
        if answer is None:
            continue
        value = answer.value
        if isinstance(value, dict) and NOT_APPLICABLE in value:
            data[question.id] = [NOT_APPLICABLE] if question.kind == "multi" else NOT_APPLICABLE
            data[f"{question.id}__reason"] = value[NOT_APPLICABLE]
        elif value == DONT_KNOW and question.kind == "multi":
            data[question.id] = [DONT_KNOW]
        elif value is not None:
            data[question.id] = value
        data[f"{question.id}__url"] = answer.evidence_url or ""
        data[f"{question.id}__citation"] = answer.evidence_citation or ""
        data[f"{question.id}__note"] = answer.evidence_note or ""
        data[f"{question.id}__shows"] = answer.evidence_shows or ""
        data[f"{question.id}__durability"] = answer.evidence_durability or ""
        data[f"{question.id}__internal"] = INTERNAL if getattr(answer, "note_internal", False) else ""
    return data
