"""The report in a real browser: headless Chromium opens ``index.html`` offline.

Chromium is driven through its own DevTools protocol over ``--remote-debugging-pipe``
(file descriptors 3 and 4, NUL-terminated JSON): no extra Python package, no network
port, no browser download, no coupling to a driver's pinned browser build. The page
must load with no console error, no uncaught exception and no failed request, and must
not fetch anything but itself (no CDN script, no web font). A deliberately broken page
proves each check can fail. A full-page screenshot is kept for a person to look at in
``build/screenshots/``.

Without ``/usr/bin/chromium`` the tests are skipped, unless ``CI`` is set: there a
missing browser is a failure (``.ci/run`` installs it).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a browser, on the sample reports

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "build" / "screenshots"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
    "--hide-scrollbars",
    "about:blank",
]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
TIMEOUT = 20.0
#: The printed page's content width in CSS pixels: A4 (210 mm) less the template's
#: @page side margins (2 × 13 mm), at 96 px per inch.
A4_CONTENT_PX = round((210 - 2 * 13) / 25.4 * 96)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


class BrowserError(RuntimeError):
    """Chromium did not answer, answered with an error, or exited."""


class Chromium:
    """A headless Chromium and a minimal DevTools-protocol client over its pipe."""

    def __init__(self, executable: Path = CHROMIUM) -> None:
        self.profile = tempfile.mkdtemp(prefix="ca-chromium-")
        self.log = open(Path(self.profile).with_suffix(".log"), "w+b")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # the child's ends go to fds >= 10 so that the dup2 onto 3 and 4 cannot clobber them
        child_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD_CLOEXEC, 10)
        child_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_browser_r)
        os.close(from_browser_w)

        def wire_pipe() -> None:  # in the child: the protocol reads fd 3 and writes fd 4
            os.dup2(child_r, 3)
            os.dup2(child_w, 4)

        try:
            self.proc = subprocess.Popen(
                [str(executable), *FLAGS, f"--user-data-dir={self.profile}"],
                stdin=subprocess.DEVNULL,
                stdout=self.log,
                stderr=self.log,
                pass_fds=(3, 4),
                preexec_fn=wire_pipe,
                start_new_session=True,
            )
        finally:
            os.close(child_r)
            os.close(child_w)
        self._buf = b""
        self._next_id = 0
        self._events: list[dict] = []
        try:
            self.version = self.call("Browser.getVersion")["product"]
        except BaseException:
            self.close()
            raise

    # -- protocol ---------------------------------------------------------------------
    def _send(self, msg: dict) -> None:
        data = json.dumps(msg).encode() + b"\0"
        try:
            while data:
                data = data[os.write(self._to_browser, data) :]
        except BrokenPipeError:
            raise BrowserError(f"chromium is not running; log:\n{self.tail()}") from None

    def _read(self, deadline: float) -> dict | None:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if ready:
                chunk = os.read(self._from_browser, 1 << 20)
                if not chunk:
                    raise BrowserError(f"chromium closed the pipe; log:\n{self.tail()}")
                self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def call(
        self, method: str, session: str | None = None, timeout: float = TIMEOUT, **params
    ) -> dict:
        self._next_id += 1
        msg_id = self._next_id
        msg: dict = {"id": msg_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        self._send(msg)
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply is None:
                raise BrowserError(f"{method}: no answer in {timeout:.0f} s")
            if reply.get("id") == msg_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self._events.append(reply)

    def events(self, session: str, until: float) -> list[dict]:
        """This session's events, after reading until ``until`` (monotonic) passes."""
        while (msg := self._read(until)) is not None:
            if "method" in msg:
                self._events.append(msg)
        mine = [e for e in self._events if e.get("sessionId") == session]
        self._events = [e for e in self._events if e.get("sessionId") != session]
        return mine

    def tail(self, n: int = 2000) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-n:]

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                try:
                    self.call("Browser.close", timeout=5)
                except (BrowserError, OSError):
                    pass
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    os.killpg(self.proc.pid, signal.SIGKILL)  # our own session only
                    self.proc.wait(timeout=5)
        finally:
            for fd in (self._to_browser, self._from_browser):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self.log.close()
            os.unlink(self.log.name)
            shutil.rmtree(self.profile, ignore_errors=True)

    # -- one page -----------------------------------------------------------------------
    def open(self, url: str, screenshot: Path | None = None) -> dict:
        """Load ``url`` in a fresh tab and report what happened.

        Returns ``console_errors`` (console.error/assert, uncaught exceptions, browser log
        errors), ``failed_requests`` (network failures and HTTP status ≥ 400),
        ``requests`` (every URL asked for), ``text`` (the body's visible text) and
        ``toc`` (each contents link with whether its target is in the page).
        """
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        s = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        try:
            for domain in ("Page", "Runtime", "Log", "Network"):
                self.call(f"{domain}.enable", s)
            self.call(
                "Emulation.setDeviceMetricsOverride",
                s,
                width=1200,
                height=900,
                deviceScaleFactor=1,
                mobile=False,
            )
            nav = self.call("Page.navigate", s, url=url)
            if nav.get("errorText"):
                raise BrowserError(f"{url}: {nav['errorText']}")
            events = self._until_loaded(s)
            report = self._inspect(s)
            events += self.events(s, time.monotonic() + 0.3)  # late errors, if any
            report.update(_classify(events))
            if screenshot is not None:
                size = self.call("Page.getLayoutMetrics", s)["cssContentSize"]
                shot = self.call(
                    "Page.captureScreenshot",
                    s,
                    format="png",
                    captureBeyondViewport=True,
                    clip={
                        "x": 0,
                        "y": 0,
                        "width": size["width"],
                        "height": size["height"],
                        "scale": 1,
                    },
                )
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                screenshot.write_bytes(base64.b64decode(shot["data"]))
            return report
        finally:
            self.call("Target.closeTarget", targetId=target)

    def printed_layout(self, url: str, width: int = A4_CONTENT_PX) -> dict:
        """Load ``url`` as it prints (print media, the A4 page's content width) and list
        what does not fit: ``tables`` wider than the page (by their first header cell)
        and ``console_errors`` while loading."""
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        s = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        try:
            for domain in ("Page", "Runtime", "Log"):
                self.call(f"{domain}.enable", s)
            self.call("Emulation.setEmulatedMedia", s, media="print")
            self.call(
                "Emulation.setDeviceMetricsOverride",
                s,
                width=width,
                height=1000,
                deviceScaleFactor=1,
                mobile=False,
            )
            self.call("Page.navigate", s, url=url)
            events = self._until_loaded(s)
            js = """(() => {
              const page = document.documentElement.clientWidth;
              // wider than the page, or than a box that would print a scrollbar
              const scrolls = Array.from(document.querySelectorAll('*')).filter(e => {
                const x = getComputedStyle(e).overflowX;
                return (x === 'auto' || x === 'scroll') && e.scrollWidth > e.clientWidth + 1;
              });
              const wide = Array.from(document.querySelectorAll('table')).filter(
                t => t.getBoundingClientRect().right > page + 1 || t.scrollWidth > page + 1 ||
                     scrolls.some(e => e.contains(t)));
              return {page: page, tables: wide.map(t => {
                const th = t.querySelector('th');
                return (th ? th.innerText : t.innerText).slice(0, 40) +
                       ' (' + Math.round(t.getBoundingClientRect().width) + 'px)';
              })};
            })()"""
            res = self.call("Runtime.evaluate", s, expression=js, returnByValue=True)
            report = res["result"]["value"]
            report["console_errors"] = _classify(events)["console_errors"]
            return report
        finally:
            self.call("Target.closeTarget", targetId=target)

    def _until_loaded(self, session: str) -> list[dict]:
        deadline = time.monotonic() + TIMEOUT
        seen: list[dict] = []
        while True:
            seen += self.events(session, min(deadline, time.monotonic() + 0.1))
            if any(e["method"] == "Page.loadEventFired" for e in seen):
                return seen
            if time.monotonic() > deadline:
                raise BrowserError(f"the page did not load in {TIMEOUT:.0f} s")

    def _inspect(self, session: str) -> dict:
        js = """(() => ({
          text: document.body ? document.body.innerText : "",
          toc: Array.from(document.querySelectorAll('nav.ca-toc a')).map(a => ({
            href: a.getAttribute('href'),
            text: a.innerText,
            found: a.hash.length > 1 &&
                   document.getElementById(decodeURIComponent(a.hash.slice(1))) !== null,
          })),
        }))()"""
        res = self.call("Runtime.evaluate", session, expression=js, returnByValue=True)
        if "exceptionDetails" in res:
            raise BrowserError(f"inspection script failed: {res['exceptionDetails']}")
        return res["result"]["value"]


