"""Running a job to the end, whatever the submission does.

A worker is watched item by item (cell, then probe).  When an item runs past its time
limit the worker's process group is killed; when the worker dies during an item, that
item is blamed.  Either way a fresh worker is started that skips the blamed items, so
one endless loop costs only what it touched and every other question is still graded.
The submission's overall wall-clock limit bounds the whole, restarts included.
"""
from __future__ import annotations

import time

from harness.contract.protocol import Answer, CellReport, ProbeError
from harness.run.job import Job, RunRecord
from harness.run.sandbox import cleanup, start_worker
from harness.run.watcher import STARTUP, Watcher


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




def _mark_unfinished(job: Job, record: RunRecord, deadline: float) -> None:
    out_of_time = time.monotonic() >= deadline
    reason = (f"the submission's time limit ({job.total_seconds:g} s) was reached first" if out_of_time
              else "the worker stopped before reaching it")
    for cell in job.source.get("cells", []):
        record.cells.setdefault(cell["index"], CellReport(cell["index"], "not-run", error=reason))
    for probe in job.probes:
        record.answers.setdefault(probe.id, Answer(error=ProbeError("not-run", reason)))
