"""The answer vocabulary and its validation.

Shared by the web forms, the `score` command and bulk import, so that all
three refuse the same things with the same words. Pure: no Flask, no database.

An answer to one question is one of:

* an option id (str), for a single-choice question;
* a list of option ids, for a multi-choice question;
* the string "dont_know";
* {"not_applicable": "<condition id>"}, naming one of the structural conditions
  the question lists under which it does not apply (a question that lists
  none applies everywhere it is asked).

Evidence for one question is {"url", "citation", "note", "shows", "durability"},
all optional: text, and for the last two an id of the questionnaire's
evidence_kinds and durability_levels.
"""

from __future__ import annotations

# collections.abc, not typing: isinstance() against typing.Mapping costs ten
# times as much, and scoring asks it several times per question.
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from assessment.content.model import DONT_KNOW, Option, Question, Questionnaire

NOT_APPLICABLE = "not_applicable"
MAX_REASON_CHARS = 500
EVIDENCE_LIMITS = {"url": 2000, "citation": 300, "note": 4000, "shows": 40, "durability": 40}
# Evidence fields whose value is an id from the questionnaire (evidence_kinds, durability_levels).
EVIDENCE_CHOICES = ("shows", "durability")
URL_SCHEMES = ("http", "https")

# Kinds of answer, as returned by answer_kind().
OPTIONS = "options"


class InvalidAnswers(ValueError):
    """Raised by scoring when given answers or evidence that do not validate."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def _show(value: Any, limit: int = 60) -> str:
    """repr() of a value, cut short so one bad answer cannot flood a message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__


# ---------------------------------------------------------------------------
# Reading a (valid) answer


def answer_kind(value: Any) -> str:
    """DONT_KNOW, NOT_APPLICABLE or OPTIONS, for an answer that validates."""
    if value == DONT_KNOW:
        return DONT_KNOW
    if isinstance(value, Mapping):
        return NOT_APPLICABLE
    return OPTIONS


def not_applicable_reason(value: Any) -> str | None:
    """The condition id (stripped) when the answer marks the question N/A."""
    reason = value.get(NOT_APPLICABLE) if isinstance(value, Mapping) else None
    return reason.strip() if isinstance(reason, str) else None


def not_applicable(condition_id: str) -> dict[str, str]:
    """Build a not-applicable answer (keeps the key spelt in one place)."""
    return {NOT_APPLICABLE: condition_id}


def is_stale_not_applicable(question: Question, value: Any) -> bool:
    """A saved "not applicable" whose reason is not one of the question's listed
    conditions: free text from before the questionnaire listed them (2026.1).
    Kept as saved, never scored: the official is asked to answer again."""
    reason = not_applicable_reason(value)
    return reason is not None and question.condition(reason) is None


def retired_choices(question: Question, value: Any) -> tuple[str, ...]:
    """Option ids of a saved answer that the question no longer offers: a newer
    questionnaire replaced an option whose meaning changed (option ids are never
    reused). Kept as saved, never scored: the official is asked to choose again."""
    if answer_kind(value) != OPTIONS:
        return ()
    picked = [value] if isinstance(value, str) else list(value)
    return tuple(option_id for option_id in picked if question.option(option_id) is None)


def is_stale_answer(question: Question, value: Any) -> bool:
    """A saved answer the current questionnaire cannot score: a not-applicable
    reason it no longer lists, or a choice it no longer offers."""
    return is_stale_not_applicable(question, value) or bool(retired_choices(question, value))


def chosen_options(question: Question, value: Any) -> tuple[Option, ...]:
    """The options an answer picks, in the question's own order.

    Question order (not the order the user listed them) keeps labels and
    point sums identical however the answer was written down.
    """
    if answer_kind(value) != OPTIONS:
        return ()
    picked = {value} if isinstance(value, str) else set(value)
    return tuple(opt for opt in question.options if opt.id in picked)


# ---------------------------------------------------------------------------
# Best and worst answers


def best_answer(question: Question) -> str | list[str]:
    """The answer that earns the most points.

    Single: the highest-scoring option (the first one on a tie). Multi: every
    option except the exclusive "none of these" ones; when content has only
    exclusive options, the highest of those.
    """
    if question.kind == "multi":
        ids = [opt.id for opt in question.options if not opt.exclusive]
        if ids:
            return ids
        return [_highest(question.options).id]
    return _highest(question.options).id


