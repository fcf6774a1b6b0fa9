"""The answer vocabulary: what validates, what is refused and how it is said."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.scoring.answers import (
    best_answer,
    chosen_options,
    url_problems,
    validate_answers,
    validate_evidence,
    worst_answer,
)
from tests.unit import factories as f

SINGLE = f.question("detainers_hold_refusal", options=(f.option("a", 10), f.option("b", 5), f.option("c", 0)))
MULTI = f.question(
    "data_sharing",
    kind="multi",
    points=6,
    options=(
        f.option("x", 4),
        f.option("y", 4),
        f.option("z", 1),
        f.option("none", 0, exclusive=True, label="None of these"),
    ),
)
NEVER_NA = f.question("never_na", not_applicable_when=())
QN = f.questionnaire([SINGLE, MULTI, NEVER_NA])


@pytest.mark.parametrize(
    "answers",
    [
        pytest.param({}, id="empty-draft"),
        pytest.param({"detainers_hold_refusal": "a"}, id="single-option"),
        pytest.param({"data_sharing": ["x", "y"]}, id="multi-options"),
        pytest.param({"data_sharing": ("z",)}, id="multi-tuple"),
        pytest.param({"data_sharing": ["none"]}, id="multi-exclusive-alone"),
        pytest.param({"detainers_hold_refusal": "dont_know", "data_sharing": "dont_know"}, id="dont-know"),
        pytest.param({"detainers_hold_refusal": {"not_applicable": "no_jail"}}, id="not-applicable"),
        pytest.param({"data_sharing": {"not_applicable": " no_jail "}}, id="not-applicable-spaces"),
    ],
)
def test_valid_answers_have_no_problems(answers):
    assert validate_answers(QN, answers) == []


@pytest.mark.parametrize(
    "answers, expected",
    [
        pytest.param(
            {"detainers_hold_refusal": "maybe"},
            ["answers.detainers_hold_refusal: 'maybe' is not an option of this question (options: a, b, c)"],
            id="unknown-option-single",
        ),
        pytest.param({"no_such_q": "a"}, ["answers.no_such_q: unknown question id"], id="unknown-question"),
        pytest.param(
            {"data_sharing": ["x", "w"]},
            ["answers.data_sharing: 'w' is not an option of this question (options: x, y, z, none)"],
            id="unknown-option-multi",
        ),
        pytest.param(
            {"detainers_hold_refusal": ["a"]},
            [
                "answers.detainers_hold_refusal: a list was given but this question takes one option id, "
                "not a list (options: a, b, c)"
            ],
            id="list-to-single",
        ),
        pytest.param(
            {"data_sharing": "x"},
            [
                "answers.data_sharing: 'x' is a single value but this question takes a list of option ids, "
                "e.g. ['x'] (options: x, y, z, none)"
            ],
            id="str-to-multi",
        ),
        pytest.param(
            {"data_sharing": []},
            [
                "answers.data_sharing: empty list; choose at least one option, or answer 'dont_know' "
                "(options: x, y, z, none)"
            ],
            id="empty-list",
        ),
        pytest.param(
            {"data_sharing": ["x", "x"]}, ["answers.data_sharing: 'x' is listed more than once"], id="duplicate"
        ),
        pytest.param(
            {"data_sharing": ["none", "x"]},
            ["answers.data_sharing: 'none' (None of these) cannot be combined with other options"],
            id="exclusive-combined",
        ),
        pytest.param(
            {"data_sharing": ["x", "dont_know"]},
            ["answers.data_sharing: 'dont_know' cannot be combined with options; give it alone, not in a list"],
            id="dont-know-in-list",
        ),
        pytest.param(
            {"data_sharing": ["x", 3]},
            ["answers.data_sharing: 3 in the list is not an option id (text expected)"],
            id="non-text-in-list",
        ),
        pytest.param(
            {"detainers_hold_refusal": {"not_applicable": "  "}},
            [
                "answers.detainers_hold_refusal: marked not applicable, but no condition was given; it must be one "
                "of the conditions under which this question does not apply (conditions: no_jail (We run no jail))"
            ],
            id="empty-na-reason",
        ),
        pytest.param(
            {"detainers_hold_refusal": {"not_applicable": "We would rather not say"}},
            [
                "answers.detainers_hold_refusal: marked not applicable, but 'We would rather not say' is not one "
                "of the conditions under which this question does not apply (conditions: no_jail (We run no jail))"
            ],
            id="na-reason-not-a-condition",
        ),
        pytest.param(
            {"never_na": {"not_applicable": "no_jail"}},
            [
                "answers.never_na: marked not applicable, but 'no_jail' is not one of the conditions under which "
                "this question does not apply (this question lists no condition under which it does not apply, "
                "so answer it)"
            ],
            id="na-on-a-question-without-conditions",
        ),
        pytest.param(
            {"detainers_hold_refusal": {"not_applicable": "r" * 501}},
            ["answers.detainers_hold_refusal: the not-applicable condition is 501 characters; the limit is 500"],
            id="long-na-reason",
        ),
        pytest.param(
            {"detainers_hold_refusal": {"not_applicable": 7}},
            ["answers.detainers_hold_refusal: the not-applicable condition must be text, got int"],
            id="na-reason-not-text",
        ),
        pytest.param(
            {"detainers_hold_refusal": {"reason": "x"}},
            [
                "answers.detainers_hold_refusal: unexpected key(s) 'reason'; a not-applicable answer is "
                "{'not_applicable': condition id} and nothing else"
            ],
            id="na-wrong-key",
        ),
        pytest.param(
            {"detainers_hold_refusal": None},
            [
                "answers.detainers_hold_refusal: None is not a valid answer (expected an option id, a list of "
                "option ids, 'dont_know' or {'not_applicable': reason})"
            ],
            id="none-value",
        ),
        pytest.param(
            {"detainers_hold_refusal": 1},
            [
                "answers.detainers_hold_refusal: 1 is not a valid answer "
                "(expected an option id, a list of option ids, 'dont_know' or {'not_applicable': reason})"
            ],
            id="int-value",
        ),
        pytest.param({5: "a"}, ["answers: question id 5 is not text"], id="non-text-key"),
    ],
)
def test_invalid_answers_are_explained(answers, expected):
    assert validate_answers(QN, answers) == expected


def test_answers_must_be_a_mapping():
    assert validate_answers(QN, ["a"]) == ["answers: expected a mapping of question id to answer, got list"]


def test_problems_follow_questionnaire_order_then_unknown_ids():
    problems = validate_answers(QN, {"zz": "a", "data_sharing": [], "detainers_hold_refusal": "q", "aa": "a"})
    assert [p.split(":")[0] for p in problems] == [
        "answers.detainers_hold_refusal",
        "answers.data_sharing",
        "answers.aa",
        "answers.zz",
    ]


@pytest.mark.parametrize(
    "evidence",
    [
        pytest.param({}, id="none"),
        pytest.param({"q": {"url": "https://city.example.gov/ord/12?x=1#s2"}}, id="https"),
        pytest.param({"q": {"url": "HTTP://example.org:8080/a"}}, id="http-upper-port"),
        pytest.param({"q": {"citation": "Ord. 2019-12", "note": "Adopted in May."}}, id="citation-note"),
        pytest.param({"q": {"url": "", "citation": None}}, id="empty-means-absent"),
        pytest.param({"q": {"url": "https://e.org/" + "a" * 1986}}, id="url-at-limit"),
        pytest.param({"q": {"citation": "c" * 300, "note": "n" * 4000}}, id="text-at-limits"),
    ],
)
def test_valid_evidence(evidence):
    assert validate_evidence(evidence) == []


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("javascript:alert(1)", id="javascript"),
        pytest.param("JavaScript://example.org/%0aalert(1)", id="javascript-with-slashes"),
        pytest.param("file:///etc/passwd", id="file"),
        pytest.param("data:text/html,<script>alert(1)</script>", id="data"),
        pytest.param("ftp://example.org/x", id="ftp"),
        pytest.param("example.org/page", id="no-scheme"),
        pytest.param("https:///path", id="no-host"),
        pytest.param("https://", id="scheme-only"),
        pytest.param(" https://example.org", id="leading-space"),
        pytest.param("java\tscript:alert(1)", id="tab-inside"),
        pytest.param("https://example.org/a b", id="space-inside"),
        pytest.param("https:\\\\evil.example", id="backslashes"),
        pytest.param("https://good.example@evil.example/", id="userinfo"),
        pytest.param("https://example.org:99999/", id="bad-port"),
        pytest.param("https://[::1/", id="bad-ipv6"),
    ],
)
def test_unsafe_urls_are_refused(url):
    problems = validate_evidence({"q": {"url": url}})
    assert len(problems) == 1 and problems[0].startswith("evidence.q.url: ")
    assert url_problems(url)


@pytest.mark.parametrize(
    "evidence, expected",
    [
        pytest.param(
            {"q": {"url": "https://e.org/" + "a" * 1987}},
            ["evidence.q.url: 2001 characters; the limit is 2000"],
            id="url-too-long",
        ),
        pytest.param(
            {"q": {"citation": "c" * 301}},
            ["evidence.q.citation: 301 characters; the limit is 300"],
            id="citation-too-long",
        ),
        pytest.param(
            {"q": {"note": "n" * 4001}}, ["evidence.q.note: 4001 characters; the limit is 4000"], id="note-too-long"
        ),
        pytest.param({"q": {"note": 5}}, ["evidence.q.note: must be text, got int"], id="note-not-text"),
        pytest.param(
            {"q": {"link": "x"}},
            ["evidence.q: unknown field 'link' (allowed: url, citation, note, shows, durability)"],
            id="unknown-field",
        ),
        pytest.param(
            {"q": "https://e.org"},
            ["evidence.q: expected a mapping with url, citation and/or note, got str"],
            id="entry-not-mapping",
        ),
        pytest.param(
            {"q": {"url": "javascript:alert(1)"}},
            ["evidence.q.url: 'javascript:alert(1)' must start with http:// or https://"],
            id="message",
        ),
        pytest.param(
            [], ["evidence: expected a mapping of question id to {url, citation, note}, got list"], id="not-mapping"
        ),
    ],
)
def test_invalid_evidence_is_explained(evidence, expected):
    assert validate_evidence(evidence) == expected


def test_evidence_for_unknown_question_refused_when_questionnaire_given():
    assert validate_evidence({"nope": {"note": "x"}}) == []
    assert validate_evidence({"nope": {"note": "x"}}, QN) == ["evidence.nope: unknown question id"]


@pytest.mark.parametrize(
    "q, best, worst",
    [
        pytest.param(SINGLE, "a", "c", id="single"),
        pytest.param(f.question("s", options=(f.option("lo", 0), f.option("hi", 10))), "hi", "lo", id="single-order"),
        pytest.param(MULTI, ["x", "y", "z"], ["none"], id="multi-exclusive"),
        pytest.param(
            f.question("m", kind="multi", points=4, options=(f.option("p", 4), f.option("q", 0), f.option("r", 0))),
            ["p", "q", "r"],
            ["q", "r"],
            id="multi-zero-options",
        ),
        pytest.param(
            f.question("m", kind="multi", points=4, options=(f.option("p", 4), f.option("q", 1))),
            ["p", "q"],
            ["q"],
            id="multi-no-zero-option",
        ),
    ],
)
def test_best_and_worst_answers(q, best, worst):
    assert best_answer(q) == best
    assert worst_answer(q) == worst
    qn = f.questionnaire([q])
    assert validate_answers(qn, {q.id: best}) == []
    assert validate_answers(qn, {q.id: worst}) == []


def test_chosen_options_follow_question_order():
    assert [o.id for o in chosen_options(MULTI, ["z", "x"])] == ["x", "z"]
    assert chosen_options(MULTI, "dont_know") == ()
    assert chosen_options(MULTI, {"not_applicable": "r"}) == ()


@settings(max_examples=f.property_examples(60), deadline=None)
@given(qn=f.questionnaires(), data=st.data())
def test_generated_answers_validate_and_best_worst_are_valid(qn, data):
    # Guards the strategies the scoring properties rely on, and best/worst on any content.
    assert validate_answers(qn, data.draw(f.answer_sets(qn))) == []
    assert validate_answers(qn, {q.id: best_answer(q) for q in qn.questions()}) == []
    assert validate_answers(qn, {q.id: worst_answer(q) for q in qn.questions()}) == []
