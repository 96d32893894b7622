"""Check the built documentation as a reader sees it: every page in headless Chromium.

Every HTML page of a built site is checked twice. Without a browser: every internal link and
image points to a file of the site, and every ``#fragment`` to an id of its page
(:func:`broken_links`, also run by the test suite). In Debian's Chromium, driven over the
DevTools protocol through a pipe (``--remote-debugging-pipe``, standard library only), on a
390-pixel phone screen: no image fails to load, no console error or uncaught exception, no
request fails, and the page is no wider than the screen. A screenshot of each page is kept.

Usage: ``python tools/check_site.py SITE SCREENSHOTS`` (exit status 1 on any problem). The
site is served on 127.0.0.1, on a free port, for the time of the check.
"""

from __future__ import annotations

import base64
import fcntl
import functools
import http.server
import json
import os
import select
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Final

CHROMIUM: Final = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS: Final = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)
PHONE: Final = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
"""The screen every page must fit: a 390-pixel-wide phone."""
SCREENSHOT_HEIGHT: Final = 3000
"""Screenshots show at most this many pixels of a page's length."""
_LOCAL_ATTRIBUTES: Final = {"a": "href", "img": "src", "link": "href", "script": "src"}


class _Page(HTMLParser):
    """The ids of a page and the addresses its links, images, styles and scripts point to."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name"):
            if values.get(name):
                self.ids.add(str(values[name]))
        target = values.get(_LOCAL_ATTRIBUTES.get(tag, ""))
        if target:
            self.targets.append(target)


@functools.cache
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def pages(site: Path) -> list[Path]:
    """Every HTML page of the site."""
    return sorted(site.rglob("*.html"))


def broken_links(site: Path) -> list[str]:
    """Internal links, images, styles and scripts that point to no file or no id of the site.

    Addresses with a scheme (``https:``, ``mailto:``) are outside the site and not followed.
    """
    problems = []
    for page in pages(site):
        for target in _parse(page).targets:
            parts = urllib.parse.urlsplit(target)
            if parts.scheme or parts.netloc:
                continue
            path = urllib.parse.unquote(parts.path)
            file = (page.parent / path).resolve() if path else page
            if file.is_dir():
                file = file / "index.html"
            where = f"{page.relative_to(site)}: {target}"
            fragment = urllib.parse.unquote(parts.fragment)
            if not file.is_file() or not file.is_relative_to(site.resolve()):
                problems.append(f"{where}: no such file")
            elif fragment and file.suffix == ".html" and fragment not in _parse(file).ids:
                problems.append(f"{where}: no such id in {file.relative_to(site.resolve())}")
    return problems


class Chromium:
    """A headless Chromium driven over the DevTools protocol on a pipe (fds 3 and 4)."""

    def __init__(self, profile: Path) -> None:
        to_browser, self._out = os.pipe()
        self._in, from_browser = os.pipe()

        def plug() -> None:  # in the child: the pipe ends on fds 3 and 4, as Chromium expects
            read, write = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser, from_browser))
            os.dup2(read, 3)
            os.dup2(write, 4)

        command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"]
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=plug,  # this process runs no other thread yet: no lock can be held
            pass_fds=(3, 4),
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []

    def _read(self, timeout: float) -> dict[str, Any] | None:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._in], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(self._in, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        value: dict[str, Any] = json.loads(message)
        return value

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Call a DevTools method and return its result; events that arrive meanwhile are kept."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            reply = self._read(deadline - time.monotonic())
            if reply is None:
                break
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)
        raise TimeoutError(f"{method}: no answer from Chromium")

    def wait_for(self, method: str, timeout: float, **match: Any) -> bool:
        """Wait until an event arrives with this method and these parameters; False on timeout."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for event in self.events[seen:]:
                params = event.get("params", {})
                if event.get("method") == method and match.items() <= params.items():
                    return True
            seen = len(self.events)
            left = deadline - time.monotonic()
            arrived = self._read(left) if left > 0 else None
            if arrived is None:
                return False
            self.events.append(arrived)

    def close(self) -> None:
        """End the browser this object started."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.close(self._in)
        os.close(self._out)


_MEASURE: Final = """JSON.stringify({
  width: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
  screen: window.innerWidth,
  height: document.documentElement.scrollHeight,
  broken: Array.from(document.images)
    .filter((image) => !(image.complete && image.naturalWidth > 0))
    .map((image) => image.currentSrc || image.src),
})"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the check's output to its findings."""


