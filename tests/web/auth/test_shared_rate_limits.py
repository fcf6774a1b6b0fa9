"""Sign-in limits across several app servers: with RATELIMIT_STORAGE_URI
pointing at one Redis, a wrong password typed through one server counts on
every server, so a load balancer spreading attempts cannot multiply the limit.
With the default per-process store (memory://) each server counts alone,
which is why the README asks for a shared store past one process.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from bench.live import LOOPBACK, LiveServer, WebSession, free_port

LIMIT = 3
EMAIL = "limited@king.example.gov"


@pytest.fixture
def redis_url(tmp_path: Path):
    """A private, throw-away redis-server on 127.0.0.1 (scripts/system-deps.sh installs it)."""
    server = shutil.which("redis-server")
    assert server, "redis-server is not installed: run scripts/system-deps.sh (make test does)"
    port = free_port()
    process = subprocess.Popen(
        [
            server,
            "--bind",
            LOOPBACK,
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
            "--protected-mode",
            "yes",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        import redis

        client = redis.Redis(host=LOOPBACK, port=port)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://{LOOPBACK}:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def wrong_passwords_through(servers: list[LiveServer], attempts: int) -> list[int]:
    """The statuses of `attempts` wrong-password sign-ins, taking turns over the servers."""
    statuses = []
    for turn in range(attempts):
        session = WebSession(servers[turn % len(servers)].base_url)
        statuses.append(session.login(EMAIL, "not the right passphrase at all").status)
    return statuses


def two_servers(app, tmp_path: Path, store: str) -> tuple[LiveServer, LiveServer]:
    env = {
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "RATELIMIT_ENABLED": "1",
        "RATELIMIT_STORAGE_URI": store,
        "AUTH_FAILURES_PER_ACCOUNT": f"{LIMIT} per 15 minutes",
    }
    return (
        LiveServer(env, log_path=tmp_path / f"first-{store[:5]}.log"),
        LiveServer(env, log_path=tmp_path / f"second-{store[:5]}.log"),
    )


@pytest.mark.timeout(240)
@pytest.mark.slow
def test_sign_in_limits_are_shared_through_redis(app, make_user, tmp_path, redis_url):
    make_user(EMAIL)
    first, second = two_servers(app, tmp_path, redis_url)
    with first, second:
        # Three failures spread over both servers fill the account's counter...
        assert wrong_passwords_through([first, second], LIMIT) == [422] * LIMIT
        # ...so the next attempt is refused, whichever server it reaches.
        assert wrong_passwords_through([second], 1) == [429]
        assert wrong_passwords_through([first], 1) == [429]


@pytest.mark.timeout(240)
@pytest.mark.slow
def test_per_process_limits_count_each_server_alone(app, make_user, tmp_path):
    make_user(EMAIL)
    first, second = two_servers(app, tmp_path, "memory://")
    with first, second:
        assert wrong_passwords_through([first, second], LIMIT) == [422] * LIMIT
        # The second server has seen only one failure: it still lets the next one through.
        assert wrong_passwords_through([second], 1) == [422]
