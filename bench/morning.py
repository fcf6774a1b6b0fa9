"""A realistic morning (bench/run.py): 200 officials each saving a page of
answers every 10 to 30 seconds and reading between saves, and 20 advocates
browsing the directory, comparisons, public scorecards and their PDFs, for
120 seconds, against gunicorn (deploy/gunicorn.conf.py) on 127.0.0.1 and the
benchmark's PostgreSQL. Afterwards every answer each official saved is read
back from the database: a save that answered "saved" but is not there is a
lost answer.

An official's cycle: open one of their lever pages, spend 10 to 30 s on it
(now and then glancing at their scorecard meanwhile), save it, land on the
assessment's overview (where the save sends them) and open their next lever.
One official in two works alone; the others work in teams of four on one
assessment, each on levers of their own. Advocates are anonymous: a page
every 3 to 12 s, of the directory (first pages, later pages, sorted, by
state, searched), a place's page, a comparison of 2 to 8 published places,
a public scorecard, or that scorecard's PDF. The web servers are set up as
the README advises for many users: PDF_RENDER_ON_REQUEST=0, so a PDF not
rendered yet answers "being prepared" (202) at once, a render worker
(`flask --app wsgi jobs worker`) renders it, and the advocate's page
asks again after Retry-After.

Everyone runs in a thread of this process (about 220, nearly all asleep at
any moment); every loop stops at the deadline, every request has a timeout,
and only 127.0.0.1 is ever asked.
"""

from __future__ import annotations

import random
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import select

from assessment.extensions import db
from assessment.models import Answer, Editor, Jurisdiction, LatestPublished, User
from assessment.models.latest_published import ANY_KIND, ANY_YEAR

from .live import LiveServer, WebSession, revision_in, token_in
from .load_save import choose, percentile

PASSWORD = "morning coffee ledger 2031"
TEAM_SIZE = 4
REQUEST_TIMEOUT = 30  # seconds: a request slower than this counts as an error


@dataclass
class Timings:
    """What everyone measured, added to from many threads."""

    pages: list = field(default_factory=list)  # seconds, HTML pages (officials' and advocates')
    saves: list = field(default_factory=list)
    pdfs: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            getattr(self, kind).append(seconds)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


@dataclass
class Official:
    number: int
    email: str
    assessment_id: int
    levers: list  # [(lever id, [question, ...])] this official edits
    expected: dict = field(default_factory=dict)  # question id -> (stored value, note) last saved
    session: WebSession | None = None


@dataclass(frozen=True)
class MorningResult:
    seconds: float
    officials: int
    advocates: int
    saves: int
    pages: int
    pdfs: int
    errors: int
    lost: int
    answers_checked: int
    page_p95_ms: float
    save_p95_ms: float
    pdf_p95_ms: float
    first_problems: tuple[str, ...]


