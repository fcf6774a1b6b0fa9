from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .content_helpers import QUESTIONS


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A scratch copy of questions/ that a content test may break."""
    root = tmp_path / "questions"
    shutil.copytree(QUESTIONS, root)
    return root
