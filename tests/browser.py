"""A small headless-Chromium driver for tests and benchmarks, over the Chrome DevTools Protocol.

Chromium runs headless with the network cut off (a dead proxy, no DNS, no background services); every
request the page makes is recorded through the CDP Network domain, so a test can assert that none left
the file. Needs Debian's ``chromium``; the WebSocket client is a minimal one written here (RFC 6455, text
frames only), so the tests need no extra package.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def chromium_path() -> str | None:
    env = os.environ.get("PLACEVIZ_CHROMIUM")
    if env and Path(env).exists():
        return env
    for name in CHROMIUM_NAMES:
        p = shutil.which(name)
        if p:
            return p
    return None


def missing_reason() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    if chromium_path() is None:
        return "Chromium is not installed (apt-get install chromium) so the browser tests cannot run"
    return None


def axe_source() -> str:
    """axe-core's script (axe.min.js, MPL-2.0, by Deque Systems), from the ``axe-core-python`` package that
    the ``test`` extra installs, or from the file PLACEVIZ_AXE names (e.g. a newer copy from npm)."""
    env = os.environ.get("PLACEVIZ_AXE")
    if env:
        return Path(env).read_text(encoding="utf-8")
    import axe_core_python

    return (Path(axe_core_python.__file__).with_name("axe.min.js")).read_text(encoding="utf-8")


def axe_missing_reason() -> str | None:
    """Why the accessibility audit cannot run here, or None when it can."""
    if os.environ.get("PLACEVIZ_AXE"):
        return None
    try:
        import axe_core_python  # noqa: F401
    except ImportError:
        return "axe-core is not installed (pip install -e .[test] brings it)"
    return None


#: key -> (code, Windows virtual key code, text typed), for the keys the tests press
KEYS = {"Tab": ("Tab", 9, ""), "Enter": ("Enter", 13, "\r"), "Escape": ("Escape", 27, ""),
        "ArrowDown": ("ArrowDown", 40, ""), "ArrowRight": ("ArrowRight", 39, ""),
        "+": ("NumpadAdd", 107, "+"), "-": ("NumpadSubtract", 109, "-"),
        "[": ("BracketLeft", 219, "["), "]": ("BracketRight", 221, "]")}

#: axe.run on the whole document, its violations as plain values (TAGS: the rule sets to run)
AXE_RUN = ("axe.run(document, {runOnly: {type: 'tag', values: TAGS}, resultTypes: ['violations']})"
           ".then(function (r) { return r.violations.map(function (v) { return {id: v.id, impact: v.impact, "
           "help: v.help, nodes: v.nodes.map(function (n) { return [n.target.join(' '), n.failureSummary]; })}; }); })")


class WebSocket:
    """Just enough of a WebSocket client for the DevTools protocol on localhost."""

    def __init__(self, url: str, timeout: float):
        u = urlparse(url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        req = (f"GET {u.path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(req.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise BrowserError("DevTools closed the connection during the handshake")
            head += chunk
        head, rest = head.split(b"\r\n\r\n", 1)
        self._buf = bytearray(rest)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise BrowserError("DevTools refused the WebSocket handshake")
        self.sock.settimeout(None)
        self._lock = threading.Lock()

    def _read(self, n: int) -> bytes:
        while len(self._buf) < n:
            chunk = self.sock.recv(max(65536, n - len(self._buf)))
            if not chunk:
                raise ConnectionError("closed")
            self._buf += chunk
        out = bytes(self._buf[:n])
        del self._buf[:n]
        return out

    def send(self, text: str) -> None:
        data = text.encode("utf-8")
        n = len(data)
        if n < 126:
            header = struct.pack("!BB", 0x81, 0x80 | n)
        elif n < 65536:
            header = struct.pack("!BBH", 0x81, 0x80 | 126, n)
        else:
            header = struct.pack("!BBQ", 0x81, 0x80 | 127, n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        with self._lock:
            self.sock.sendall(header + mask + masked)

    def recv(self) -> str:
        parts = []
        while True:
            b0, b1 = self._read(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x8:
                raise ConnectionError("closed")
            if opcode == 0x9:  # ping
                continue
            if opcode in (0x1, 0x2, 0x0):
                parts.append(payload)
                if b0 & 0x80:
                    return b"".join(parts).decode("utf-8")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()


class BrowserError(RuntimeError):
    pass


class Browser:
    """One headless Chromium with one page, driven over CDP. Use as a context manager."""

    def __init__(self, width: int = 1280, height: int = 800, timeout: float = 60.0):
        self.width, self.height, self.timeout = width, height, timeout
        self.requests: list[dict] = []
        self.console: list[str] = []
        self.exceptions: list[str] = []
        self._ids = itertools.count(1)
        self._pending: dict[int, dict] = {}
        self._cond = threading.Condition()
        self._events: list[dict] = []
        self.launched_at = None

    def __enter__(self) -> Browser:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        exe = chromium_path()
        if exe is None:
            raise BrowserError("Chromium is not installed")
        self._profile = tempfile.mkdtemp(prefix="placeviz-chromium-")
        args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
                "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--allow-file-access-from-files", "--hide-scrollbars", "--mute-audio",
                f"--window-size={self.width},{self.height}", f"--user-data-dir={self._profile}",
                "--remote-debugging-port=0", "about:blank"]
        self.launched_at = time.perf_counter()
        self._proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        url = None
        deadline = time.time() + 30
        while time.time() < deadline:
            line = self._proc.stderr.readline()
            if not line:
                if self._proc.poll() is not None:
                    raise BrowserError(f"Chromium exited with code {self._proc.returncode}")
                continue
            m = re.search(r"DevTools listening on (ws://\S+)", line)
            if m:
                url = m.group(1)
                break
        if url is None:
            raise BrowserError("Chromium did not open its DevTools port")
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        self._ws = WebSocket(url, timeout=self.timeout)
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()
        targets = self.send("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.send("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]
        self.page("Page.enable")
        self.page("Runtime.enable")
        self.page("Network.enable")
        self.page("Emulation.setDeviceMetricsOverride", width=self.width, height=self.height,
                  deviceScaleFactor=1, mobile=False)

    def _drain_stderr(self) -> None:
        for _ in self._proc.stderr:
            pass

    def _read_loop(self) -> None:
        while True:
            try:
                msg = json.loads(self._ws.recv())
            except Exception:  # closed
                with self._cond:
                    self._cond.notify_all()
                return
            with self._cond:
                if "id" in msg:
                    self._pending[msg["id"]] = msg
                else:
                    self._on_event(msg)
                self._cond.notify_all()

    def _on_event(self, msg: dict) -> None:
        method, params = msg.get("method"), msg.get("params", {})
        if method == "Network.requestWillBeSent":
            self.requests.append({"url": params["request"]["url"], "type": params.get("type")})
        elif method == "Runtime.consoleAPICalled":
            self.console.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params["args"]))
        elif method == "Runtime.exceptionThrown":
            d = params["exceptionDetails"]
            self.exceptions.append(d.get("exception", {}).get("description") or d.get("text", ""))
        self._events.append(msg)

    def send(self, method: str, session: str | None = None, **params) -> dict:
        i = next(self._ids)
        msg = {"id": i, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        self._ws.send(json.dumps(msg))
        deadline = time.time() + self.timeout
        with self._cond:
            while i not in self._pending:
                left = deadline - time.time()
                if left <= 0:
                    raise BrowserError(f"No answer to {method}")
                self._cond.wait(left)
            reply = self._pending.pop(i)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def page(self, method: str, **params) -> dict:
        return self.send(method, session=self.session, **params)

    def open(self, path, wait_for: str | None = "window.placeviz && window.placeviz.ready") -> float:
        """Navigate to a local file and wait until ``wait_for`` is true; returns seconds since launch."""
        url = Path(path).resolve().as_uri()
        self.page("Page.navigate", url=url)
        if wait_for:
            self.wait(wait_for)
        return time.perf_counter() - self.launched_at

    def eval(self, expression: str):
        r = self.page("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            d = r["exceptionDetails"]
            raise BrowserError(d.get("exception", {}).get("description") or d.get("text"))
        return r["result"].get("value")

    def wait(self, expression: str, timeout: float | None = None) -> None:
        deadline = time.time() + (timeout or self.timeout)
        while time.time() < deadline:
            try:
                if self.eval(f"!!({expression})"):
                    return
            except BrowserError:
                pass
            if self.exceptions:
                raise BrowserError("page error: " + self.exceptions[0])
            time.sleep(0.02)
        raise BrowserError(f"timed out waiting for {expression}")

    def mouse_move(self, x: float, y: float) -> None:
        self.page("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y, button="none")

    def press(self, key: str) -> None:
        """A real key press (down, up) on whatever has the focus, as from a keyboard."""
        if key in KEYS:
            code, vk, text = KEYS[key]
        else:  # a letter
            code, vk, text = "Key" + key.upper(), ord(key.upper()), key
        common = {"key": key, "code": code, "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk}
        self.page("Input.dispatchKeyEvent", type="keyDown" if text else "rawKeyDown", text=text, **common)
        self.page("Input.dispatchKeyEvent", type="keyUp", **common)

    def screenshot(self, path) -> Path:
        data = self.page("Page.captureScreenshot", format="png")["data"]
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)

    def axe(self, tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")) -> list[dict]:
        """axe-core's violations of WCAG 2.x A and AA and its best practices (landmarks, headings) on the page
        as it is now: [{id, impact, help, nodes: [target, summary]}].

        The script is put into the page through DevTools (not through the page's own Content-Security-Policy,
        which only lets the page's own scripts run), then ``axe.run`` checks the whole document."""
        self.eval(axe_source() + "\n;true")
        found = self.eval(AXE_RUN.replace("TAGS", json.dumps(list(tags))))
        return found

    def external_requests(self, allowed_url: str | None = None) -> list[str]:
        """Every request other than for the page's own file (data: URLs are in the file)."""
        return [r["url"] for r in self.requests
                if not r["url"].startswith("data:") and r["url"] != allowed_url]

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._ws.close()
        if getattr(self, "_proc", None) and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
        self._remove_profile()

    def _remove_profile(self) -> None:
        """Chromium's helper processes outlive the browser by a moment and write into its profile folder
        as it is removed: try again for a few seconds, so that no run leaves one in the temporary folder."""
        profile = getattr(self, "_profile", None)
        for _ in range(50):
            if not profile or not os.path.exists(profile):
                return
            shutil.rmtree(profile, ignore_errors=True)
            time.sleep(0.1)
