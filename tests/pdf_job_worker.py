"""A PDF job worker for the real-engine tests (tests/web/jobs/test_pdf_job_engine.py).

    python -m tests.pdf_job_worker NAME

runs the code of `flask --app wsgi jobs worker` (assessment/jobs/worker.py)
against DATABASE_URL, with the WeasyPrint render replaced by a quick fake
that a test can watch and steer, through files and the environment:

RENDER_LOG         a line "start <place>" when a render begins, "end <place>" when it ends
SLOW_RENDER_FLAG   while this file exists, a render waits before it ends (to be killed mid-render)
FAIL_PLACE         a render of this place raises RuntimeError
FAST_RETRY=1       a failed render is tried once more at once, then the job fails

Tests only: nothing under assessment/ knows about it.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from assessment import create_app
from assessment.jobs import tasks
from assessment.jobs.worker import run_worker
from assessment.scorecards import service as scorecards

FAKE_PDF = b"%PDF-1.7 made by the test worker\n%%EOF\n"


def _log(line: str) -> None:
    # One short write in append mode: lines from several workers never mix.
    with open(os.environ["RENDER_LOG"], "a", encoding="utf-8") as log:
        log.write(line + "\n")


def fake_render(scorecard, context, **extras) -> bytes:
    place = scorecard.jurisdiction.name
    _log(f"start {place}")
    if place == os.environ.get("FAIL_PLACE"):
        raise RuntimeError(f"render failed on purpose for {place}")
    flag = os.environ.get("SLOW_RENDER_FLAG")
    while flag and Path(flag).exists():
        time.sleep(0.05)
    _log(f"end {place}")
    return FAKE_PDF


def main() -> None:
    scorecards.render_scorecard_pdf = fake_render
    if os.environ.get("FAST_RETRY") == "1":
        tasks.render_scorecard_pdf.retry_strategy = tasks.RenderRetry(max_attempts=1, wait=0)
    app = create_app()
    with app.app_context():
        run_worker(app, name=sys.argv[1] if len(sys.argv) > 1 else None)


if __name__ == "__main__":
    main()