def worst_answer(question: Question) -> str | list[str]:
    """An answer that earns the fewest points (0 for well-formed content).

    Single: the lowest-scoring option. Multi: the lowest exclusive option
    ("none of these") when there is one; otherwise every option worth
    nothing; otherwise the single lowest option.
    """
    if question.kind != "multi":
        return _lowest(question.options).id
    exclusive = [opt for opt in question.options if opt.exclusive]
    if exclusive:
        return [_lowest(exclusive).id]
    worthless = [opt.id for opt in question.options if opt.points <= 0]
    return worthless or [_lowest(question.options).id]


def _highest(options: Sequence[Option]) -> Option:
    # max() keeps the first of equal items, which makes the choice stable.
    return max(options, key=lambda opt: opt.points)


def _lowest(options: Sequence[Option]) -> Option:
    return min(options, key=lambda opt: opt.points)


# ---------------------------------------------------------------------------
# Validating answers


def validate_answers(questionnaire: Questionnaire, answers: Any) -> list[str]:
    """Every problem with a set of answers, one plain line each ([] = valid)."""
    if not isinstance(answers, Mapping):
        return [f"answers: expected a mapping of question id to answer, got {_type_name(answers)}"]
    order = {q.id: i for i, q in enumerate(questionnaire.questions())}

    def position(key: Any) -> tuple[int, str]:
        # Questionnaire order reads naturally; unknown ids go last, sorted.
        return (order.get(key, len(order)) if isinstance(key, str) else len(order), str(key))

    problems: list[str] = []
    for key in sorted(answers, key=position):
        if not isinstance(key, str):
            problems.append(f"answers: question id {_show(key)} is not text")
            continue
        question = questionnaire.question(key)
        if question is None:
            problems.append(f"answers.{key}: unknown question id")
            continue
        problems.extend(f"answers.{key}: {p}" for p in _answer_problems(question, answers[key]))
    return problems


def _answer_problems(question: Question, value: Any) -> list[str]:
    if value == DONT_KNOW:
        return []
    if isinstance(value, Mapping):
        return _not_applicable_problems(question, value)
    if isinstance(value, str):
        return _single_problems(question, value)
    if isinstance(value, (list, tuple)):
        return _multi_problems(question, list(value))
    return [
        f"{_show(value)} is not a valid answer (expected an option id, a list of option ids, "
        f"'{DONT_KNOW}' or {{'{NOT_APPLICABLE}': reason}})"
    ]


def _options_hint(question: Question) -> str:
    return f"options: {', '.join(question.option_ids)}"


def _single_problems(question: Question, value: str) -> list[str]:
    if question.kind == "multi":
        example = [value] if question.option(value) else [question.option_ids[0]]
        return [
            f"{_show(value)} is a single value but this question takes a list of option ids, "
            f"e.g. {example!r} ({_options_hint(question)})"
        ]
    if question.option(value) is None:
        return [f"{_show(value)} is not an option of this question ({_options_hint(question)})"]
    return []


def _multi_problems(question: Question, values: list[Any]) -> list[str]:
    if question.kind != "multi":
        return [f"a list was given but this question takes one option id, not a list ({_options_hint(question)})"]
    if not values:
        return [f"empty list; choose at least one option, or answer '{DONT_KNOW}' ({_options_hint(question)})"]
    problems: list[str] = []
    seen: set[str] = set()
    for value in values:
        if not isinstance(value, str):
            problems.append(f"{_show(value)} in the list is not an option id (text expected)")
        elif value == DONT_KNOW and question.option(value) is None:
            problems.append(f"'{DONT_KNOW}' cannot be combined with options; give it alone, not in a list")
        elif question.option(value) is None:
            problems.append(f"{_show(value)} is not an option of this question ({_options_hint(question)})")
        elif value in seen:
            problems.append(f"{_show(value)} is listed more than once")
        else:
            seen.add(value)
    for opt in question.options:
        if opt.exclusive and opt.id in seen and len(seen) > 1:
            problems.append(f"{opt.id!r} ({opt.label}) cannot be combined with other options")
    return problems


def conditions_hint(question: Question) -> str:
    if not question.not_applicable_when:
        return "this question lists no condition under which it does not apply, so answer it"
    return "conditions: " + "; ".join(f"{c.id} ({c.label.rstrip('.')})" for c in question.not_applicable_when)


