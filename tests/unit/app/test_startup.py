"""A malformed questions file stops start-up with a message naming the file and line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assessment import create_app
from assessment.content import ContentError

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def broken_questions(tmp_path):
    target = tmp_path / "questions"
    shutil.copytree(ROOT / "questions", target)
    lever_file = sorted((target / "levers").glob("*.yaml"))[0]
    lines = lever_file.read_text().splitlines()
    # An unclosed bracket on line 3 makes the YAML unreadable.
    lines.insert(2, "broken: [unclosed")
    lever_file.write_text("\n".join(lines) + "\n")
    return target, lever_file.name


def test_app_refuses_to_start_with_a_malformed_questions_file(broken_questions, tmp_path):
    questions_dir, file_name = broken_questions
    with pytest.raises(ContentError) as raised:
        create_app({"QUESTIONS_DIR": str(questions_dir), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    message = str(raised.value)
    assert f"levers/{file_name}:" in message
    assert any(char.isdigit() for char in message.split(file_name + ":", 1)[1][:6])


@pytest.mark.slow
def test_questions_check_command(broken_questions):
    questions_dir, file_name = broken_questions
    env = {**os.environ, "SECRET_KEY": "c" * 40, "DATABASE_URL": "sqlite://"}
    good = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "questions", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert good.returncode == 0, good.stderr
    assert "21 levers" in good.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "questions", "check", "--path", str(questions_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2
    assert f"levers/{file_name}:" in bad.stderr
    assert "Traceback" not in bad.stderr
