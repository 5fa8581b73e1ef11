"""Running a job to the end, whatever the submission does.

A worker is watched item by item (each top-level statement of each cell, then each
probe).  When an item uses more than its CPU time (or waits past its wall-clock ceiling)
the worker's process group is killed; when the worker dies during an item, that item is
blamed.  Either way a fresh worker is started that skips the blamed items, so one endless
loop costs only the statement or check it is in, and every other question is still graded.
The submission's CPU time (all its workers together) and a wall-clock ceiling above it
bound the whole, restarts included.
"""
from __future__ import annotations

import time

from harness.contract.protocol import Answer
from harness.results.message import say
from harness.run.job import WALL_BACKSTOP, Job, RunRecord, StepReport, cell_report
from harness.run.reasons import probe_error, total_cpu_limit, total_wall_limit
from harness.run.sandbox import cleanup, start_worker
from harness.run.watcher import STARTUP, Watcher


def run_job(job: Job) -> RunRecord:
    record = RunRecord()
    started = time.monotonic()
    deadline = started + job.wall_ceiling(job.total_seconds) * WALL_BACKSTOP
    skip_steps: set[tuple[int, int]] = set()
    skip_probes: set[str] = set()
    retried_start = False
    while True:
        blamed = _run_once(job, skip_steps, skip_probes, deadline, record)
        if blamed == STARTUP:
            # No student code had run: the machine, not the submission, failed. One more try.
            if retried_start or _out_of_time(job, record, deadline):
                break
            retried_start = True
            record.problems.pop()  # the retry's outcome is what counts
            record.restarts += 1
            continue
        if blamed is None:
            break
        kind, key = blamed
        (skip_steps if kind == "step" else skip_probes).add(key)
        skip_probes.update(record.answers)  # answered already: the next worker need not ask again
        if _out_of_time(job, record, deadline):
            break
        record.restarts += 1
    _mark_unfinished(job, record, deadline)
    record.seconds = round(time.monotonic() - started, 3)
    return record


def _run_once(job, skip_steps, skip_probes, deadline, record) -> tuple[str, object] | None:
    """One worker's life.  Returns the item to skip next time, or None when nothing is left to do."""
    worker = start_worker(job.payload(skip_steps, skip_probes), job.public_inputs(), device=job.device)
    watcher = Watcher(job, worker, record, deadline, skip_steps, skip_probes)
    try:
        return watcher.watch()
    finally:
        cleanup(worker)


def _out_of_time(job: Job, record: RunRecord, deadline: float) -> bool:
    return (time.monotonic() >= deadline or record.cpu_seconds >= job.total_seconds
            or record.waited_seconds >= job.wall_ceiling(job.total_seconds))


def _mark_unfinished(job: Job, record: RunRecord, deadline: float) -> None:
    if time.monotonic() >= deadline:
        reason = total_wall_limit(round(job.wall_ceiling(job.total_seconds) * WALL_BACKSTOP), job.total_seconds)
    elif record.waited_seconds >= job.wall_ceiling(job.total_seconds):
        reason = total_wall_limit(job.wall_ceiling(job.total_seconds), job.total_seconds)
    elif record.cpu_seconds >= job.total_seconds:
        reason = total_cpu_limit(job.total_seconds)
    else:
        reason = say("reason.stopped_before")
    for index, lines in job.statement_lines.items():
        for k, (line, _) in enumerate(lines):
            record.steps.setdefault((index, k), StepReport(line, "not-run", error=reason, reason=reason.to_json()))
        record.cells[index] = cell_report(index, lines, record.steps)
    for probe in job.probes:
        record.answers.setdefault(probe.id, Answer(error=probe_error("not-run", reason)))
