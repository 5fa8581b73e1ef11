"""Progress of an author's long run (validate's conformance gradings, mutation testing, calibration):
how many of how many, the time so far and about how long the rest will take."""
from __future__ import annotations

import threading
import time
from typing import Callable


class Meter:
    """Counts finished items and says so, at most every ``every`` seconds (and always for the last)."""

    def __init__(self, total: int, noun: str, progress: Callable[[str], None], every: float = 0.0):
        self.total, self.noun, self.progress, self.every = total, noun, progress, every
        self.done, self.said = 0, float("-inf")
        self.started, self.lock = time.monotonic(), threading.Lock()

    def count(self, items: int, what: str) -> None:
        with self.lock:
            self.done += items
            now = time.monotonic()
            if now - self.said < self.every and self.done < self.total:
                return
            self.said = now
            elapsed = now - self.started
            left = elapsed / self.done * (self.total - self.done) if self.done else 0.0
            self.progress(f"{self.noun} {self.done}/{self.total} ({what} done); "
                          f"{clock(elapsed)} so far, about {clock(left)} left")


def clock(seconds: float) -> str:
    return f"{int(seconds) // 60}m{int(seconds) % 60:02d}s"