def _classify(events: list[dict]) -> dict:
    errors, failed, requests = [], [], []
    urls: dict[str, str] = {}
    for e in events:
        m, p = e["method"], e.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            errors.append(
                "console."
                + p["type"]
                + ": "
                + " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
            )
        elif m == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            errors.append("uncaught: " + d.get("exception", {}).get("description", d.get("text")))
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            errors.append(
                f"log ({p['entry'].get('source')}): {p['entry'].get('text')} "
                f"{_short(p['entry'].get('url', ''))}".rstrip()
            )
        elif m == "Network.requestWillBeSent":
            urls[p["requestId"]] = _short(p["request"]["url"])
            requests.append(urls[p["requestId"]])
        elif m == "Network.loadingFailed":
            failed.append(f"{p.get('errorText')}: {urls.get(p['requestId'], '?')}")
        elif m == "Network.responseReceived" and p["response"].get("status", 0) >= 400:
            failed.append(f"HTTP {p['response']['status']}: {_short(p['response']['url'])}")
    return {"console_errors": errors, "failed_requests": failed, "requests": requests}


def _short(url: str) -> str:
    """A URL fit for a message: inline data (embedded charts) cut to its media type."""
    return url[:40] + "…" if url.startswith("data:") and len(url) > 40 else url


