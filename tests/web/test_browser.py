"""`closer present ID --browser`: the audience view in a browser tab, and the guard in front of it.

The server runs as a user starts it (`python -m closer_tui --db DB present ID --browser --port N`).
A headless Debian chromium loads the printed URL and the test reads what the page's terminal
shows (the xterm buffer, caught by a script that runs before the page's own). Requests without
the secret, with a foreign Origin or a wrong Host are sent by hand (http.client): they must get
403 and start no app, while the same request done right gets through (so the checks can fail).

Without chromium, chromedriver, textual-serve or selenium these tests skip with the reason,
except under CI=true, where tests/conftest.py makes every skip a failure: CI (.ci/run) installs them all.
"""

from __future__ import annotations

import base64
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from closer_tui import big_text
from closer_tui.audience import read_audience_view
from closer_tui.model import Partnership
from closer_tui.timer import format_remaining
from closer_tui.web import INSTALL_HINT, Guard

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# The flags this machine's chromium needs headless and offline (see the machine notes), and no
# back/forward cache (it can keep a left page's app alive).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-features=BackForwardCache",
    "--window-size=1280,900",
]
URL = re.compile(r"http://127\.0\.0\.1:(\d+)/[A-Za-z0-9_-]+/")
FOREIGN_ORIGIN = "http://evil.example"


def need(what: str, present: bool) -> None:
    """Skip with the reason when a tool is missing (under CI=true, tests/conftest.py makes that a failure)."""
    if not present:
        pytest.skip(f"{what} is missing: .ci/run installs it")


def importable(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (the apps a server started run under ``sh -c``)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        if int(stat.rpartition(")")[2].split()[1]) == pid:
            found.append(int(entry))
    return found


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@dataclass
class Served:
    process: subprocess.Popen
    url: str
    port: int
    started_in: float

    @property
    def secret_path(self) -> str:
        return self.url.split(f":{self.port}", 1)[1]  # "/SECRET/"

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def origin(self) -> str:
        return f"http://{self.host}"

    def apps(self) -> list[int]:
        return children(self.process.pid)


@pytest.fixture
def partnership(partnerships) -> Partnership:
    return partnerships[0]


@pytest.fixture
def served(filled_db, partnership) -> Iterator[Served]:
    need("textual-serve (pip install -e '.[test]')", importable("textual_serve"))
    port = free_port()
    command = [sys.executable, "-m", "closer_tui", "--db", str(filled_db), "present", partnership.id[:4], "--browser", "--port", str(port), "--layout", "stage"]
    began = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = None
        for line in process.stdout:
            if match := URL.search(line):
                url = match.group(0)
                break
        assert url, f"no URL printed; stderr:\n{process.stderr.read()}"
        assert int(URL.match(url).group(1)) == port
        yield Served(process, url, port, time.monotonic() - began)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def http_status(served: Served, path: str, *, host: str | None = None, origin: str | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host or served.host)
        if origin:
            connection.putheader("Origin", origin)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def open_websocket(served: Served, path: str, *, host: str | None = None, origin: str | None = None):
    """A WebSocket handshake by hand: (status, connection). 101 means an app was started."""
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    connection.putrequest("GET", path + "?width=80&height=24", skip_host=True)
    connection.putheader("Host", host or served.host)
    connection.putheader("Upgrade", "websocket")
    connection.putheader("Connection", "Upgrade")
    connection.putheader("Sec-WebSocket-Key", base64.b64encode(os.urandom(16)).decode())
    connection.putheader("Sec-WebSocket-Version", "13")
    if origin:
        connection.putheader("Origin", origin)
    connection.endheaders()
    return connection.getresponse().status, connection


def websocket_status(served: Served, path: str, **headers) -> int:
    status, connection = open_websocket(served, path, **headers)
    connection.close()
    return status


# --- the guard on its own ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path, host, origin, refusal",
    [
        ("/s3cret/", "127.0.0.1:8000", None, None),
        ("/s3cret/static/js/textual.js", "127.0.0.1:8000", None, None),
        ("/s3cret/ws", "127.0.0.1:8000", "http://127.0.0.1:8000", None),
        ("/", "127.0.0.1:8000", None, "no secret"),
        ("/static/", "127.0.0.1:8000", None, "no secret"),
        ("/download/x", "127.0.0.1:8000", None, "no secret"),
        ("/s3cre/", "127.0.0.1:8000", None, "no secret"),
        ("/s3cretX/", "127.0.0.1:8000", None, "no secret"),
        ("/s3cret", "127.0.0.1:8000", None, "no secret"),
        ("/s3cret/", "localhost:8000", None, "wrong Host"),
        ("/s3cret/", "evil.example", None, "wrong Host"),
        ("/s3cret/", None, None, "wrong Host"),
        ("/s3cret/ws", "127.0.0.1:8000", None, "no Origin"),
        ("/s3cret/ws", "127.0.0.1:8000", FOREIGN_ORIGIN, "foreign Origin"),
        ("/s3cret/", "127.0.0.1:8000", FOREIGN_ORIGIN, "foreign Origin"),
        ("/s3cret/ws", "127.0.0.1:8000", "http://127.0.0.1:8001", "foreign Origin"),
    ],
)
def test_the_guard_lets_through_only_the_secret_from_our_own_address(path, host, origin, refusal):
    assert Guard(8000, "s3cret").refusal(path, host, origin) == refusal


