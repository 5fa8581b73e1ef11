"""Running a job to the end, whatever the submission does.

A worker is watched item by item (cell, then probe).  When an item runs past its time
limit the worker's process group is killed; when the worker dies during an item, that
item is blamed.  Either way a fresh worker is started that skips the blamed items, so
one endless loop costs only what it touched and every other question is still graded.
The submission's overall wall-clock limit bounds the whole, restarts included.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from .protocol import Answer, CellReport, Probe, ProbeError
from .sandbox import cleanup, start_worker
from .watcher import STARTUP, Watcher


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
        """What a worker starts with: the public probes only, and whether hidden ones will follow."""
        return {"source": self.source, "probes": [p.to_json() for p in self.public_probes()],
                "skip_cells": sorted(skip_cells), "skip_probes": sorted(skip_probes),
                "hidden_pending": bool(self.hidden_probes(skip_probes)), "limits": self.limits, **self.extra}

    def public_probes(self) -> list[Probe]:
        return [p for p in self.probes if not p.hidden]

    def hidden_probes(self, skip_probes: set = frozenset()) -> list[Probe]:
        return [p for p in self.probes if p.hidden and p.id not in skip_probes]

    def public_inputs(self) -> dict[str, np.ndarray]:
        """The arrays the public probes use: a hidden check's own inputs are not among them."""
        return _arrays_of(self.inputs, self.public_probes()) if any(p.hidden for p in self.probes) else self.inputs

    def hidden_part(self, skip_probes: set) -> tuple[list[dict], dict[str, np.ndarray]]:
        """What the grader delivers once the worker asks (see :mod:`harness.protocol`)."""
        probes = self.hidden_probes(skip_probes)
        return [p.to_json() for p in probes], _arrays_of(self.inputs, probes)


@dataclass
class RunRecord:
    cells: dict[int, CellReport] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    environment: dict = field(default_factory=dict)
    restarts: int = 0
    seconds: float = 0.0
    # Set once hidden inputs reached a worker: a later worker's cells, environment or log, which
    # the submission could fill with what it saw, are no longer taken (harness/watcher.py).
    hidden_delivered: bool = False


def run_job(job: Job) -> RunRecord:
    record = RunRecord()
    started = time.monotonic()
    deadline = started + job.total_seconds
    skip_cells: set[int] = set()
    skip_probes: set[str] = set()
    retried_start = False
    while True:
        blamed = _run_once(job, skip_cells, skip_probes, deadline, record)
        if blamed == STARTUP:
            # No student code had run: the machine, not the submission, failed. One more try.
            if retried_start or time.monotonic() >= deadline:
                break
            retried_start = True
            record.problems.pop()  # the retry's outcome is what counts
            record.restarts += 1
            continue
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
    worker = start_worker(job.payload(skip_cells, skip_probes), job.public_inputs(), device=job.device)
    watcher = Watcher(job, worker, record, deadline, skip_cells, skip_probes)
    try:
        return watcher.watch()
    finally:
        cleanup(worker)


def _arrays_of(inputs: dict[str, np.ndarray], probes: list[Probe]) -> dict[str, np.ndarray]:
    named: set[str] = set()
    for probe in probes:
        _array_names(probe.to_json(), named)
    return {k: v for k, v in inputs.items() if k in named}


def _array_names(value, found: set[str]) -> None:
    """Every ``{"__array__": key}`` an encoded argument refers to (see :mod:`harness.plain`)."""
    if isinstance(value, dict):
        if isinstance(value.get("__array__"), str):
            found.add(value["__array__"])
        for item in value.values():
            _array_names(item, found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _array_names(item, found)


def _mark_unfinished(job: Job, record: RunRecord, deadline: float) -> None:
    out_of_time = time.monotonic() >= deadline
    reason = (f"the submission's time limit ({job.total_seconds:g} s) was reached first" if out_of_time
              else "the worker stopped before reaching it")
    for cell in job.source.get("cells", []):
        record.cells.setdefault(cell["index"], CellReport(cell["index"], "not-run", error=reason))
    for probe in job.probes:
        record.answers.setdefault(probe.id, Answer(error=ProbeError("not-run", reason)))
