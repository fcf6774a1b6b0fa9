"""Load test: many officials saving answers at once, then a check that every
answer each one saved is in the database.

    python bench/load_save.py --users 50 --seconds 60            # the full run (make bench-load)
    python bench/load_save.py --users 8 --seconds 5 --json       # the short run the test suite makes

The app runs under gunicorn on 127.0.0.1 against DATABASE_URL (default:
BENCH_DATABASE_URL, else TEST_DATABASE_URL as set by scripts/with-postgres.sh).
Only a database on this machine is accepted, and all traffic goes to
127.0.0.1. Each simulated official has their own session: they register,
then half of them start an assessment of their own county and the others
share one assessment per group (the first starts it and invites the rest by
link), each editing their own levers of it. For --seconds they load a lever
page and save every question on it with fresh answers and evidence, as fast
as the server answers. The run is bounded in time and in saves per user and
stops by itself. Rate limits are off in the server (this measures saving,
not sign-in).

Afterwards the last answer and evidence each official saved for each
question must be in the database. Exit status 0 when there were no errors
and nothing was lost, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.live import LiveServer, WebSession, revision_in, token_in  # noqa: E402

PASSWORD = "copper lantern meadow 93"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "", None}


@dataclass
class Official:
    number: int
    email: str
    jurisdiction_id: int
    levers: list = field(default_factory=list)  # [(lever id, [question, ...])] this official edits
    leader: Official | None = None
    members: list = field(default_factory=list)
    assessment_id: int | None = None
    joined: threading.Event = field(default_factory=threading.Event)
    token: str | None = None
    expected: dict = field(default_factory=dict)  # question id -> (value, note) last saved
    save_seconds: list = field(default_factory=list)
    page_seconds: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-saves-per-user", type=int, default=5000, help="a second bound besides time")
    parser.add_argument("--group-size", type=int, default=5, help="officials sharing one assessment")
    parser.add_argument("--workers", type=int, default=min(8, 2 * (os.cpu_count() or 2)))
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--log", default=None, help="gunicorn log file (default: a temporary file)")
    return parser.parse_args(argv)


def local_database(url: str | None) -> str:
    if not url:
        sys.exit("No database: set BENCH_DATABASE_URL or TEST_DATABASE_URL, or use make bench-load.")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if not url.startswith("sqlite") and urlsplit(url).hostname not in LOCAL_HOSTS:
        sys.exit(f"Refusing to load-test a database on another machine: {urlsplit(url).hostname}")
    return url


def prepare(database_url: str, users: int, group_size: int):
    """Schema, one county per assessment, and who edits which levers."""
    from werkzeug.security import generate_password_hash

    from assessment import create_app
    from assessment.extensions import db
    from assessment.models import Jurisdiction, User
    from assessment.models._common import utcnow
    from assessment.models.jurisdictions import search_key
    from assessment.survey.operations import applicable_levers, applicable_questions

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": secrets.token_hex(32)})
    run = secrets.token_hex(3)
    officials = []
    with app.app_context():
        db.create_all()
        questionnaire = app.extensions["questionnaire"]
        solo = users // 2 if users >= group_size + 1 else users
        for number in range(users):
            grouped = number >= solo
            index_in_group = (number - solo) % group_size if grouped else 0
            if not grouped or index_in_group == 0:
                place = Jurisdiction(
                    name=f"Bench County {run}-{number}",
                    state="WA",
                    kind="county",
                    source="user",
                    search_text=search_key(f"Bench County {run} {number}", "WA"),
                )
                db.session.add(place)
                db.session.flush()
            official = Official(number, f"official{number}-{run}@bench.example.org", place.id)
            # Accounts with confirmed addresses (inviting and joining need one), as if
            # each official had opened the link mailed at registration.
            db.session.add(
                User(email=official.email, password_hash=generate_password_hash(PASSWORD), email_confirmed_at=utcnow())
            )
            if grouped and index_in_group:
                official.leader = officials[-index_in_group]
                official.leader.members.append(official)
            officials.append(official)
        db.session.commit()
        place = db.session.get(Jurisdiction, officials[0].jurisdiction_id)
        levers = [
            (lever.id, applicable_questions(questionnaire, lever, place))
            for lever in applicable_levers(questionnaire, place)
        ]
    for official in officials:
        team = (
            [official]
            if official.leader is None and not official.members
            else [official.leader or official, *(official.leader or official).members]
        )
        position = team.index(official)
        official.levers = [item for i, item in enumerate(levers) if i % len(team) == position]
    app_engine_dispose(app)
    return officials


def app_engine_dispose(app) -> None:
    from assessment.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def choose(rng: random.Random, question) -> tuple[list[str], object]:
    """Form values and the value the database should then hold."""
    if rng.random() < 0.1:
        return ["dont_know"], "dont_know"
    if question.kind == "multi":
        plain = [o.id for o in question.options if not o.exclusive] or [question.options[0].id]
        picked = sorted(set(rng.sample(plain, rng.randint(1, len(plain)))))
        return picked, picked
    option = rng.choice(question.options).id
    return [option], option


def set_up(official: Official, base_url: str) -> WebSession:
    session = WebSession(base_url)
    reply = session.login(official.email, PASSWORD)
    if reply.status != 302:
        raise RuntimeError(f"signing in failed with {reply.status}")
    if official.leader is None:
        started = session.post_from(
            f"/jurisdictions/{official.jurisdiction_id}",
            f"/assessments/start/{official.jurisdiction_id}",
            [("year", str(time.gmtime().tm_year)), ("kind", "self")],
        )
        if started.status != 302:
            raise RuntimeError(f"starting the assessment failed with {started.status}")
        official.assessment_id = int(started.headers["Location"].rstrip("/").rsplit("/", 1)[1])
        for member in official.members:
            page = session.post_from(
                f"/assessments/{official.assessment_id}/editors",
                f"/assessments/{official.assessment_id}/invitations",
                [("email", member.email), ("role", "editor")],
            )
            member.token = page.body.split('readonly value="')[1].split('"')[0].rstrip("/").rsplit("/", 1)[1]
            member.assessment_id = official.assessment_id
            member.joined.set()
    else:
        if not official.joined.wait(timeout=120):
            raise RuntimeError("never invited")
        accepted = session.post_from(
            f"/assessments/invitations/{official.token}", f"/assessments/invitations/{official.token}", []
        )
        if accepted.status != 302:
            raise RuntimeError(f"accepting the invitation failed with {accepted.status}")
    return session


def save_loop(official: Official, session: WebSession, deadline: float, max_saves: int) -> None:
    rng = random.Random(official.number)
    saves = 0
    while time.monotonic() < deadline and saves < max_saves and official.levers:
        lever_id, questions = official.levers[saves % len(official.levers)]
        url = f"/assessments/{official.assessment_id}/levers/{lever_id}"
        started = time.perf_counter()
        page = session.get(url)
        official.page_seconds.append(time.perf_counter() - started)
        if page.status != 200:
            official.errors.append(f"GET {url}: {page.status}")
            continue
        form, wanted = [("revision", revision_in(page.body)), ("go", "overview")], {}
        for question in questions:
            values, stored = choose(rng, question)
            note = f"{official.email} save {saves} {question.id}"
            form += [(question.id, v) for v in values] + [(f"{question.id}__note", note)]
            wanted[question.id] = (stored, note)
        started = time.perf_counter()
        reply = session.post(url, form, token_in(page.body))
        official.save_seconds.append(time.perf_counter() - started)
        if reply.status != 302:
            official.errors.append(f"POST {url}: {reply.status}")
        else:
            official.expected.update(wanted)
        saves += 1


def run_official(official, base_url, start_gate, deadline_box, max_saves) -> None:
    try:
        session = set_up(official, base_url)
    except Exception as error:  # reported, and the run fails
        official.errors.append(f"set-up: {type(error).__name__}: {error}")
        start_gate.wait()
        return
    start_gate.wait()
    try:
        save_loop(official, session, deadline_box[0], max_saves)
    except Exception as error:
        official.errors.append(f"{type(error).__name__}: {error}")


def verify(database_url: str, officials: list[Official]) -> list[str]:
    from assessment import create_app
    from assessment.extensions import db
    from assessment.models import Answer

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": secrets.token_hex(32)})
    lost = []
    with app.app_context():
        for official in officials:
            for question_id, (value, note) in official.expected.items():
                row = db.session.scalars(
                    db.select(Answer).where(
                        Answer.assessment_id == official.assessment_id, Answer.question_id == question_id
                    )
                ).first()
                if row is None or row.value != value or row.evidence_note != note:
                    lost.append(
                        f"{official.email} {question_id}: saved {value!r}, stored "
                        f"{None if row is None else row.value!r}"
                    )
    app_engine_dispose(app)
    return lost


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main(argv=None) -> int:
    args = parse_args(argv)
    database_url = local_database(args.database_url)
    officials = prepare(database_url, args.users, args.group_size)
    log = Path(args.log) if args.log else Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-gunicorn-{os.getpid()}.log"
    env = {"DATABASE_URL": database_url, "SECRET_KEY": secrets.token_hex(32), "APP_ENV": "development"}
    with LiveServer(env, workers=args.workers, threads=args.threads, log_path=log) as server:
        deadline_box = [0.0]
        # The deadline is set as the gate opens, before any official reads it.
        gate = threading.Barrier(
            len(officials) + 1, action=lambda: deadline_box.__setitem__(0, time.monotonic() + args.seconds)
        )
        threads = [
            threading.Thread(
                target=run_official, args=(o, server.base_url, gate, deadline_box, args.max_saves_per_user), daemon=True
            )
            for o in officials
        ]
        for thread in threads:
            thread.start()
        gate.wait(timeout=600)  # set-up (sign-ins, invitations) may take a while
        began = time.monotonic()
        for thread in threads:
            thread.join(timeout=args.seconds + 120)
        elapsed = time.monotonic() - began
    lost = verify(database_url, officials)
    saves = [s for o in officials for s in o.save_seconds]
    pages = [s for o in officials for s in o.page_seconds]
    errors = [e for o in officials for e in o.errors]
    summary = {
        "users": len(officials),
        "seconds": round(elapsed, 1),
        "workers": args.workers,
        "threads": args.threads,
        "saves": len(saves),
        "page_loads": len(pages),
        "requests": len(saves) + len(pages),
        "errors": len(errors),
        "lost_answers": len(lost),
        "answers_checked": sum(len(o.expected) for o in officials),
        "saves_per_second": round(len(saves) / elapsed, 1) if elapsed else 0.0,
        "requests_per_second": round((len(saves) + len(pages)) / elapsed, 1) if elapsed else 0.0,
        "save_ms": {
            name: round(1000 * percentile(saves, q), 1) for name, q in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))
        },
        "page_ms": {
            name: round(1000 * percentile(pages, q), 1) for name, q in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))
        },
        "mean_save_ms": round(1000 * statistics.fmean(saves), 1) if saves else 0.0,
        "first_errors": errors[:5],
        "first_lost": lost[:5],
        "server_log": str(log),
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(
            f"{summary['users']} officials for {summary['seconds']} s "
            f"on {args.workers} workers x {args.threads} threads: "
            f"{summary['saves']} saves + {summary['page_loads']} page loads = {summary['requests']} requests "
            f"({summary['requests_per_second']}/s, {summary['saves_per_second']} saves/s)"
        )
        print(
            f"save latency p50 {summary['save_ms']['p50']} ms, p95 {summary['save_ms']['p95']} ms, "
            f"p99 {summary['save_ms']['p99']} ms; page p50 {summary['page_ms']['p50']} ms, "
            f"p95 {summary['page_ms']['p95']} ms, p99 {summary['page_ms']['p99']} ms"
        )
        print(f"errors: {len(errors)}; answers checked: {summary['answers_checked']}, lost: {len(lost)}")
        for line in errors[:5] + lost[:5]:
            print("  " + line)
    return 0 if not errors and not lost and saves else 1


if __name__ == "__main__":
    sys.exit(main())
