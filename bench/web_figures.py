"""Figures measured against a real gunicorn server on 127.0.0.1 (bench/run.py).

Throughput and latency come from wrk (16 connections, from this machine);
saves, PDFs and the CSV from a plain HTTP client, one request at a time;
worker memory from /proc.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .live import USER_AGENT, LiveServer, NoRedirect, WebSession, revision_in, token_in


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p99_ms: float


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk is not installed: `apt-get install -y wrk` (make bench does it).")
    return path


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk(url: str, cookie: str | None = None, seconds: int = 10, connections: int = 16, threads: int = 2) -> Load:
    command = [
        wrk_path(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "-H",
        f"User-Agent: {USER_AGENT}",
        url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    if "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"wrk got error responses from {url}:\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = _milliseconds(re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE).group(1))
    return Load(rps, p99)


def cookie_header(session: WebSession) -> str:
    """The browser's cookies, as a Cookie header for wrk."""
    jar = next(h for h in session.opener.handlers if isinstance(h, urllib.request.HTTPCookieProcessor)).cookiejar
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def answer_to(url: str, cookie: str | None) -> tuple[int, bool]:
    """The status of one GET as wrk sends it (redirects not followed), and
    whether the answer sets a cookie."""
    headers = {"User-Agent": USER_AGENT} | ({"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.build_opener(NoRedirect()).open(
            urllib.request.Request(url, headers=headers), timeout=60
        ) as response:
            return response.status, "Set-Cookie" in response.headers
    except urllib.error.HTTPError as error:
        return error.code, "Set-Cookie" in error.headers


def warm_up_load(page_url: str, plain_url: str, signed_in_url: str, cookie: str) -> None:
    wrk(page_url, cookie, seconds=3)
    wrk(plain_url, seconds=3)
    wrk(signed_in_url, cookie, seconds=3)


def load_round(page_url: str, plain_url: str, signed_in_url: str, cookie: str, seconds: int) -> tuple[Load, Load, Load]:
    """One run each, in turn, of the page, the plain page, and the same plain
    page signed in (bench/ceiling.py: it loads the signed-in user, as every
    signed-in page does).

    wrk sends the same cookie every time and keeps none it is given, so each
    request must be one a browser would make: signed in (wrk counts a redirect
    to the sign-in page as a success) and with nothing to change in the session
    (a message left to show would be shown, and the cookie rewritten, every time)."""
    for url in (page_url, signed_in_url):
        status, sets_cookie = answer_to(url, cookie)
        if status != 200 or sets_cookie:
            raise RuntimeError(
                f"{url} answers {status}{' and sets a cookie' if sets_cookie else ''} to the signed-in cookie"
            )
    return wrk(page_url, cookie, seconds), wrk(plain_url, seconds=seconds), wrk(signed_in_url, cookie, seconds)


def median_load(loads: list[Load]) -> Load:
    return Load(statistics.median(x.requests_per_second for x in loads), statistics.median(x.p99_ms for x in loads))


def chosen_option(question, turn: int) -> str:
    """An option id of the question: the first one on odd turns, the last on even ones."""
    options = [o.id for o in question.options if not o.exclusive] if question.kind == "multi" else []
    options = options or [o.id for o in question.options]
    return options[turn % 2 - 1]


def answer_form(questions, turn: int) -> list[tuple[str, str]]:
    """Every question of the page answered, with evidence, differently on odd and even turns."""
    form = []
    for question in questions:
        form += [
            (question.id, chosen_option(question, turn)),
            (f"{question.id}__citation", f"Ord. {2000 + turn}"),
            (f"{question.id}__note", f"Benchmark save {turn}"),
        ]
    return form


def save_times(session: WebSession, url: str, questions, count: int) -> list[float]:
    """Milliseconds per save of a whole lever page (the page is read first, untimed, for its revision)."""
    times = []
    for turn in range(count + 3):
        page = session.get(url).body
        form = [("revision", revision_in(page)), ("go", "overview"), *answer_form(questions, turn)]
        started = time.perf_counter()
        reply = session.post(url, form, token_in(page))
        elapsed = (time.perf_counter() - started) * 1000
        if reply.status != 302:
            raise RuntimeError(f"save failed with {reply.status}: {reply.body[:300]}")
        if turn >= 3:  # the first saves warm the worker up
            times.append(elapsed)
    return times


def timed_get(url: str) -> tuple[float, bytes]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        data = response.read()
        status = response.status
    if status != 200:
        raise RuntimeError(f"{url}: {status}")
    return (time.perf_counter() - started) * 1000, data


def pdf_times(base_url: str, warm_up_ids: list[int], ids: list[int]) -> tuple[list[float], list[float]]:
    """First renders of published scorecards (cache misses) in warmed-up workers,
    then the same PDFs downloaded again (cache hits), in milliseconds."""
    for assessment_id in warm_up_ids:
        timed_get(f"{base_url}/assessments/{assessment_id}/scorecard.pdf")
    first = [timed_get(f"{base_url}/assessments/{i}/scorecard.pdf")[0] for i in ids]
    again = [timed_get(f"{base_url}/assessments/{i}/scorecard.pdf")[0] for i in ids]
    return first, again


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def workers_rss_mb(server: LiveServer) -> float:
    """The largest resident memory among the server's workers."""
    return max((rss_mb(pid) for pid in server.worker_pids()), default=0.0)


@dataclass(frozen=True)
class Stream:
    seconds: float
    rows: int
    rss_before_mb: float
    rss_peak_mb: float


def stream_csv(server: LiveServer, path: str) -> Stream:
    """Download a CSV over HTTP, sampling the workers' memory meanwhile."""
    before = workers_rss_mb(server)
    peak = [before]
    done = threading.Event()

    def sample():
        while not done.wait(0.1):
            peak[0] = max(peak[0], workers_rss_mb(server))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    rows = 0
    with urllib.request.urlopen(server.base_url + path, timeout=600) as response:
        while chunk := response.read(1 << 16):
            rows += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return Stream(seconds, rows - 2, before, peak[0])  # less the licence line and the header