@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        if _in_ci():
            pytest.fail(
                f"{CHROMIUM} is missing and CI is set: .ci/run must install the "
                "Debian package chromium"
            )
        pytest.skip(
            f"no {CHROMIUM} on this machine (apt-get install chromium "
            "fonts-noto-cjk to run the browser tests)"
        )
    b = Chromium()
    yield b
    b.close()


@pytest.fixture(scope="module")
def seasoning_page(browser, sample_reports):
    index = sample_reports["seasoning", "zh"]  # made once per run, in conftest.py
    shot = SCREENSHOTS / "report_seasoning_zh.png"
    shot.unlink(missing_ok=True)
    page = browser.open(index.as_uri(), screenshot=shot)
    return index, shot, page


def test_chromium_is_the_one_driven(browser):
    assert browser.version.startswith(("Chrome/", "HeadlessChrome/")), browser.version


def test_report_loads_without_errors(seasoning_page):
    index, _, page = seasoning_page
    assert page["console_errors"] == []
    assert page["failed_requests"] == []
    assert index.as_uri() in page["requests"]
    # self-contained: nothing but the file itself and inline data is ever requested
    assert [u for u in page["requests"] if not u.startswith(LOCAL_SCHEMES)] == []


def test_report_text_is_visible(seasoning_page):
    text = seasoning_page[2]["text"]
    assert "豫香园食品有限公司" in text
    assert "渠道组合概览" in text


def test_contents_links_land_in_the_page(seasoning_page):
    toc = seasoning_page[2]["toc"]
    assert toc, "the report has no table of contents links"
    assert [t for t in toc if not t["found"]] == []
    assert any(t["text"] == "渠道组合概览" and t["href"] == "#sec-00_overview" for t in toc)


def test_screenshot_saved(seasoning_page):
    shot = seasoning_page[1]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width >= 1000 and height > 900, (width, height)  # the whole page, not the viewport


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("client", ["seasoning", "cosmetics", "feed"])
def test_every_table_fits_the_printed_page(browser, sample_reports, client, lang):
    layout = browser.printed_layout(sample_reports[client, lang].as_uri())
    assert layout["page"] == A4_CONTENT_PX
    assert layout["tables"] == [] and layout["console_errors"] == []


def test_a_table_too_wide_for_the_page_is_caught(browser, tmp_path):
    cells = "".join(f"<th>column {i}</th>" for i in range(40))
    (tmp_path / "wide.html").write_text(f"<html><body><table><tr>{cells}</tr></table></body>")
    layout = browser.printed_layout((tmp_path / "wide.html").as_uri())
    assert [t.split(" (")[0] for t in layout["tables"]] == ["column 0"]


def test_broken_page_is_caught(browser, tmp_path):
    """The checks above cannot pass vacuously: each kind of fault is reported."""
    (tmp_path / "thrown.html").write_text(
        '<html><body><p>x</p><script>throw new Error("boom")</script></body></html>'
    )
    page = browser.open((tmp_path / "thrown.html").as_uri())
    assert any("boom" in e for e in page["console_errors"]), page["console_errors"]

    (tmp_path / "logged.html").write_text(
        '<html><body><script>console.error("bad " + 42)</script></body></html>'
    )
    page = browser.open((tmp_path / "logged.html").as_uri())
    assert page["console_errors"] == ["console.error: bad 42"]

    (tmp_path / "external.html").write_text(
        '<html><head><link rel="stylesheet" href="https://fonts.invalid/css?family=Noto">'
        '</head><body><img src="missing.png"></body></html>'
    )
    page = browser.open((tmp_path / "external.html").as_uri())
    assert any(u.startswith("https://fonts.invalid/") for u in page["requests"])
    assert sorted(f.split(": ", 1)[1] for f in page["failed_requests"]) == [
        (tmp_path / "missing.png").as_uri(),
        "https://fonts.invalid/css?family=Noto",
    ]
