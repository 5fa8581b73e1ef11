"""Just enough of the Chrome DevTools Protocol, over a stdlib websocket, to open a page headless
and record its console errors and network requests, measure its layout and screenshot it.
"""
from __future__ import annotations

import base64
import json
import os
import re
import select
import socket
import struct
import subprocess
import tempfile
import time
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--disable-default-apps", "--disable-extensions", "--mute-audio", "--remote-debugging-port=0"]


class WebSocket:
    """A client websocket (RFC 6455): text frames out (masked), text frames in."""

    def __init__(self, url: str, timeout: float = 30.0):
        host, port, path = re.match(r"ws://([^:/]+):(\d+)(/.*)", url).groups()
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise ConnectionError(head.decode(errors="replace"))

    def send(self, text: str) -> None:
        data, mask = text.encode(), os.urandom(4)
        n = len(data)
        header = struct.pack("!B", 0x81) + (struct.pack("!B", 0x80 | n) if n < 126 else
                                            struct.pack("!BH", 0x80 | 126, n) if n < 65536 else
                                            struct.pack("!BQ", 0x80 | 127, n))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def recv(self) -> str:
        message = b""
        while True:
            first, second = self._exact(2)
            n = second & 0x7F
            n = struct.unpack("!H", self._exact(2))[0] if n == 126 else struct.unpack("!Q", self._exact(8))[0] if n == 127 else n
            payload = self._exact(n)
            message += payload
            if first & 0x80 and (first & 0x0F) in (0, 1):
                return message.decode()

    def _exact(self, n: int) -> bytes:
        out = b""
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                raise ConnectionError("the browser closed the connection")
            out += chunk
        return out


class Browser:
    """One headless Chromium with a fresh profile; ``open`` loads a page and reports on it."""

    def __init__(self):
        self.profile = tempfile.TemporaryDirectory(prefix="harness-chromium-")
        self.process = subprocess.Popen([str(CHROMIUM), *FLAGS, f"--user-data-dir={self.profile.name}", "about:blank"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.ws = WebSocket(self._devtools_url())
        self.next_id = 0

    def _devtools_url(self) -> str:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stderr], [], [], 1.0)
            line = self.process.stderr.readline() if ready else ""
            match = re.search(r"DevTools listening on (ws://\S+)", line)
            if match:
                return match.group(1)
            if self.process.poll() is not None:
                break
        raise RuntimeError("chromium did not start its DevTools endpoint")

    def call(self, method: str, session: str | None = None, events: list | None = None, **params) -> dict:
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if events is not None and "method" in reply:
                events.append(reply)

    def wait_for(self, name: str, events: list, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not any(e["method"] == name for e in events):
            if time.monotonic() > deadline:
                raise TimeoutError(name)
            reply = json.loads(self.ws.recv())
            if "method" in reply:
                events.append(reply)

    def open(self, path: Path, width: int, height: int = 900) -> "PageReport":
        events: list = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session, events)
        self.call("Emulation.setDeviceMetricsOverride", session, events, width=width, height=height,
                  deviceScaleFactor=1, mobile=False)
        url = Path(path).resolve().as_uri()
        self.call("Page.navigate", session, events, url=url)
        self.wait_for("Page.loadEventFired", events)
        layout = json.loads(self.call("Runtime.evaluate", session, events, expression=LAYOUT_PROBE,
                                      returnByValue=True)["result"]["value"])
        shot = self.call("Page.captureScreenshot", session, events, format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": width, "height": layout["height"], "scale": 1})
        self.call("Target.closeTarget", targetId=target)
        return PageReport(url, events, layout, base64.b64decode(shot["data"]))

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.profile.cleanup()


class PageReport:
    def __init__(self, url: str, events: list, layout: dict, png: bytes):
        self.url, self.events, self.layout, self.png = url, events, layout, png

    def console_errors(self) -> list[str]:
        out = []
        for e in self.events:
            p = e["params"]
            if e["method"] == "Runtime.consoleAPICalled" and p["type"] in ("error", "assert"):
                out.append(" ".join(str(a.get("value", a.get("description", ""))) for a in p["args"]))
            elif e["method"] == "Runtime.exceptionThrown":
                out.append(p["exceptionDetails"].get("text", "exception"))
            elif e["method"] == "Log.entryAdded" and p["entry"]["level"] == "error":
                out.append(p["entry"]["text"])
        return out

    def requests(self) -> list[str]:
        """Every request but the page itself (data: URIs are not requests to anyone)."""
        urls = [e["params"]["request"]["url"] for e in self.events if e["method"] == "Network.requestWillBeSent"]
        return [u for u in urls if u != self.url and not u.startswith("data:")]

    def png_size(self) -> tuple[int, int]:
        assert self.png[:8] == b"\x89PNG\r\n\x1a\n"
        return struct.unpack("!II", self.png[16:24])


# Runs in the page: direction, language, overflow, and elements that stick out of the page
# (outside a scrolling box, which is allowed to be wider than the screen).
LAYOUT_PROBE = r"""JSON.stringify((() => {
  const root = document.documentElement, width = window.innerWidth;
  const scrolls = el => { for (let a = el.parentElement; a; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX; if (o === 'auto' || o === 'scroll') return true; } return false; };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || scrolls(el)) continue;
    if (r.left < -1 || r.right > width + 1) out.push(el.tagName + '.' + (el.getAttribute('class') || '') + ' ' + (el.textContent || '').slice(0, 30) + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
  const clipped = [...document.querySelectorAll('h1,h2,h3,figcaption,.badge,.msg,td,th')].filter(el => {
      const s = getComputedStyle(el); return (s.overflow === 'hidden' || s.textOverflow === 'ellipsis') && el.scrollWidth > el.clientWidth + 1; })
      .map(el => el.tagName + ' ' + el.textContent.slice(0, 40));
  // Values and code inside a message must read left to right, even in a right-to-left page.
  const reversed = [...document.querySelectorAll('.msg bdi, .msg code')].filter(el => {
      const t = el.firstChild; if (!t || t.nodeType !== 3 || t.length < 2) return false;
      const q = document.createRange(), xs = [], tops = new Set();
      for (let i = 0; i < t.length; i++) { q.setStart(t, i); q.setEnd(t, i + 1); const r = q.getBoundingClientRect();
        if (r.width) { xs.push(r.left); tops.add(Math.round(r.top)); } }
      return tops.size === 1 && xs.some((x, i) => i && x < xs[i - 1]); }).map(el => el.textContent.slice(0, 40));
  return {dir: root.dir, lang: root.lang, computedDir: getComputedStyle(document.body).direction, reversed,
          scrollWidth: document.scrollingElement.scrollWidth, innerWidth: width,
          height: Math.ceil(document.scrollingElement.scrollHeight), sticking: out.slice(0, 20), clipped,
          font: getComputedStyle(document.body).fontFamily, images: document.images.length,
          svgs: document.querySelectorAll('svg').length, text: document.body.innerText.slice(0, 20000),
          title: document.title};
})())"""
