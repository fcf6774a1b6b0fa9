"""Build a national-scale dataset for benchmarks, in the database the app is
configured with (use a scratch one!):

* the real directory (`flask jurisdictions load`: every county, cities of
  15,000+) and the city-to-county links;
* synthetic towns, villages and townships up to --jurisdictions in total;
* --assessed jurisdictions with a published assessment in each of --years
  (about one in ten also gets an independent one), with realistic answers:
  each place has a leaning towards protective policy that drifts up a little
  each year, a few "don't know yet" answers, and citations on a third;
* stored scores for every assessment, computed by the real scoring code,
  with their open-data CSV cells, and the directory's LatestPublished rows.

Rows are bulk-inserted (no services, no per-row ORM objects), so 22,000
jurisdictions and tens of thousands of assessments build in minutes.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python -m bench.dataset --assessed 3000
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import time
from datetime import datetime

from sqlalchemy import func, insert, select, text

from assessment import create_app
from assessment.content.model import DONT_KNOW, scopes_for_kind
from assessment.extensions import db
from assessment.jobs.schema import install_engine_schema
from assessment.models import (
    Answer,
    Assessment,
    AssessmentScore,
    Editor,
    Jurisdiction,
    User,
)
from assessment.models.jurisdictions import search_key
from assessment.scoring import JurisdictionInfo, figures
from assessment.stored_scores.latest import rebuild_all
from assessment.stored_scores.refresh import csv_shape, score_values

SYNTHETIC_KINDS = ("town", "village", "township", "city")
BATCH = 2000


def _states() -> list[str]:
    from assessment.jurisdictions.places import state_choices

    return [code for code, _ in state_choices()]


def add_real_directory() -> None:
    from assessment.jurisdictions.county_links import link_counties
    from assessment.jurisdictions.places import load_directory

    load_directory()
    db.session.commit()
    link_counties()
    db.session.commit()


def add_synthetic(total: int, rng: random.Random) -> int:
    have = db.session.scalar(select(func.count()).select_from(Jurisdiction))
    states = _states()
    rows = []
    for n in range(have, total):
        state = rng.choice(states)
        kind = rng.choice(SYNTHETIC_KINDS)
        name = f"Synthetic {kind.title()} {n:05d}"
        rows.append(
            {
                "name": name,
                "state": state,
                "kind": kind,
                "population": int(rng.lognormvariate(8.5, 1.2)),
                "source": "user",
                "search_text": search_key(name, state, kind),
            }
        )
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(Jurisdiction), rows[start : start + BATCH])
    db.session.commit()
    return len(rows)


def realistic_answer(question, leaning: float, rng: random.Random):
    if rng.random() < 0.04:
        return DONT_KNOW
    options = sorted(question.options, key=lambda o: o.points)
    if question.kind == "multi":
        picked = [o.id for o in options if not o.exclusive and rng.random() < leaning]
        if picked:
            return sorted(picked)
        exclusive = [o.id for o in options if o.exclusive]
        return [exclusive[0] if exclusive else options[0].id]
    index = round(leaning * (len(options) - 1) + rng.gauss(0, 0.6))
    return options[min(max(index, 0), len(options) - 1)].id


def _bench_user() -> int:
    user = db.session.scalars(select(User).where(User.email == "bench@example.org")).first()
    if user is None:
        user = User(email="bench@example.org", password_hash="!", display_name="Benchmark")
        db.session.add(user)
        db.session.commit()
    return user.id


# Scoring is pure Python and takes most of the build: it runs in one forked
# process per core (each inherits the questionnaire), while this process draws
# the answers and writes the rows. The random draws stay in this process, in
# the same order, so a seed still gives the same dataset.
_pool_questionnaire = None


def _score_rows(tasks: list[tuple]) -> list[dict]:
    """The stored figures of each (assessment id, place, year, answers, evidence, when), as a save stores them
    (stored_scores.refresh.refresh_scores)."""
    questionnaire = _pool_questionnaire
    shape = csv_shape(questionnaire)
    rows = []
    for assessment_id, (name, state, kind), year, answers, evidence, when in tasks:
        card = figures(questionnaire, JurisdictionInfo(name, state, kind, year), answers, evidence)
        rows.append(
            {
                "assessment_id": assessment_id,
                "revision": 1,
                "scored_at": when,
                **score_values(card, answers, evidence, shape),
            }
        )
    return rows


ANSWER_COLUMNS = ("assessment_id", "question_id", "value", "revision", "updated_at", "evidence_citation")


def _insert_answers(rows: list[tuple]) -> None:
    """Answers are most of the rows: COPY on PostgreSQL (a tenth of the time of an executemany), else an insert."""
    if db.engine.dialect.name == "postgresql":
        cursor = db.session.connection().connection.dbapi_connection.cursor()
        with cursor.copy(f"COPY answer ({', '.join(ANSWER_COLUMNS)}) FROM STDIN") as copy:
            for assessment_id, question_id, value, *rest in rows:
                copy.write_row((assessment_id, question_id, json.dumps(value), *rest))
    else:
        db.session.execute(Answer.__table__.insert(), [dict(zip(ANSWER_COLUMNS, row, strict=True)) for row in rows])


def add_assessments(questionnaire, assessed: int, years: list[int], rng: random.Random) -> int:
    global _pool_questionnaire
    user_id = _bench_user()
    places = db.session.execute(select(Jurisdiction.id, Jurisdiction.name, Jurisdiction.state, Jurisdiction.kind)).all()
    chosen = rng.sample(places, min(assessed, len(places)))
    next_id = (db.session.scalar(select(func.max(Assessment.id))) or 0) + 1
    batches = {"assessment": [], "editor": [], "answer": [], "score": []}
    made = 0
    _pool_questionnaire = questionnaire
    pool = multiprocessing.get_context("fork").Pool(os.cpu_count() or 1)

    def flush() -> None:
        # Core inserts, one executemany a batch. The ORM's bulk insert split
        # the rows wherever a value turned None (an answer with no citation):
        # one statement per row, four fifths of the build's time.
        # The pool scores while this process writes the other rows.
        tasks = batches.pop("score")
        chunk = max(len(tasks) // (4 * (os.cpu_count() or 1)), 1)
        scoring = pool.map_async(_score_rows, [tasks[i : i + chunk] for i in range(0, len(tasks), chunk)])
        for model, key in ((Assessment, "assessment"), (Editor, "editor")):
            if batches[key]:
                db.session.execute(model.__table__.insert(), batches[key])
                batches[key].clear()
        if batches["answer"]:
            _insert_answers(batches["answer"])
            batches["answer"].clear()
        scores = [row for rows in scoring.get() for row in rows]
        if scores:
            db.session.execute(AssessmentScore.__table__.insert(), scores)
        batches["score"] = []
        db.session.commit()

    try:
        for place in chosen:
            leaning = rng.betavariate(2, 2)
            scopes = scopes_for_kind(place.kind)
            questions = [q for q in questionnaire.questions() if scopes & set(q.applies_to)]
            kinds = [("self", None)] + ([("independent", "Synthetic Advocates")] if rng.random() < 0.1 else [])
            for year in years:
                leaning = min(1.0, leaning + rng.uniform(0, 0.08))
                for kind, organisation in kinds:
                    answers = {q.id: realistic_answer(q, leaning, rng) for q in questions}
                    evidence = {
                        q.id: {"citation": f"Ord. {year}-{rng.randint(1, 999)}"}
                        for q in questions
                        if rng.random() < 0.33
                    }
                    when = datetime(year, rng.randint(1, 12), rng.randint(1, 28), 12)
                    batches["assessment"].append(
                        {
                            "id": next_id,
                            "jurisdiction_id": place.id,
                            "year": year,
                            "kind": kind,
                            "organisation": organisation,
                            "questionnaire_version": questionnaire.version,
                            "status": "submitted",
                            "revision": 1,
                            "created_by_id": user_id,
                            "created_at": when,
                            "updated_at": when,
                            "submitted_at": when,
                            "published_at": when,
                            "row_version": 1,
                            "series_id": next_id,
                            "version": 1,
                            # Published by a checked official or organisation, as the lists now require
                            # (stored_scores/listing.py): an unverified dataset would leave every list empty.
                            "verification": "verified_official" if kind == "self" else "verified_organisation",
                            "published_by_id": user_id,
                        }
                    )
                    batches["editor"].append(
                        {"assessment_id": next_id, "user_id": user_id, "added_at": when, "role": "owner"}
                    )
                    batches["answer"].extend(
                        (next_id, qid, value, 1, when, evidence.get(qid, {}).get("citation"))
                        for qid, value in answers.items()
                    )
                    batches["score"].append(
                        (next_id, (place.name, place.state, place.kind), year, answers, evidence, when)
                    )
                    next_id += 1
                    made += 1
            if len(batches["answer"]) >= BATCH * 10:
                flush()
        flush()
    finally:
        pool.close()
        pool.join()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(
            text("SELECT setval(pg_get_serial_sequence('assessment', 'id'), (SELECT max(id) FROM assessment))")
        )
        db.session.commit()
    return made


def build(app, jurisdictions: int = 22_000, assessed: int = 3_000, years=(2024, 2025, 2026), seed: int = 7) -> dict:
    rng = random.Random(seed)
    timings = {}
    with app.app_context():
        db.create_all()
        install_engine_schema(db.engine)  # the job queue's tables (a migration installs them in production)
        started = time.perf_counter()
        if not db.session.scalar(select(func.count()).select_from(Jurisdiction)):
            add_real_directory()
        timings["real_directory_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        timings["synthetic_added"] = add_synthetic(jurisdictions, rng)
        timings["synthetic_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        if not db.session.scalar(select(func.count()).select_from(Assessment)):
            timings["assessments_added"] = add_assessments(app.extensions["questionnaire"], assessed, list(years), rng)
            rebuild_all()
        if db.engine.dialect.name == "postgresql":
            # The state a database in service is in, which autovacuum reaches a while
            # after any bulk load: statistics for the planner (without them the first
            # pages measured are planned blind) and the visibility map (index-only
            # scans). Done now, autovacuum does not do it in the middle of the
            # measurements, as it did after the 72,000 assessments went in.
            db.session.commit()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
        timings["assessments_s"] = round(time.perf_counter() - started, 1)
        timings["jurisdictions"] = db.session.scalar(select(func.count()).select_from(Jurisdiction))
        timings["assessments"] = db.session.scalar(select(func.count()).select_from(Assessment))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jurisdictions", type=int, default=22_000)
    parser.add_argument("--assessed", type=int, default=3_000, help="jurisdictions with published assessments")
    parser.add_argument("--years", default="2024,2025,2026")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    app = create_app()
    print(build(app, args.jurisdictions, args.assessed, [int(y) for y in args.years.split(",")], args.seed))


if __name__ == "__main__":
    main()
