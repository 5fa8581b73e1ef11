"""CPU time used by a worker's process tree, read from ``/proc`` by the grader.

Budgets count CPU time, not wall-clock time, so that a cell graded beside another grading
gets the same verdict as on a quiet machine: a busy machine stretches the wall-clock time of
a computation, not the CPU time it takes.  The tree is the worker's top process (``unshare``,
a zygote's fork, or Python itself) and every descendant; each counts user and system time of
all its threads plus what its reaped children used (``cutime``/``cstime``), so a child that
ended still counts.  What the tree holds is looked up again every ``REFRESH`` seconds (a child
started since is counted from then on, with all the time it used).  Without ``/proc`` the
reading is None and callers fall back on wall-clock time.
"""
from __future__ import annotations

import os
import time

REFRESH = 1.0
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class ProcessTree:
    def __init__(self, root: int):
        self.root = root
        self.members: list[int] = [root]
        self.refreshed = 0.0
        self.most = 0.0  # readings never go back (an orphan reaped outside the tree takes its time with it)

    def cpu_seconds(self) -> float | None:
        now = time.monotonic()
        if now - self.refreshed >= REFRESH:
            self.members = descendants(self.root)
            self.refreshed = now
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
