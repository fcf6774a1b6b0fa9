"""Render-ahead throughput: how many scorecard PDFs per second per core two
render workers make on the benchmark's dataset (bench/run.py).

The clock runs from the moment the workers are told to start until every
chosen assessment has its PDF in the shared cache (the ScorecardPdf table),
read from the database: it measures what an operator waits for, whatever
renders the PDFs.

Each worker is a process of its own (`python -m bench.render_ahead worker
...`) that warms up like a job worker (scorecards/pdf.warm_up), waits for the
word, then renders its share through jobs/renders.render_scorecard(), the
work of one `flask --app wsgi jobs worker` job; what the queue adds per job
(fetching it, its lock) is a few milliseconds, and tests/web/jobs/ proves the
queue itself with real workers.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select

from assessment.extensions import db
from assessment.models import Assessment, ScorecardPdf

ROOT = Path(__file__).resolve().parent.parent
READY, GO, DONE = "ready", "go", "done"


@dataclass(frozen=True)
class Throughput:
    pdfs: int
    workers: int
    seconds: float
    cpu_seconds: float  # the workers' own CPU time while rendering

    @property
    def per_core_per_second(self) -> float:
        """PDFs a second, per core the workers could use (no more cores than workers)."""
        return self.pdfs / self.seconds / min(self.workers, os.cpu_count() or 1)

    @property
    def per_cpu_second(self) -> float:
        """PDFs per second of CPU the workers used: what a core would make if it were all theirs."""
        return self.pdfs / self.cpu_seconds if self.cpu_seconds else 0.0


class ProcessRenderWorkers:
    """Render worker processes running jobs/renders.render_scorecard() over their share of the ids."""

    def __init__(self, database_url: str, count: int = 2):
        self.database_url, self.count = database_url, count
        self.processes: list[subprocess.Popen] = []

    def start(self, ids: list[int]) -> None:
        env = {**os.environ, "DATABASE_URL": self.database_url, "SECRET_KEY": "render-ahead-benchmark-" + "k" * 20}
        for n in range(self.count):
            share = [str(i) for i in ids[n :: self.count]]
            process = subprocess.Popen(
                [sys.executable, "-m", "bench.render_ahead", "worker", *share],
                cwd=ROOT,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            self.processes.append(process)
        for process in self.processes:
            if process.stdout.readline().strip() != READY:
                raise RuntimeError(f"a render worker did not start (status {process.wait()})")

    def go(self) -> None:
        for process in self.processes:
            process.stdin.write(GO + "\n")
            process.stdin.flush()

    def cpu_seconds(self) -> float:
        """CPU time the workers have used since they were told to go (each reports its own on finishing)."""
        total = 0.0
        for process in self.processes:
            line = process.stdout.readline().split()
            if not line or line[0] != DONE:
                raise RuntimeError(f"a render worker failed (status {process.wait()})")
            total += float(line[1])
        return total

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)
            process.stdin.close()
            process.stdout.close()


def rendered_count(ids: list[int]) -> int:
    """How many of the assessments have a PDF of their current revision in the cache."""
    return db.session.scalar(
        select(func.count(func.distinct(ScorecardPdf.assessment_id)))
        .join(Assessment, Assessment.id == ScorecardPdf.assessment_id)
        .where(
            ScorecardPdf.assessment_id.in_(ids),
            ScorecardPdf.revision == Assessment.revision,
            ScorecardPdf.language == "en",
        )
    )


def measure(app, database_url: str, ids: list[int], workers: int = 2, limit_seconds: float = 600) -> Throughput:
    """Render `ids`' PDFs (none cached beforehand) with `workers` workers; time until all are in the cache."""
    with app.app_context():
        db.session.execute(delete(ScorecardPdf).where(ScorecardPdf.assessment_id.in_(ids)))
        db.session.commit()
    renderers = ProcessRenderWorkers(database_url, workers)
    try:
        renderers.start(ids)
        with app.app_context():
            renderers.go()
            started = time.perf_counter()
            deadline = time.monotonic() + limit_seconds
            while rendered_count(ids) < len(ids):
                db.session.rollback()  # a fresh snapshot for the next look
                if time.monotonic() > deadline:
                    raise RuntimeError(f"render-ahead: {len(ids) - rendered_count(ids)} PDFs still missing")
                time.sleep(0.05)
            seconds = time.perf_counter() - started
            db.session.rollback()
        cpu = renderers.cpu_seconds()
    finally:
        renderers.stop()
    return Throughput(len(ids), workers, seconds, cpu)


def worker(ids: list[int]) -> None:
    """One render worker: warm up, wait for the word, render, report the CPU time used."""
    from assessment import create_app
    from assessment.content.current import source_questionnaire
    from assessment.i18n import DEFAULT_LANGUAGE
    from assessment.jobs.renders import render_scorecard
    from assessment.scorecards.pdf import warm_up

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)}
    )
    with app.app_context():
        warm_up(source_questionnaire(), DEFAULT_LANGUAGE)
        db.session.execute(select(1))  # the connection opened before the clock starts
        db.session.rollback()
        print(READY, flush=True)
        if sys.stdin.readline().strip() != GO:
            return
        before = time.process_time()
        for assessment_id in ids:
            if render_scorecard(assessment_id, DEFAULT_LANGUAGE) != "rendered":
                raise RuntimeError(f"assessment {assessment_id}'s PDF was not rendered")
            db.session.expunge_all()
        print(f"{DONE} {time.process_time() - before:.3f}", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:
        worker([int(i) for i in sys.argv[2:]])
    else:
        sys.exit("usage: python -m bench.render_ahead worker <assessment id> ...")