def test_without_the_web_extra_browser_says_how_to_install_it(filled_db, partnership):
    # textual_serve made unimportable, as in a core install.
    code = (
        "import sys; sys.modules['textual_serve'] = None; from closer_tui.cli import main; "
        f"main(['--db', {str(filled_db)!r}, 'present', {partnership.id!r}, '--browser'])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == f"closer: error: {INSTALL_HINT}\n"
    assert "pip install 'closer-tui[web]'" in result.stderr
    assert result.stdout == ""


def test_port_without_browser_is_a_usage_error(filled_db, partnership):
    command = [sys.executable, "-m", "closer_tui", "--db", str(filled_db), "present", partnership.id, "--port", "8040"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "--port goes with --browser" in result.stderr


def test_the_core_cli_does_not_load_textual_serve():
    code = "import sys, closer_tui.cli, closer_tui.web; print(sorted(m for m in ('textual_serve', 'aiohttp') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr


# --- the server: refusals --------------------------------------------------------------


def test_without_the_secret_the_page_static_files_downloads_and_websocket_are_refused(served):
    # Done right, each gets through (so what follows can fail).
    assert http_status(served, served.secret_path) == 200
    assert http_status(served, served.secret_path + "static/js/textual.js") == 200
    for path in ["/", "/index.html", "/static/", "/static/js/textual.js", "/download/anything", "/favicon.ico",
                 "/" + served.secret_path.strip("/")[:-1] + "/", "/x" + served.secret_path]:
        assert http_status(served, path) == 403, path
    assert websocket_status(served, "/ws", origin=served.origin) == 403
    assert websocket_status(served, "/" + served.secret_path.strip("/")[:-1] + "/ws", origin=served.origin) == 403
    assert served.apps() == [], "a refused request started an app"


def test_a_foreign_origin_or_a_wrong_host_is_refused_even_with_the_secret(served):
    ws = served.secret_path + "ws"
    assert websocket_status(served, ws, origin=FOREIGN_ORIGIN) == 403
    assert websocket_status(served, ws) == 403  # no Origin at all: no browser sends that
    assert websocket_status(served, ws, origin=served.origin, host="evil.example") == 403
    assert websocket_status(served, ws, origin="http://evil.example:%d" % served.port, host="evil.example:%d" % served.port) == 403
    assert http_status(served, served.secret_path, host="evil.example") == 403
    assert http_status(served, served.secret_path, host=f"localhost:{served.port}") == 403
    assert http_status(served, served.secret_path, origin=FOREIGN_ORIGIN) == 403
    assert served.apps() == [], "a refused request started an app"

    # The same WebSocket from our own page starts the audience view, and closing it ends it.
    status, connection = open_websocket(served, ws, origin=served.origin)
    try:
        assert status == 101
        wait_for(served.apps, 10, "the app of an accepted WebSocket")
    finally:
        connection.close()
    wait_for(lambda: not served.apps(), 10, "the app to end when its WebSocket closed")


def test_the_server_serves_exactly_the_audience_view_of_that_partnership(served, filled_db, partnership):
    status, connection = open_websocket(served, served.secret_path + "ws", origin=served.origin)
    try:
        assert status == 101
        (shell,) = wait_for(served.apps, 10, "the app of an accepted WebSocket")
        command = Path(f"/proc/{shell}/cmdline").read_bytes().split(b"\0")[:-1]
        assert command[:2] == [b"/bin/sh", b"-c"]
        # --layout reaches the tab's app: the served fixture asks for "stage"
        expected = [sys.executable, "-m", "closer_tui", "--db", str(filled_db.resolve()), "present", partnership.id, "--layout", "stage"]
        assert command[2].decode() == " ".join(expected)
    finally:
        connection.close()


def test_a_port_in_use_is_one_line_and_exit_1(filled_db, partnership):
    need("textual-serve (pip install -e '.[test]')", importable("textual_serve"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "closer_tui", "--db", str(filled_db), "present", partnership.id, "--browser", "--port", str(port)],
            capture_output=True, text=True, timeout=60,
        )
    assert result.returncode == 1
    assert result.stderr.startswith(f"closer: error: cannot listen on 127.0.0.1:{port}: ")
    assert result.stderr.count("\n") == 1


# --- in a real browser --------------------------------------------------------------------

# Runs before the page's own scripts: textual.js keeps its xterm Terminal private, but assigns it
# once to a property named "terminal"; a setter on that name keeps a reference for the test.
CATCH_TERMINAL = """
window.__closerTerminals = [];
Object.defineProperty(Object.prototype, 'terminal', {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, 'terminal', {value, writable: true, configurable: true, enumerable: true});
    window.__closerTerminals.push(value);
  },
});
"""
READ_TERMINAL = """
const terminal = window.__closerTerminals.find(t => t && t.buffer && t.buffer.active);
if (!terminal) return null;
const buffer = terminal.buffer.active;
const rows = [];
for (let i = 0; i < terminal.rows; i++) {
  const line = buffer.getLine(buffer.viewportY + i);
  rows.push(line ? line.translateToString(true) : '');
}
return rows;
"""


@pytest.fixture
def browser() -> Iterator:
    need("Debian's chromium", Path(CHROMIUM).exists())
    need("Debian's chromium-driver", Path(CHROMEDRIVER).exists())
    need("selenium (pip install -e '.[test]')", importable("selenium"))
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="closer-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CATCH_TERMINAL})
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def find_block(rows: list[str], block: list[str]) -> bool:
    """Whether ``block`` (lines of big text) appears in ``rows``, its lines one under another, aligned."""
    width = max(len(row) for row in rows)
    padded = [row.ljust(width) for row in rows]
    first = block[0]
    for top in range(len(padded) - len(block) + 1):
        column = padded[top].find(first)
        while column != -1:
            if all(padded[top + i][column : column + len(line)] == line for i, line in enumerate(block)):
                return True
            column = padded[top].find(first, column + 1)
    return False


def shown_in_big_text(rows: list[str], text: str) -> bool:
    """Whether ``text`` is on screen as the audience view draws it (closer_tui.big_text, any scale)."""
    return any(find_block(rows, big_text.render(text, scale)) for scale in range(1, 12))


def test_the_tab_shows_the_audience_view_with_its_timer_and_stage(served, browser, filled_db, partnership):
    view = read_audience_view(filled_db, partnership.id)
    assert not view.timer.running  # a close not started: the clock stands still, so it can be compared
    clock = format_remaining(view.timer.remaining())
    names = f"{view.mentee} and {view.mentor}"

    began = time.monotonic()
    browser.get(served.url)
    rows = wait_for(
        lambda: (rows := browser.execute_script(READ_TERMINAL)) and any(names in row for row in rows) and rows,
        20,
        "the partners' names in the page's terminal",
    )
    rows = wait_for(
        lambda: (rows := browser.execute_script(READ_TERMINAL)) and shown_in_big_text(rows, clock) and rows,
        30,
        f"the clock {clock} in big digits",
    )
    shown_after = time.monotonic() - began
    screen = "\n".join(rows)

    assert shown_in_big_text(rows, view.stage_title), screen
    assert f"▶ 1. {view.stage_title}" in screen
    assert f"{view.stage_title}: {view.discussed_line}" in screen
    assert "q quit" in screen
    assert not shown_in_big_text(rows, "99:99")  # the comparison is not vacuous
    assert "-first-byte" in browser.execute_script("return document.body.className")
    assert len(served.apps()) == 1

    # A key typed in the tab reaches the view: 1 is the timer-only layout, without the prompts.
    from selenium.webdriver.common.by import By

    browser.find_element(By.CSS_SELECTOR, "textarea.xterm-helper-textarea").send_keys("1")
    rows = wait_for(
        lambda: (rows := browser.execute_script(READ_TERMINAL)) and not any(view.discussed_line in r for r in rows) and rows,
        30,
        "the timer-only layout after pressing 1",
    )
    assert shown_in_big_text(rows, clock)

    # Ctrl+C on the server with the tab open: it stops promptly and leaves no app behind.
    stop_began = time.monotonic()
    served.process.send_signal(signal.SIGINT)
    served.process.wait(timeout=15)
    stopped_in = time.monotonic() - stop_began
    assert served.process.returncode == 0, served.process.stderr.read()
    wait_for(lambda: not any(f"present {partnership.id}" in p for p in audience_processes()), 15, "no app left")
    # How long each step took is a figure, not a verdict (a loaded 2-core machine is slow, not
    # wrong): the bounds above are liveness bounds, and the figures go to the report.
    print(f"\nserver up {served.started_in:.2f} s; page showing the view {shown_after:.2f} s; stopped in {stopped_in:.2f} s")


def audience_processes() -> list[str]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                found.append(Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode())
            except OSError:
                pass
    return [command for command in found if "closer_tui" in command and " present " in command and "--browser" not in command]