def _not_applicable_problems(question: Question, value: Mapping[Any, Any]) -> list[str]:
    extra = sorted(str(k) for k in value if k != NOT_APPLICABLE)
    if extra:
        return [
            f"unexpected key(s) {', '.join(map(repr, extra))}; a not-applicable answer is "
            f"{{'{NOT_APPLICABLE}': condition id}} and nothing else"
        ]
    if NOT_APPLICABLE not in value:
        return [f"a mapping answer must be {{'{NOT_APPLICABLE}': condition id}}"]
    reason = value[NOT_APPLICABLE]
    if not isinstance(reason, str):
        return [f"the not-applicable condition must be text, got {_type_name(reason)}"]
    if len(reason) > MAX_REASON_CHARS:
        return [f"the not-applicable condition is {len(reason)} characters; the limit is {MAX_REASON_CHARS}"]
    if question.condition(reason.strip()) is None:
        given = f"{_show(reason.strip())} is not" if reason.strip() else "no condition was given; it must be"
        return [
            f"marked not applicable, but {given} one of the conditions under which this question does "
            f"not apply ({conditions_hint(question)})"
        ]
    return []


# ---------------------------------------------------------------------------
# Validating evidence


def validate_evidence(evidence: Any, questionnaire: Questionnaire | None = None) -> list[str]:
    """Every problem with evidence, one line each ([] = valid).

    With a questionnaire, evidence for unknown question ids is refused too.
    Empty strings and None mean "not given".
    """
    if not isinstance(evidence, Mapping):
        return [f"evidence: expected a mapping of question id to {{url, citation, note}}, got {_type_name(evidence)}"]
    problems: list[str] = []
    for key in sorted(evidence, key=str):
        if not isinstance(key, str):
            problems.append(f"evidence: question id {_show(key)} is not text")
            continue
        if questionnaire is not None and questionnaire.question(key) is None:
            problems.append(f"evidence.{key}: unknown question id")
            continue
        entry = evidence[key]
        if not isinstance(entry, Mapping):
            problems.append(
                f"evidence.{key}: expected a mapping with url, citation and/or note, got {_type_name(entry)}"
            )
            continue
        for field in sorted(entry, key=str):
            if field not in EVIDENCE_LIMITS:
                problems.append(f"evidence.{key}: unknown field {_show(field)} (allowed: {', '.join(EVIDENCE_LIMITS)})")
        for field, limit in EVIDENCE_LIMITS.items():
            text = entry.get(field)
            if text is None or text == "":
                continue
            where = f"evidence.{key}.{field}"
            if not isinstance(text, str):
                problems.append(f"{where}: must be text, got {_type_name(text)}")
            elif len(text) > limit:
                problems.append(f"{where}: {len(text)} characters; the limit is {limit}")
            elif field == "url":
                problems.extend(f"{where}: {p}" for p in url_problems(text))
            elif field in EVIDENCE_CHOICES and questionnaire is not None:
                allowed = evidence_choices(questionnaire, field)
                if text not in allowed:
                    problems.append(f"{where}: {_show(text)} is not one of: {', '.join(allowed)}")
    return problems


def evidence_choices(questionnaire: Questionnaire, field: str) -> tuple[str, ...]:
    """The ids an evidence choice field takes: what evidence shows, or how durable the protection is."""
    found = questionnaire.evidence_kinds if field == "shows" else questionnaire.durability_levels
    return tuple(item.id for item in found)


def url_problems(url: str) -> list[str]:
    """Why a link may not be shown to other people; [] when it is safe.

    Only http(s) links with a host: javascript:, data:, file: and friends
    would run or read things in the reader's browser. Spaces, control
    characters and backslashes are refused outright because browsers quietly
    drop or rewrite them, so "java\\tscript:" would otherwise slip through.
    """
    if any(ch <= " " or ch == "\x7f" for ch in url):
        return [f"{_show(url)} contains spaces or control characters; give the bare link"]
    if "\\" in url:
        return [f"{_show(url)} contains a backslash; links use forward slashes"]
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError on a malformed port
    except ValueError:
        return [f"{_show(url)} is not a well-formed link"]
    if parts.scheme.lower() not in URL_SCHEMES:
        return [f"{_show(url)} must start with http:// or https://"]
    if not parts.hostname:
        return [f"{_show(url)} has no host name (expected e.g. https://www.example.gov/...)"]
    if parts.username is not None or parts.password is not None:
        # user@host links are a classic way to disguise the real destination.
        return [f"{_show(url)} must not contain a user name or password"]
    return []


def clean_evidence(entry: Mapping[str, Any] | None) -> dict[str, str] | None:
    """The given fields of one (valid) evidence entry, or None if nothing given."""
    if not entry:
        return None
    kept = {field: entry[field] for field in EVIDENCE_LIMITS if entry.get(field)}
    return kept or None