def _problems(events: list[dict[str, Any]], origin: str) -> Iterator[str]:
    """What the browser reported as wrong: console errors, exceptions, failed requests."""
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            text = " ".join(str(arg.get("value", arg.get("description"))) for arg in params["args"])
            yield f"console {params['type']}: {text}"
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            yield f"uncaught exception: {details.get('exception', {}).get('description', details)}"
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            entry = params["entry"]
            if entry.get("url") == origin + "favicon.ico":
                continue  # asked for by the browser itself, not by the page
            yield f"console error: {entry['text']} {entry.get('url', '')}".rstrip()
        elif method == "Network.responseReceived" and params["response"]["status"] >= 400:
            if params["response"]["url"] != origin + "favicon.ico":
                yield f"HTTP {params['response']['status']}: {params['response']['url']}"
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            yield f"request failed ({params.get('errorText')}): {params.get('requestId')}"
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if not url.startswith((origin, "data:", "about:")):
                yield f"request outside the site: {url}"


def _check_page(browser: Chromium, session: str, origin: str, name: str, shot: Path) -> list[str]:
    """Load one page; what is wrong with it. Its screenshot is written to ``shot``."""
    browser.events.clear()
    browser.send("Page.navigate", session, url=origin + name)
    if not browser.wait_for("Page.loadEventFired", 30):
        return ["did not finish loading in 30 s"]
    browser.wait_for("Page.lifecycleEvent", 5, name="networkIdle")
    value = browser.send("Runtime.evaluate", session, expression=_MEASURE)["result"]["value"]
    measured = json.loads(value)
    found = list(_problems(browser.events, origin))
    found += [f"image not loaded: {src}" for src in measured["broken"]]
    if measured["width"] > PHONE["width"]:
        found.append(f"{measured['width']} px wide: wider than a {PHONE['width']} px phone")
    clip = {"x": 0, "y": 0, "width": PHONE["width"], "scale": 1}
    clip["height"] = min(measured["height"], SCREENSHOT_HEIGHT)
    picture = browser.send(
        "Page.captureScreenshot", session, format="png", clip=clip, captureBeyondViewport=True
    )
    shot.write_bytes(base64.b64decode(picture["data"]))
    return found


def check_in_browser(site: Path, screenshots: Path) -> list[str]:
    """Load every page on a phone screen in Chromium; the problems found, page by page."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    screenshots.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as profile:
        browser = Chromium(Path(profile))
        try:
            target = browser.send("Target.createTarget", url="about:blank")["targetId"]
            attached = browser.send("Target.attachToTarget", targetId=target, flatten=True)
            session = attached["sessionId"]
            for domain in ("Page", "Runtime", "Log", "Network"):
                browser.send(f"{domain}.enable", session)
            browser.send("Page.setLifecycleEventsEnabled", session, enabled=True)
            browser.send("Network.setCacheDisabled", session, cacheDisabled=True)
            browser.send("Emulation.setDeviceMetricsOverride", session, **PHONE)
            for page in pages(site):
                name = page.relative_to(site).as_posix()
                shot = screenshots / (name.replace("/", "__").removesuffix(".html") + ".png")
                found = _check_page(browser, session, origin, name, shot)
                problems += [f"{name}: {problem}" for problem in found]
        finally:
            browser.close()
            server.shutdown()
    return problems


def main(arguments: list[str]) -> int:
    """Check the site at ``arguments[0]``, keep screenshots in ``arguments[1]``; exit status."""
    site, screenshots = (Path(argument).resolve() for argument in arguments)
    started = time.monotonic()
    problems = broken_links(site) + check_in_browser(site, screenshots)
    for problem in problems:
        print(problem)
    count = len(pages(site))
    print(
        f"site check: {count} pages on a {PHONE['width']} px screen, {len(problems)} problems, "
        f"{time.monotonic() - started:.0f} s; screenshots in {screenshots}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