def prepare_officials(app, count: int, year: int) -> list[Official]:
    """Accounts (one password hash for all: hashing 200 would take a minute), one
    draft per official working alone or per team, and who edits which levers."""
    from werkzeug.security import generate_password_hash

    from assessment.models._common import utcnow
    from assessment.survey import operations as service

    run = secrets.token_hex(3)
    password_hash = generate_password_hash(PASSWORD)
    alone = count // 2
    teams = -(-(count - alone) // TEAM_SIZE)
    with app.app_context():
        content = app.extensions["questionnaire"]
        # Counties without a draft of this year yet (bench/run.py's official has the first one).
        places = db.session.scalars(
            select(Jurisdiction)
            .where(Jurisdiction.kind == "county")
            .order_by(Jurisdiction.id)
            .offset(1)
            .limit(alone + teams)
        ).all()
        officials: list[Official] = []
        for slot, place in enumerate(places):
            members = 1 if slot < alone else min(TEAM_SIZE, count - len(officials))
            users = [
                User(
                    email=f"morning{len(officials) + n}-{run}@bench.example.gov",
                    password_hash=password_hash,
                    email_confirmed_at=utcnow(),
                )
                for n in range(members)
            ]
            db.session.add_all(users)
            db.session.flush()
            assessment = service.start_assessment(content, users[0], place, year)
            for user in users[1:]:
                db.session.add(
                    Editor(assessment_id=assessment.id, user_id=user.id, added_by_id=users[0].id, role="editor")
                )
            pages = [
                (lever.id, service.applicable_questions(content, lever, place, year))
                for lever in service.applicable_levers(content, place, year)
            ]
            for position, user in enumerate(users):
                mine = [page for n, page in enumerate(pages) if n % members == position]
                officials.append(Official(len(officials), user.email, assessment.id, mine))
        db.session.commit()
    return officials


def public_targets(app, count: int = 400) -> tuple[list[int], list[int]]:
    """(places with a published scorecard, one published assessment of each), spread over the dataset."""
    with app.app_context():
        rows = db.session.execute(
            select(LatestPublished.jurisdiction_id, LatestPublished.assessment_id)
            .where(LatestPublished.for_year == ANY_YEAR, LatestPublished.for_kind == ANY_KIND)
            .order_by(LatestPublished.jurisdiction_id)
        ).all()
    step = max(len(rows) // count, 1)
    sample = rows[::step][:count]
    return [r.jurisdiction_id for r in sample], [r.assessment_id for r in sample]


def timed(
    session: WebSession,
    timings: Timings,
    kind: str,
    path: str,
    expect: int | None = 200,
    form: list | None = None,
    token: str | None = None,
):
    """One request, timed into `kind`; None (and an error noted) unless it answers `expect`
    (None: a PDF, 200 or 202 "being prepared")."""
    started = time.perf_counter()
    try:
        reply = session.post(path, form, token) if form is not None else session.get(path)
    except Exception as error:  # noqa: BLE001 (a timeout, a refused connection: the person saw an error)
        timings.error(f"{'POST' if form is not None else 'GET'} {path}: {type(error).__name__}: {error}")
        return None
    timings.add(kind, time.perf_counter() - started)
    if reply.status != expect and not (expect is None and reply.status in (200, 202)):
        timings.error(f"{'POST' if form is not None else 'GET'} {path}: {reply.status}")
        return None
    return reply


def pause(deadline: float, seconds: float) -> bool:
    """Sleep, but not past the deadline; False once it has passed."""
    time.sleep(max(0.0, min(seconds, deadline - time.monotonic())))
    return time.monotonic() < deadline


def official_morning(official: Official, timings: Timings, deadline: float, rng: random.Random) -> None:
    session = official.session
    base = f"/assessments/{official.assessment_id}"
    turn = 0
    if not pause(deadline, rng.uniform(0, 20)):  # people arrive over the first minutes, not all at once
        return
    while time.monotonic() < deadline and official.levers:
        lever_id, questions = official.levers[turn % len(official.levers)]
        path = f"{base}/levers/{lever_id}"
        page = timed(session, timings, "pages", path)
        if page is None:
            return
        think = rng.uniform(10, 30)
        if rng.random() < 0.3:  # a look at the scorecard meanwhile, in a tab of its own
            glance = rng.uniform(0, think)
            if not pause(deadline, glance):
                return
            timed(session, timings, "pages", f"{base}/scorecard")
            think -= glance
        if not pause(deadline, think):
            return
        form, wanted = [("revision", revision_in(page.body)), ("go", "overview")], {}
        for question in questions:
            values, stored = choose(rng, question)
            note = f"{official.email} save {turn} {question.id}"
            form += [(question.id, v) for v in values] + [(f"{question.id}__note", note)]
            wanted[question.id] = (stored, note)
        if timed(session, timings, "saves", path, expect=302, form=form, token=token_in(page.body)) is None:
            return
        official.expected.update(wanted)
        timed(session, timings, "pages", base)  # where the save sends them
        turn += 1


def advocate_morning(
    number: int,
    base_url: str,
    timings: Timings,
    deadline: float,
    places: list[int],
    published: list[int],
    rng: random.Random,
) -> None:
    session = WebSession(base_url, timeout=REQUEST_TIMEOUT)
    states = ["CA", "TX", "NY", "WA", "IL", "FL", "AZ", "NJ", "GA", "OR"]
    pages = [
        (3, lambda: "/directory"),
        (2, lambda: f"/directory?page={rng.randint(2, 300)}"),
        (1, lambda: f"/directory?sort={rng.choice(['protection', 'next_level', 'name'])}"),
        (1, lambda: f"/directory?state={rng.choice(states)}"),
        (1, lambda: f"/directory?q={rng.choice(['spring', 'san', 'county', 'lake', 'north'])}"),
        (2, lambda: f"/jurisdictions/{rng.choice(places)}"),
        (3, lambda: "/compare?" + "&".join(f"j={p}" for p in rng.sample(places, rng.randint(2, 8)))),
        (2, lambda: f"/assessments/{rng.choice(published)}/scorecard"),
    ]
    weights = [w for w, _ in pages]
    if not pause(deadline, rng.uniform(0, 10)):
        return
    while time.monotonic() < deadline:
        if rng.random() < 0.12:
            pdf = f"/assessments/{rng.choice(published)}/scorecard.pdf"
            reply = timed(session, timings, "pdfs", pdf, expect=None)
            if reply is not None and reply.status == 202:  # "being prepared": the page reloads itself
                if not pause(deadline, float(reply.headers.get("Retry-After", 10))):
                    return
                timed(session, timings, "pdfs", pdf, expect=None)
        else:
            timed(session, timings, "pages", rng.choices(pages, weights)[0][1]())
        if not pause(deadline, rng.uniform(3, 12)):
            return


def lost_answers(app, officials: list[Official]) -> tuple[int, list[str]]:
    """Every answer each official last saved, read back: (answers checked, what is missing or different)."""
    lost, checked = [], 0
    with app.app_context():
        for official in officials:
            rows = {
                row.question_id: row
                for row in db.session.scalars(select(Answer).where(Answer.assessment_id == official.assessment_id))
            }
            for question_id, (value, note) in official.expected.items():
                checked += 1
                row = rows.get(question_id)
                if row is None or row.value != value or row.evidence_note != note:
                    lost.append(
                        f"{official.email} {question_id}: saved {value!r}, stored "
                        f"{None if row is None else row.value!r}"
                    )
        db.session.rollback()
    return checked, lost


def sign_in_all(officials: list[Official], base_url: str) -> None:
    def sign_in(official: Official) -> None:
        session = WebSession(base_url, timeout=REQUEST_TIMEOUT)
        reply = session.login(official.email, PASSWORD)
        if reply.status != 302:
            raise RuntimeError(f"{official.email} could not sign in: {reply.status}")
        official.session = session

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(sign_in, officials))


def run_morning(
    app,
    server: LiveServer,
    year: int,
    officials_count: int = 200,
    advocates: int = 20,
    seconds: float = 120,
    seed: int = 11,
) -> MorningResult:
    officials = prepare_officials(app, officials_count, year)
    places, published = public_targets(app)
    sign_in_all(officials, server.base_url)  # before the clock: a morning's sign-ins are spread over an hour
    timings = Timings()
    rng = random.Random(seed)
    began = time.monotonic()
    deadline = began + seconds
    threads = [
        threading.Thread(target=official_morning, args=(o, timings, deadline, random.Random(rng.random())), daemon=True)
        for o in officials
    ]
    threads += [
        threading.Thread(
            target=advocate_morning,
            args=(n, server.base_url, timings, deadline, places, published, random.Random(rng.random())),
            daemon=True,
        )
        for n in range(advocates)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        # Bounded: a request in flight at the deadline ends within its timeout.
        thread.join(timeout=max(deadline - time.monotonic(), 0) + REQUEST_TIMEOUT + 5)
    elapsed = time.monotonic() - began
    stuck = sum(thread.is_alive() for thread in threads)
    if stuck:
        timings.error(f"{stuck} simulated people still waiting after the deadline")
    checked, lost = lost_answers(app, officials)
    return MorningResult(
        seconds=elapsed,
        officials=len(officials),
        advocates=advocates,
        saves=len(timings.saves),
        pages=len(timings.pages),
        pdfs=len(timings.pdfs),
        errors=len(timings.errors),
        lost=len(lost),
        answers_checked=checked,
        page_p95_ms=1000 * percentile(timings.pages, 0.95),
        save_p95_ms=1000 * percentile(timings.saves, 0.95),
        pdf_p95_ms=1000 * percentile(timings.pdfs, 0.95),
        first_problems=tuple(timings.errors[:5] + lost[:5]),
    )
