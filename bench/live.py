"""Run the app in a real server on 127.0.0.1 and talk to it like a browser.

Used by bench/load_save.py and by the tests that need a real server process
(tests/web/test_crash_mid_save.py, tests/web/test_load_short.py). Standard
library only on the client side; every request goes to 127.0.0.1.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"
BENCH_APP = "bench.wsgi_bench:app"  # wsgi:app plus bench/ceiling.py's pages
# Every request of one benchmark "browser" names the same browser, as a real one
# does: a signed-in session seen from another browser is marked not fresh
# (flask-login's session protection), and rewritten on every request of a
# client that, like wrk, sends the cookie it was given and keeps no other.
USER_AGENT = "assessment-bench/1 (urllib; wrk)"
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
REVISION = re.compile(r'name="revision" (?:type="hidden" )?value="(\d*)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


class LiveServer:
    """gunicorn serving wsgi:app (or `app_module`) on 127.0.0.1; stops (and is killed if need be) on exit."""

    def __init__(
        self,
        env: dict[str, str],
        workers: int = 1,
        threads: int = 1,
        log_path: Path | None = None,
        timeout: int = 120,
        config: Path | None = None,
        extra_args: tuple[str, ...] = (),
        app_module: str = "wsgi:app",
    ):
        self.port = free_port()
        self.base_url = f"http://{LOOPBACK}:{self.port}"
        self.env = {**os.environ, "RATELIMIT_ENABLED": "0", **env}
        self.workers, self.threads, self.timeout = workers, threads, timeout
        self.log_path = log_path
        # A gunicorn settings file (deploy/gunicorn.conf.py); the options above override it.
        self.config, self.extra_args = config, tuple(extra_args)
        self.app_module = app_module  # BENCH_APP: the app with the benchmark's ceiling pages
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> LiveServer:
        # Newer gunicorn opens a control socket under ~/.gunicorn by default; a
        # throw-away server needs none, and parallel runs would share its path.
        control = ["--no-control-socket"] if _supports_no_control_socket() else []
        settings = ["--config", str(self.config)] if self.config else []
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            *settings,
            "--bind",
            f"{LOOPBACK}:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--timeout",
            str(self.timeout),
            "--graceful-timeout",
            "5",
            *control,
            *self.extra_args,
            self.app_module,
        ]
        log = open(self.log_path, "wb") if self.log_path else subprocess.DEVNULL
        try:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        finally:
            if log is not subprocess.DEVNULL:
                log.close()  # gunicorn writes to its own copy; ours would leak (ResourceWarning)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with status {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base_url + "/about", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer within 60 seconds")

    def __exit__(self, *exc) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)

    def worker_pids(self) -> list[int]:
        """The worker processes: children of the gunicorn master."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def _supports_no_control_socket() -> bool:
    from gunicorn.config import KNOWN_SETTINGS

    return any("--no-control-socket" in (setting.cli or []) for setting in KNOWN_SETTINGS)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Reply:
    def __init__(self, status: int, data: bytes, headers):
        self.status, self.data, self.headers = status, data, headers
        self.body = data.decode("utf-8", "replace")


class WebSession:
    """One person's browser: its own cookies, CSRF tokens read from pages, no redirects followed."""

    def __init__(self, base_url: str, timeout: float = 60):
        assert urllib.parse.urlsplit(base_url).hostname == LOOPBACK, "traffic goes to 127.0.0.1 only"
        self.base_url, self.timeout = base_url, timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )
        self.opener.addheaders = [("User-Agent", USER_AGENT)]

    def _open(self, request: urllib.request.Request) -> Reply:
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return Reply(response.status, response.read(), response.headers)
        except urllib.error.HTTPError as error:
            with error:  # it holds the connection (every redirect is one): closed, not left to leak
                return Reply(error.code, error.read(), error.headers)

    def get(self, path: str) -> Reply:
        return self._open(urllib.request.Request(self.base_url + path))

    def post(self, path: str, pairs: list[tuple[str, str]], token: str) -> Reply:
        body = urllib.parse.urlencode([("csrf_token", token), *pairs]).encode()
        return self._open(urllib.request.Request(self.base_url + path, data=body, method="POST"))

    def post_from(self, page: str, path: str, pairs: list[tuple[str, str]]) -> Reply:
        """Load `page` for its CSRF token, then post `pairs` to `path`."""
        return self.post(path, pairs, token_in(self.get(page).body))

    def register(self, email: str, password: str) -> Reply:
        return self.post_from(
            "/register", "/register", [("email", email), ("password", password), ("confirm", password)]
        )

    def login(self, email: str, password: str) -> Reply:
        return self.post_from("/login", "/login", [("email", email), ("password", password)])


def token_in(html: str) -> str:
    match = CSRF.search(html)
    if not match:
        raise ValueError("page has no CSRF token")
    return match.group(1)


def revision_in(html: str) -> str:
    match = REVISION.search(html)
    return match.group(1) if match else ""
