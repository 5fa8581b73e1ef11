"""Running a job to the end, whatever the submission does.

A worker is watched item by item (cell, then probe).  When an item runs past its time
limit the worker's process group is killed; when the worker dies during an item, that
item is blamed.  Either way a fresh worker is started that skips the blamed items, so
one endless loop costs only what it touched and every other question is still graded.
The submission's overall wall-clock limit bounds the whole, restarts included.
"""
from __future__ import annotations

import json
import os
import select
import time
from dataclasses import dataclass, field

import numpy as np

from . import plain
from .protocol import Answer, CellReport, Probe, ProbeError, error_from_json, resolution_from_json
from .sandbox import Worker, cleanup, exit_reason, start_worker, stop_worker

STARTUP_SECONDS = 120.0
MAX_LINE = 16 * 2**20


@dataclass
class Job:
    """What to run: a source (cells or trusted modules), probes, and the inputs they use."""
    source: dict
    probes: list[Probe]
    inputs: dict[str, np.ndarray] = field(default_factory=dict)
    limits: dict = field(default_factory=dict)
    total_seconds: float = 600.0
    cell_seconds: float = 120.0
    device: str = "cpu"
    extra: dict = field(default_factory=dict)  # "data", "determinism" settings for the worker

    def payload(self, skip_cells: set, skip_probes: set) -> dict:
        return {"source": self.source, "probes": [p.to_json() for p in self.probes],
                "skip_cells": sorted(skip_cells), "skip_probes": sorted(skip_probes),
                "limits": self.limits, **self.extra}


@dataclass
class RunRecord:
    cells: dict[int, CellReport] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    environment: dict = field(default_factory=dict)
    restarts: int = 0
    seconds: float = 0.0


def run_job(job: Job) -> RunRecord:
    record = RunRecord()
    started = time.monotonic()
    deadline = started + job.total_seconds
    skip_cells: set[int] = set()
    skip_probes: set[str] = set()
    while True:
        blamed = _run_once(job, skip_cells, skip_probes, deadline, record)
        if blamed is None:
            break
        kind, key = blamed
        (skip_cells if kind == "cell" else skip_probes).add(key)
        skip_probes.update(record.answers)  # answered already: the next worker need not ask again
        if time.monotonic() >= deadline:
            break
        record.restarts += 1
    _mark_unfinished(job, record, deadline)
    record.seconds = round(time.monotonic() - started, 3)
    return record


def _run_once(job, skip_cells, skip_probes, deadline, record) -> tuple[str, object] | None:
    """One worker's life.  Returns the item to skip next time, or None when nothing is left to do."""
    worker = start_worker(job.payload(skip_cells, skip_probes), job.inputs, device=job.device)
    watcher = _Watcher(job, worker, record, deadline)
    try:
        return watcher.watch()
    finally:
        cleanup(worker)


