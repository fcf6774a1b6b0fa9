"""What a reader on a phone waits for (bench/run.py): the lever page and the
scorecard page in Debian's headless Chromium (Playwright, /usr/bin/chromium)
with the network throttled through the DevTools protocol to Lighthouse's
"slow 4G" figures: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up
(Network.emulateNetworkConditions; the CPU is not slowed). Each load starts
with an empty cache, on a phone-sized window (412 x 823, Lighthouse's).

* Largest contentful paint: the last 'largest-contentful-paint' entry a
  PerformanceObserver saw by the time the page and everything it loads had
  arrived.
* Page weight: the bytes that came over the network for every response
  (the page, CSS, scripts, fonts, images; Network.loadingFinished's
  encodedDataLength, headers included).

Only 127.0.0.1 is reachable: every other host name resolves to nothing.
"""

from __future__ import annotations

import os
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
PHONE = {"width": 412, "height": 823}
WATCH_LCP = """
window.__largestPaint = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) { window.__largestPaint = entry.startTime; }
}).observe({type: 'largest-contentful-paint', buffered: true});
"""


@dataclass
class PageLoad:
    lcp_ms: float
    bytes: int
    by_type: dict = field(default_factory=dict)  # resource type -> bytes

    @property
    def kb(self) -> float:
        return self.bytes / 1024


def load_once(browser, url: str, storage_state=None) -> PageLoad:
    context = browser.new_context(viewport=PHONE, storage_state=storage_state)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        types, received = {}, defaultdict(int)
        cdp.on("Network.responseReceived", lambda event: types.__setitem__(event["requestId"], event["type"]))
        cdp.on(
            "Network.loadingFinished",
            lambda event: received.__setitem__(event["requestId"], event["encodedDataLength"]),
        )
        page.add_init_script(WATCH_LCP)
        response = page.goto(url, wait_until="load", timeout=60_000)
        if response is None or response.status != 200:
            raise RuntimeError(f"{url} answered {response and response.status} in Chromium")
        page.wait_for_load_state("networkidle", timeout=60_000)
        lcp = page.evaluate("window.__largestPaint")
        by_type = defaultdict(int)
        for request_id, size in received.items():
            by_type[types.get(request_id, "Other")] += int(size)
        return PageLoad(float(lcp), sum(by_type.values()), dict(by_type))
    finally:
        context.close()


def signed_in_state(browser, base_url: str, email: str, password: str):
    """The cookies of a browser signed in through the real sign-in page (not throttled)."""
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(base_url + "/login")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        if "/login" in page.url:
            raise RuntimeError("the benchmark official could not sign in in Chromium")
        return context.storage_state()
    finally:
        context.close()


def median_load(loads: list[PageLoad]) -> PageLoad:
    """The median LCP, and the weight of the heaviest load (the weight barely varies)."""
    heaviest = max(loads, key=lambda load: load.bytes)
    return PageLoad(statistics.median(load.lcp_ms for load in loads), heaviest.bytes, heaviest.by_type)


def page_loads(
    base_url: str, lever_path: str, scorecard_path: str, email: str, password: str, runs: int = 3
) -> tuple[PageLoad, PageLoad]:
    """(the lever page, signed in; the public scorecard page), each the median of `runs` cold loads."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            state = signed_in_state(browser, base_url, email, password)
            lever = [load_once(browser, base_url + lever_path, state) for _ in range(runs)]
            scorecard = [load_once(browser, base_url + scorecard_path) for _ in range(runs)]
        finally:
            browser.close()
    return median_load(lever), median_load(scorecard)
