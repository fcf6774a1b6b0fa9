"""A test hook, off unless CRASH_TEST_PAUSE_FILE is set in the environment.

tests/web/test_crash_mid_save.py runs the app in a real server and needs a
save to stop in the middle, after some answers reached the database and
before the commit. When the variable names a file that does not exist yet,
the first answer of the next save is flushed, the worker's process id is
written to that file, and the worker waits until a file of the same name
plus ".release" appears (or a minute passes). The test kills the worker, or
releases it. Only one save ever pauses per file. No deployment sets this
variable.
"""
from __future__ import annotations

import os
import time

from ..extensions import db

PAUSE_FILE_VARIABLE = "CRASH_TEST_PAUSE_FILE"
PAUSE_SECONDS = 60


def pause_mid_save_for_crash_test() -> None:
    marker = os.environ.get(PAUSE_FILE_VARIABLE)
    if not marker or os.path.exists(marker):
        return
    db.session.flush()
    with open(marker, "w") as handle:
        handle.write(str(os.getpid()))
    deadline = time.monotonic() + PAUSE_SECONDS
    while not os.path.exists(marker + ".release") and time.monotonic() < deadline:
        time.sleep(0.05)