class _Watcher:
    def __init__(self, job: Job, worker: Worker, record: RunRecord, deadline: float):
        self.job, self.worker, self.record, self.deadline = job, worker, record, deadline
        self.probes = {p.id: p for p in job.probes}
        self.current: tuple[str, object] | None = None
        self.item_started = time.monotonic()
        self.item_limit = STARTUP_SECONDS
        self.ready = False

    def watch(self) -> tuple[str, object] | None:
        buffer = b""
        while True:
            wait = min(self.item_started + self.item_limit, self.deadline) - time.monotonic()
            if wait <= 0:
                return self._timed_out()
            readable, _, _ = select.select([self.worker.events_fd], [], [], min(wait, 1.0))
            if not readable:
                continue
            chunk = os.read(self.worker.events_fd, 1 << 16)
            if not chunk:
                return self._ended()
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            if len(buffer) > MAX_LINE:
                return self._fail("limit", "the submission wrote too much data to the grader's channel")
            for line in lines:
                if self._handle(line) == "done":
                    stop_worker(self.worker)
                    return None

    def _handle(self, line: bytes) -> str | None:
        try:
            event = json.loads(line)
            name = event["event"]
        except (ValueError, KeyError, TypeError):
            return None  # not ours: ignore rather than trust
        if name == "ready":
            self.ready = True
            self.record.notes.extend(n for n in event.get("notes", []) if n not in self.record.notes)
        elif name == "cell_start":
            self._begin(("cell", event.get("index")), self.job.cell_seconds)
        elif name == "probe_start" and event.get("id") in self.probes:
            self._begin(("probe", event["id"]), self.probes[event["id"]].timeout)
        elif name == "cell_end" and self.current == ("cell", event.get("index")):
            self.record.cells[event["index"]] = _cell_report(event)
            self.current = None
        elif name == "probe_end" and self.current == ("probe", event.get("id")):
            self.record.answers[event["id"]] = self._answer(event)
            self.current = None
        elif name == "environment" and self.current is None:
            self.record.environment = _merged_environment(self.record.environment, event)
        elif name == "done" and self.current is None:
            return "done"
        return None

    def _begin(self, item, limit: float) -> None:
        self.current, self.item_started, self.item_limit = item, time.monotonic(), limit

    def _answer(self, event: dict) -> Answer:
        output, seconds = str(event.get("output", ""))[:100_000], float(event.get("seconds", 0.0))
        resolution = resolution_from_json(event.get("resolution"))
        if event.get("error") is not None:
            return Answer(error=error_from_json(event["error"]), output=output, seconds=seconds, resolution=resolution)
        try:
            arrays_file = self.worker.workdir / f"{event['id']}.npz"
            arrays = plain.load_arrays(arrays_file) if arrays_file.exists() else {}
            value = plain.decode(event.get("value"), arrays)
        except Exception as exc:  # anything malformed is the submission's doing
            return Answer(error=ProbeError("exception", f"the answer could not be read: {exc}"), output=output)
        return Answer(value=value, output=output, seconds=seconds, resolution=resolution)

    def _timed_out(self):
        if time.monotonic() >= self.deadline:
            limit = f"the submission's time limit ({self.job.total_seconds:g} s) was reached"
        elif self.current is None:
            limit = f"the worker did not start within {self.item_limit:g} s"
        else:
            limit = f"it ran for more than {self.item_limit:g} s"
        return self._fail("timeout", limit)

    def _ended(self):
        status = stop_worker(self.worker)
        return self._fail("crash", exit_reason(status))

    def _fail(self, kind: str, reason: str):
        stop_worker(self.worker)
        if self.current is None:
            tail = self.worker.log_tail().strip()
            where = "before the first cell" if not self.ready else "between two steps"
            self.record.problems.append(f"The worker stopped {where}: {reason}." +
                                        (f"\n{tail[-1500:]}" if tail else ""))
            return None  # nothing to blame: do not loop
        item_kind, key = self.current
        if item_kind == "cell":
            self.record.cells[key] = CellReport(key, kind, error=f"cell {key}: {reason}")
        else:
            self.record.answers[key] = Answer(error=ProbeError(kind, reason))
        return self.current


def _merged_environment(before: dict, event: dict) -> dict:
    """Keep what every worker of the job reported (a restarted worker may load other data)."""
    merged = {"determinism": event.get("determinism") or before.get("determinism") or {},
              "data": {**before.get("data", {}), **(event.get("data") or {})}}
    return merged


def _cell_report(event: dict) -> CellReport:
    error = event.get("error") or {}
    return CellReport(index=int(event["index"]), status="error" if error else "ok",
                      error=str(error.get("message", ""))[:2000], traceback=str(error.get("traceback", ""))[:8000],
                      output=(str(event.get("output", "")) + _display(event))[:100_000],
                      seconds=float(event.get("seconds", 0.0)))


def _display(event: dict) -> str:
    shown = event.get("display")
    return f"\nOut: {shown}" if shown else ""


def _mark_unfinished(job: Job, record: RunRecord, deadline: float) -> None:
    out_of_time = time.monotonic() >= deadline
    reason = (f"the submission's time limit ({job.total_seconds:g} s) was reached first" if out_of_time
              else "the worker stopped before reaching it")
    for cell in job.source.get("cells", []):
        record.cells.setdefault(cell["index"], CellReport(cell["index"], "not-run", error=reason))
    for probe in job.probes:
        record.answers.setdefault(probe.id, Answer(error=ProbeError("not-run", reason)))
