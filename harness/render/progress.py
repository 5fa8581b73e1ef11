"""Showing work as it happens: a bar while a class is graded, a spinner while one file is checked.

Both draw only for a person watching a terminal: when the stream is not a TTY (a log file, a
pipe, a test) or ``CI`` is set, the bar stays silent and the spinner's lines are printed as
plain lines, so logs carry no carriage returns. A thread redraws every half second, so the
clock moves while a long item runs (reference answers computed the first time, a training cell).
"""
from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from typing import Callable, TextIO

BAR = 24
SPIN = "|/-\\"
REDRAW = 0.5


def wanted(stream: TextIO) -> bool:
    if os.environ.get("CI"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Redrawn:
    """A status line on ``stream`` that a thread redraws until ``stop``; subclasses say what it reads."""

    def __init__(self, stream: TextIO | None, enabled: bool | None, clock):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = wanted(self.stream) if enabled is None else enabled
        self.clock = clock
        self.started = clock()
        self.lock = threading.RLock()
        self.turn = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _start_redrawing(self) -> None:
        if self.enabled and self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="progress", daemon=True)
            self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(REDRAW):
            with self.lock:
                self.turn += 1
                self._draw()

    def _draw(self) -> None:
        text = self.text()
        if not text:
            return
        width = shutil.get_terminal_size((80, 20)).columns
        self.stream.write("\r" + text[: width - 1].ljust(width - 1))
        self.stream.flush()

    def _clear(self) -> None:
        width = shutil.get_terminal_size((80, 20)).columns
        self.stream.write("\r" + " " * (width - 1) + "\r")
        self.stream.flush()

    def _halt(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def text(self) -> str:  # pragma: no cover - each subclass says its own
        raise NotImplementedError


class Progress(_Redrawn):
    """``[####----] 3/40 ETA 4:10  <student> <assignment>: 12 / 15`` on stderr while a class is graded.

    The ETA counts from when students' work began (:meth:`working`), not from the start: the
    reference answers computed first would make the first ETA hours long. Until a submission is
    done it comes from ``estimate`` (seconds the earlier run took, when there was one).
    """

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None,
                 clock=time.monotonic, estimate: float | None = None):
        super().__init__(stream, enabled, clock)
        self.total, self.done = total, 0
        self.estimate = estimate
        self.work_started: float | None = None
        self.label = ""
        self.phase_text = ""
        if self.enabled and total:
            with self.lock:
                self._draw()
            self._start_redrawing()

    def phase(self, text: str) -> None:
        """What is being done before the next result (computing reference answers, starting workers)."""
        with self.lock:
            self.phase_text = text
            if self.enabled and self.total:
                self._draw()

    def working(self) -> None:
        """Students' work has begun: the ETA counts from now."""
        with self.lock:
            if self.work_started is None:
                self.work_started = self.clock()
                self.phase_text = ""

    def advance(self, label: str = "") -> None:
        with self.lock:
            if self.work_started is None:  # nobody said when work began: from the start
                self.work_started = self.started
            self.phase_text = ""
            self.done += 1
            self.label = label
            if self.enabled:
                self._draw()

    def finish(self) -> None:
        self._halt()
        if self.enabled and self.total:
            with self.lock:
                self._draw()
                self.stream.write("\n")
                self.stream.flush()

    def text(self) -> str:
        return self.line(self.phase_text or self.label)

    def line(self, label: str = "") -> str:
        filled = BAR * self.done // max(1, self.total)
        bar = "#" * filled + "-" * (BAR - filled)
        spin = SPIN[self.turn % len(SPIN)] if self.done < self.total else " "
        text = f"{spin} [{bar}] {self.done}/{self.total} {self.eta()}"
        return f"{text}  {label}" if label else text

    def eta(self) -> str:
        now = self.clock()
        if self.done >= self.total:
            return f"done in {_clock(now - self.started)}"
        since = now - (self.work_started if self.work_started is not None else now)
        if self.done == 0:
            if self.estimate:
                return f"ETA ~{_clock(max(0.0, self.estimate - since))} (as last time)"
            return f"ETA --:-- ({_clock(now - self.started)} so far)"
        per_item = since / self.done
        return f"ETA {_clock(per_item * (self.total - self.done))}"


class Live(_Redrawn):
    """One file's check: lines that stay (a failed cell, a question's score) and, on a terminal, a
    spinner under them saying what runs now. Off a terminal the spinner's news are plain lines."""

    def __init__(self, echo: Callable[[str], None] = print, stream: TextIO | None = None,
                 enabled: bool | None = None, clock=time.monotonic):
        super().__init__(stream, enabled, clock)
        self.echo = echo
        self.status_text = ""
        self.status_since = self.started
        self.shown = False
        self._start_redrawing()

    def say(self, line: str) -> None:
        """A line that stays."""
        with self.lock:
            if self.enabled and self.shown:
                self._clear()
            self.echo(line)
            _flush(sys.stdout)
            if self.enabled and self.status_text:
                self._draw()

    def status(self, text: str, announce: bool = False) -> None:
        """What runs now; off a terminal, printed only when ``announce`` (news worth a log line)."""
        with self.lock:
            if text == self.status_text:
                return
            self.status_text, self.status_since = text, self.clock()
            if self.enabled:
                self._draw()
            elif announce:
                self.echo(text)
                _flush(sys.stdout)

    def close(self) -> None:
        self._halt()
        with self.lock:
            if self.enabled and self.shown:
                self._clear()
            self.status_text = ""

    def text(self) -> str:
        if not self.status_text:
            return ""
        self.shown = True
        return f"{SPIN[self.turn % len(SPIN)]} {self.status_text} ({_clock(self.clock() - self.started)})"


def _flush(stream) -> None:
    try:
        stream.flush()
    except (AttributeError, ValueError, OSError):
        pass


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
