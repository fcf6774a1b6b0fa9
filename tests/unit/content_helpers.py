"""Shared by the content tests: line edits to a scratch copy of questions/ (the
`copy` fixture in conftest.py) and the problem they cause."""

from __future__ import annotations

from pathlib import Path

from assessment.content import check_questionnaire, format_problems

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"


def edit_line(root: Path, relative: str, old: str, new: str | None, nth: int = 1) -> int:
    """Replace the nth line equal to old (new may be several lines, or None to delete it);
    returns its 1-based number."""
    path = root / relative
    lines = path.read_text(encoding="utf-8").split("\n")
    matches = [i for i, line in enumerate(lines) if line == old]
    assert len(matches) >= nth, f"{relative} has no line {old!r} number {nth}"
    index = matches[nth - 1]
    if new is None:
        del lines[index]
    else:
        lines[index] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def line_of(root: Path, relative: str, text: str, nth: int = 1) -> int:
    lines = (root / relative).read_text(encoding="utf-8").split("\n")
    return [i for i, line in enumerate(lines) if line == text][nth - 1] + 1


def only_problem(root: Path):
    problems = check_questionnaire(root)
    assert len(problems) == 1, format_problems(problems)
    return problems[0]
