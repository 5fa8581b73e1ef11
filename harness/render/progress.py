"""A one-line progress bar on stderr while a class is graded: count, last result, ETA.

It draws only for a person watching a terminal: when stderr is not a TTY (a log file,
a pipe, a test) or ``CI`` is set, it stays silent, so logs carry no carriage returns.
"""
from __future__ import annotations

import os
import shutil
import sys
import time
from typing import TextIO

BAR = 24


def wanted(stream: TextIO) -> bool:
    if os.environ.get("CI"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None,
                 clock=time.monotonic):
        self.total, self.done = total, 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = wanted(self.stream) if enabled is None else enabled
        self.clock = clock
        self.started = clock()
        if self.enabled and total:
            self._draw("")

    def advance(self, label: str = "") -> None:
        self.done += 1
        if self.enabled:
            self._draw(label)

    def finish(self) -> None:
        if self.enabled and self.total:
            self.stream.write("\n")
            self.stream.flush()

    def line(self, label: str = "") -> str:
        filled = BAR * self.done // max(1, self.total)
        bar = "#" * filled + "-" * (BAR - filled)
        text = f"[{bar}] {self.done}/{self.total} {self.eta()}"
        return f"{text}  {label}" if label else text

    def eta(self) -> str:
        if self.done == 0:
            return "ETA --:--"
        if self.done >= self.total:
            return f"done in {_clock(self.clock() - self.started)}"
        per_item = (self.clock() - self.started) / self.done
        return f"ETA {_clock(per_item * (self.total - self.done))}"

    def _draw(self, label: str) -> None:
        width = shutil.get_terminal_size((80, 20)).columns
        self.stream.write("\r" + self.line(label)[: width - 1].ljust(width - 1))
        self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
