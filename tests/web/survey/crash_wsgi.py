"""The app that tests/web/survey/test_crash_mid_save.py serves: wsgi's app, plus a
pause inside the first save's transaction, so that the test can kill the worker
there or save another page meanwhile.

When CRASH_TEST_PAUSE_FILE names a file that does not exist yet, the first
commit whose transaction wrote answers stops just before committing: every
answer of the page has been flushed and the assessment's row lock is held. The
worker writes its process id to that file and waits until a file of the same
name plus ".release" appears (or a minute passes). Only one save ever pauses
per file. The production app has no such hook.
"""

from __future__ import annotations

import os
import time

from sqlalchemy import event
from sqlalchemy.orm import Session

from assessment.models import Answer
from wsgi import app

PAUSE_FILE_VARIABLE = "CRASH_TEST_PAUSE_FILE"
PAUSE_SECONDS = 60
WROTE_ANSWERS = "crash_test_wrote_answers"


@event.listens_for(Session, "after_flush")
def _note_answers(session, flush_context) -> None:
    if any(isinstance(row, Answer) for row in (*session.new, *session.dirty)):
        session.info[WROTE_ANSWERS] = True


@event.listens_for(Session, "before_commit")
def _pause_before_commit(session) -> None:
    session.flush()
    if not session.info.pop(WROTE_ANSWERS, False):
        return
    marker = os.environ.get(PAUSE_FILE_VARIABLE)
    if not marker or os.path.exists(marker):
        return
    with open(marker, "w") as handle:
        handle.write(str(os.getpid()))
    deadline = time.monotonic() + PAUSE_SECONDS
    while not os.path.exists(marker + ".release") and time.monotonic() < deadline:
        time.sleep(0.05)


@event.listens_for(Session, "after_rollback")
def _forget(session) -> None:
    session.info.pop(WROTE_ANSWERS, None)


__all__ = ["app"]
