"""CPU time used by a worker's process tree, read from ``/proc`` by the grader.

Budgets count CPU time, not wall-clock time, so that a cell graded beside another grading
gets the same verdict as on a quiet machine: a busy machine stretches the wall-clock time of
a computation, not the CPU time it takes.  The tree is the worker's top process (``unshare``,
a zygote's fork, or Python itself) and every descendant; each counts user and system time of
all its threads plus what its reaped children used (``cutime``/``cstime``), so a child that
ended still counts.  What the tree holds is looked up again every ``REFRESH`` seconds (a child
started since is counted from then on, with all the time it used).  Without ``/proc`` the
reading is None and callers fall back on wall-clock time.

``waited`` is the tree's own clock of waiting: wall-clock time in which none of its threads ran
or waited for a CPU (each thread's ``schedstat``: time on a CPU, time on a run queue).  A
sleeping or blocked program advances it; one held back by a busy machine does not, so the
wall-clock ceiling against sleeping does not turn into a limit that load can reach.  Without
``schedstat`` it is plain wall-clock time.
"""
from __future__ import annotations

import os
import time

REFRESH = 1.0
WAIT_EVERY = 0.25  # seconds between looks at every thread's schedstat (a TensorFlow worker has dozens)
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class ProcessTree:
    """One worker's processes, read on demand: :meth:`cpu_seconds`, and ``waited`` as it stood then."""

    def __init__(self, root: int):
        self.root = root
        self.members: list[int] = [root]
        self.refreshed = 0.0
        self.most = 0.0  # readings never go back (an orphan reaped outside the tree takes its time with it)
        self.waited = 0.0
        self.looked = time.monotonic()
        self.threads: dict[str, int] = {}  # "pid/tid" -> nanoseconds on a CPU or on a run queue, at the last look

    def cpu_seconds(self) -> float | None:
        now = time.monotonic()
        if now - self.refreshed >= REFRESH:
            self.members = descendants(self.root)
            self.refreshed = now
        if now - self.looked >= WAIT_EVERY:
            self._wait_clock(now)
        total, found = 0, False
        for pid in self.members:
            ticks = _ticks(pid)
            if ticks is not None:
                total += ticks
                found = True
        if not found:
            return None if self.most == 0.0 else self.most
        self.most = max(self.most, total / TICKS)
        return self.most

    def _wait_clock(self, now: float) -> None:
        interval, self.looked = now - self.looked, now
        seen: dict[str, int] = {}
        for pid in self.members:
            try:
                tasks = os.listdir(f"/proc/{pid}/task")
            except OSError:
                continue
            for task in tasks:
                active = _active_ns(pid, task)
                if active is not None:
                    seen[f"{pid}/{task}"] = active
        if not seen:  # no schedstat here (or the tree is gone): every second counts
            self.waited += interval
            return
        # A thread first seen now brings at most the interval (it may be older than the last look).
        busy = sum(max(0, ns - self.threads[key]) if key in self.threads else min(ns, int(interval * 1e9))
                   for key, ns in seen.items()) / 1e9
        self.threads = seen
        self.waited += max(0.0, interval - busy)


def _active_ns(pid: int, task: str) -> int | None:
    """Nanoseconds the thread ran plus those it waited on a run queue (``/proc/.../schedstat``)."""
    try:
        with open(f"/proc/{pid}/task/{task}/schedstat") as handle:
            ran, queued = handle.read().split()[:2]
        return int(ran) + int(queued)
    except (OSError, ValueError):
        return None


def descendants(root: int) -> list[int]:
    """``root`` and every process below it (by each thread's ``children`` list, else by a scan of parents)."""
    if not os.path.exists(f"/proc/{root}/task/{root}/children"):
        return _descendants_by_scan(root)
    found, queue = [root], [root]
    while queue and len(found) < 10_000:
        pid = queue.pop()
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    children = [int(c) for c in handle.read().split()]
            except (OSError, ValueError):
                continue
            for child in children:
                if child not in found:
                    found.append(child)
                    queue.append(child)
    return found


def _descendants_by_scan(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            fields = _fields(int(name))
            if fields is not None:
                parents.setdefault(int(fields[1]), []).append(int(name))
    found, queue = [root], [root]
    while queue:
        for child in parents.get(queue.pop(), []):
            if child not in found:
                found.append(child)
                queue.append(child)
    return found


def _ticks(pid: int) -> int | None:
    fields = _fields(pid)
    if fields is None:
        return None
    try:
        return sum(int(v) for v in fields[11:15])  # utime, stime, cutime, cstime
    except (ValueError, IndexError):
        return None


def _fields(pid: int) -> list[str] | None:
    """``/proc/<pid>/stat`` after the command name (which may hold spaces and parentheses): state first."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            text = handle.read().decode("ascii", "replace")
    except OSError:
        return None
    return text[text.rfind(")") + 2:].split()
