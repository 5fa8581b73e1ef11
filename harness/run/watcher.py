"""Watching one worker: the grader's reading of its event channel.

The channel is a pipe the student's code could write to, so nothing on it is taken on
trust (see :class:`Watcher`).  :mod:`harness.run.supervise` starts workers and decides what
the next one skips; this module follows one worker's life and says what to blame.
"""
from __future__ import annotations

import json
import os
import re
import select
import subprocess
import time

from harness.contract import plain
from harness.contract.protocol import (MAX_FIGURES, MAX_PNG_BYTES, Answer, error_from_json, resolution_from_json,
                                      worker_reason)
from harness.results.message import Message, say
from harness.run import hidden, isolation
from harness.run.cpu_time import ProcessTree
from harness.run.job import WALL_BACKSTOP, Job, RunRecord, StepReport, cell_report
from harness.run.reasons import (exit_reason, item_cpu_limit, item_wall_limit, probe_error, total_cpu_limit,
                                 total_wall_limit, worded, worker_said)
from harness.run.sandbox import Worker, deliver_hidden, disk_usage, stop_worker

STARTUP_SECONDS = 120.0
STARTUP = ("startup", None)  # the worker died before any student code ran
ENVIRONMENT, HIDDEN = ("environment", None), ("hidden", None)  # steps of the sequence that are not items
MORE = object()  # the worker goes on: keep watching
MAX_LINE = 16 * 2**20
EXCEPTION_NAME = re.compile(r"[A-Za-z_][\w.]{0,99}")
CPU_EVERY = 0.25  # seconds between readings of the worker's CPU time


class Tampered(ValueError):
    """An event the worker's own code would never send: the submission wrote to the channel."""


class Watcher:
    """Reads the worker's events and accepts only the exact sequence the job implies.

    The channel is a pipe the student's code could write to, so nothing on it is taken on
    trust: each item must start and end in the job's order, malformed or unexpected lines
    end the worker (the current item is blamed), and ``done`` counts only after the
    last item.  Answers are plain data checked again here (see :func:`plain.load_arrays`).

    Hidden probes come last, after the ``environment`` report: their inputs are delivered
    only when the worker asks with ``hidden`` at that point (:func:`sandbox.deliver_hidden`),
    and what a hidden answer says is cut to what cannot carry an input (:mod:`harness.run.hidden`).
    A worker that closes its end of the channel is noticed here within a fraction of a
    second (:func:`isolation.holds_pipe`), not at its item's time limit.

    Items are the cells' steps (each top-level statement, see :mod:`harness.contract.statements`)
    and the probes.  An item's budget is CPU time of the worker's process tree
    (:mod:`harness.run.cpu_time`), so a busy machine does not change a verdict; wall-clock time
    is only a ceiling (:meth:`Job.wall_ceiling`) against code that waits instead of computing.
    """

    def __init__(self, job: "Job", worker: Worker, record: "RunRecord", deadline: float,
                 skip_steps: set = frozenset(), skip_probes: set = frozenset()):
        self.job, self.worker, self.record, self.deadline = job, worker, record, deadline
        self.probes = {p.id: p for p in job.probes}
        hidden = [("probe", p.id) for p in job.hidden_probes(skip_probes)]
        steps = [("step", (index, k)) for index, lines in job.statement_lines.items() for k in range(len(lines))]
        self.expected = ([item for item in steps if item[1] not in skip_steps]
                         + [("probe", p.id) for p in job.public_probes() if p.id not in skip_probes]
                         + [ENVIRONMENT] + ([HIDDEN] + hidden if hidden else []))
        self.skip_probes = skip_probes
        self.worker_pid: int | None = None  # the process running student code, found at "ready"
        self.pipe = f"pipe:[{os.fstat(worker.events_fd).st_ino}]"
        self.looked = self.limits_seen = 0.0
        self.position = 0
        self.current: tuple[str, object] | None = None
        self.finished: tuple[str, object] | None = None  # the item that ended last
        self.started = self.item_started = time.monotonic()
        self.item_limit = self.item_wall = STARTUP_SECONDS
        self.tree = ProcessTree(worker.process.pid)
        self.cpu_read = self.item_cpu = self.ready_cpu = 0.0
        self.item_waited = self.ready_waited = 0.0
        self.cpu_checked = 0.0
        self.ready = False
        self.checked = 0.0
        limits = job.limits
        self.log_cap = max(1 << 20, 4 * 1024 * int(limits.get("output_kb", 256)))
        self.disk_cap = int(limits.get("file_mb", 512)) * 2**20

    def watch(self) -> tuple[str, object] | None:
        try:
            return self._watch()
        finally:
            if self.ready:  # what this worker used (and waited) counts toward the submission's
                self.record.cpu_seconds += max(0.0, self.cpu_read - self.ready_cpu)
                self.record.waited_seconds += max(0.0, self.tree.waited - self.ready_waited)

    def _watch(self) -> tuple[str, object] | None:
        buffer = bytearray()
        while True:
            # The item's wall-clock backstop (its waiting is measured in _over_budget) and the submission's.
            wait = min(self.item_started + self.item_wall * WALL_BACKSTOP, self.deadline) - time.monotonic()
            if wait <= 0:
                return self._timed_out()
            readable, _, _ = select.select([self.worker.events_fd], [], [], min(wait, 0.1))
            if readable:
                outcome = self._read(buffer)
                if outcome is not MORE:
                    return outcome
                if time.monotonic() - self.limits_seen < 0.5:
                    continue  # read every pending event first: they say which item a limit is blamed on
            self.limits_seen = time.monotonic()
            if self._resources() or self._over_budget():
                # Events the worker wrote before the limit was seen (a busy grader may be behind) say
                # which item it is blamed on: read them first, then look again (the item may have changed).
                outcome = self._drain(buffer)
                if outcome is not MORE:
                    return outcome
                exceeded = self._resources(again=True)
                if exceeded:
                    return self._fail("limit", exceeded)
                exceeded = self._over_budget(again=True)
                if exceeded:
                    return self._fail("timeout", exceeded)
            # Only with every event read: what the worker sent before closing its end counts, the
            # events written since the select above too (a busy grader sees the closed end late, and
            # without them the item it was in would be unknown and nothing blamed).
            if not readable and self._channel_closed():
                outcome = self._drain(buffer)
                if outcome is not MORE:
                    return outcome
                return self._fail("tampered", say("reason.channel"))

    def _read(self, buffer: bytearray):
        """Take what the pipe holds; MORE to go on, else what :meth:`watch` returns."""
        chunk = os.read(self.worker.events_fd, 1 << 16)
        if not chunk:
            return self._ended()
        buffer += chunk
        if len(buffer) > MAX_LINE and b"\n" not in chunk:
            return self._fail("limit", say("reason.channel_flood"))
        if b"\n" not in chunk:
            return MORE  # no complete line yet: do not re-split a growing buffer
        *lines, rest = bytes(buffer).split(b"\n")
        buffer[:] = rest
        for line in lines:
            try:
                finished = self._handle(line)
            except Tampered as exc:
                return self._fail("tampered", say("reason.tampered", what=str(exc)))
            if finished:
                stop_worker(self.worker)
                return None
        return MORE

    def _drain(self, buffer: bytearray):
        """Read what the pipe holds now (a bounded number of reads); MORE when nothing ended the watch."""
        for _ in range(64):
            if not select.select([self.worker.events_fd], [], [], 0)[0]:
                break
            outcome = self._read(buffer)
            if outcome is not MORE:
                return outcome
        return MORE

    def _resources(self, again: bool = False) -> Message | None:
        """Output written past Python's capture (a cheap stat, every turn: a raw write loop fills the
        terminal log faster than the file-size limit would name it), and files written, once a second."""
        if self.worker.log_size() > self.log_cap:
            return say("reason.output", kib=self.log_cap // 1024)
        now = time.monotonic()
        if now - self.checked < 1.0 and not again:
            return None
        self.checked = now
        if disk_usage(self.worker.workdir, self.disk_cap) > self.disk_cap:
            return say("reason.disk", mib=self.disk_cap // 2**20)
        return None

    def _cpu(self) -> float:
        """The worker tree's CPU seconds now; wall-clock seconds since it started where /proc cannot tell."""
        reading = self.tree.cpu_seconds()
        self.cpu_read = reading if reading is not None else time.monotonic() - self.started
        self.cpu_checked = time.monotonic()
        return self.cpu_read

    def _over_budget(self, again: bool = False) -> Message | None:
        """The submission's CPU time (all its workers since they were ready) and the current item's, then
        the time each waited without running or being held back by a busy machine (the tree's ``waited``)."""
        if not self.ready or (not again and time.monotonic() - self.cpu_checked < CPU_EVERY):
            return None
        used, total = self._cpu(), self.job.total_seconds
        if self.record.cpu_seconds + used - self.ready_cpu > total:
            return total_cpu_limit(total)
        if used - self.item_cpu > self.item_limit:
            return item_cpu_limit(self.item_limit)
        if self.record.waited_seconds + self.tree.waited - self.ready_waited > self.job.wall_ceiling(total):
            return total_wall_limit(self.job.wall_ceiling(total), total)
        if self.tree.waited - self.item_waited > self.item_wall:
            return item_wall_limit(self.item_wall, self.item_limit)
        return None

    def _handle(self, line: bytes) -> bool:
        """Apply one event; True when the worker has rightly finished."""
        try:
            event = json.loads(line)
            name = event["event"]
        except (ValueError, KeyError, TypeError, RecursionError) as exc:
            raise Tampered("a line that is not a worker event") from exc
        upcoming = self.expected[self.position] if self.position < len(self.expected) else None
        if name == "ready" and not self.ready:
            self.ready = True
            self.ready_cpu, self.ready_waited = self._cpu(), self.tree.waited
            self._restart_clock(self.item_limit)
            self.worker_pid = isolation.worker_pid(self.worker.process.pid, self.worker.levels)
            self.record.notes.extend(str(n)[:2000] for n in event.get("notes", [])[:20]
                                     if str(n)[:2000] not in self.record.notes)
        elif name in ("step_start", "probe_start") and self.ready and self.current is None:
            item = ("step", (event.get("index"), event.get("step"))) if name == "step_start" else ("probe", event.get("id"))
            if item != upcoming:
                raise Tampered(f"{name} out of order")
            self._begin(upcoming, self.job.cell_seconds if name == "step_start" else self.probes[item[1]].timeout)
        elif name == "step_end" and self.current == ("step", (event.get("index"), event.get("step"))):
            self._report_step(self.current[1], self._step_report(self.current[1], event))
            self._next()
        elif name == "probe_end" and self.current == ("probe", event.get("id")):
            answer = self._answer(event)
            if self.probes[self.current[1]].hidden:
                answer = hidden.safe_answer(answer, self.record.answers, self.job.source)
            self.record.answers[self.current[1]] = answer
            self._next()
        elif name == "environment" and self.current is None and upcoming == ENVIRONMENT and self.ready:
            if not self.record.hidden_delivered:
                self.record.environment = _merged_environment(self.record.environment, event)
            self.position += 1
        elif name == "hidden" and self.current is None and upcoming == HIDDEN and self.ready:
            self._deliver_hidden()
        elif name == "done" and self.current is None and upcoming is None and self.ready:
            return True
        elif name in ("step_end", "probe_end") and self.current is None and self.finished is not None and \
                self.finished == (("step", (event.get("index"), event.get("step"))) if name == "step_end"
                                  else ("probe", event.get("id"))):
            # The item's end came twice: its own code forged one. Blame it, not the steps after it.
            self.current = self.finished
            raise Tampered(f"{name} sent twice")
        else:
            raise Tampered(f"unexpected {str(name)[:40]!r}")
        return False

    def _report_step(self, key: tuple[int, int], report: StepReport) -> None:
        """Once hidden inputs reached a worker, a step's earlier report stands: a restarted worker's cells
        could show what the hidden probes stored (where no jail keeps workers' files apart)."""
        if not self.record.hidden_delivered or key not in self.record.steps:
            self.record.steps[key] = report
            self.record.cells[key[0]] = cell_report(key[0], self.job.statement_lines[key[0]], self.record.steps)
            _tell(self.job, {"event": "cell", "report": self.record.cells[key[0]]})

    def _step_report(self, key: tuple[int, int], event: dict) -> StepReport:
        error = event.get("error") or {}
        if not isinstance(error, dict):
            raise Tampered("a malformed cell report")
        claimed = worker_reason(error.get("reason"))  # a sandbox limit the program hit, worded here
        said = worker_said(claimed) if claimed else None
        try:
            return StepReport(line=self.job.statement_lines[key[0]][key[1]][0], status="error" if error else "ok",
                              error=said or str(error.get("message", ""))[:2000],
                              reason=said.to_json() if said else None,
                              traceback=str(error.get("traceback", ""))[:8000],
                              output=(str(event.get("output", "")) + _display(event))[:100_000],
                              seconds=float(event.get("seconds", 0.0)), images=_images(event),
                              **(_error_place(error, self.job.statement_lines[key[0]][-1][1]) if error else {}))
        except (TypeError, ValueError, KeyError) as exc:
            raise Tampered("a malformed cell report") from exc

    def _deliver_hidden(self) -> None:
        probes, arrays = self.job.hidden_part(self.skip_probes)
        self.record.hidden_delivered = True
        try:
            deliver_hidden(self.worker, probes, arrays)
        except OSError as exc:
            raise Tampered(f"the hidden probes could not be delivered: {exc.strerror or exc}") from exc
        self.position += 1
        # Until the first hidden probe starts, the worker only reads two files: its first probe's time.
        self._restart_clock(self.probes[probes[0]["id"]].timeout)

    def _channel_closed(self) -> bool:
        """Whether the worker no longer holds its end of the event pipe (checked every 0.2 s)."""
        now = time.monotonic()
        if self.worker_pid is None or now - self.looked < 0.2:
            return False
        self.looked = now
        return not isolation.holds_pipe(self.worker_pid, self.worker.event_number, self.pipe)

    def _begin(self, item, limit: float) -> None:
        self.current = item
        self._restart_clock(limit)
        _tell(self.job, {"event": "start", "item": item})

    def _next(self) -> None:
        """Between two items the worker's own code runs: it gets the item's budget again, from now."""
        self.finished, self.current = self.current, None
        self.position += 1
        self._restart_clock(self.item_limit)

    def _restart_clock(self, cpu_limit: float) -> None:
        self.item_started, self.item_limit = time.monotonic(), cpu_limit
        self.item_wall = self.job.wall_ceiling(cpu_limit)
        self.item_cpu = self._cpu()
        self.item_waited = self.tree.waited

    def _answer(self, event: dict) -> Answer:
        try:
            output, seconds = str(event.get("output", ""))[:100_000], float(event.get("seconds", 0.0))
            resolution = resolution_from_json(event.get("resolution"))
        except (TypeError, ValueError) as exc:
            raise Tampered("a malformed answer") from exc
        if event.get("error") is not None:
            return Answer(error=worded(error_from_json(event["error"])), output=output, seconds=seconds,
                          resolution=resolution)
        try:
            arrays = plain.load_arrays(self.worker.workdir / f"{event['id']}.npz", missing_ok=True)
            value = plain.decode(event.get("value"), arrays)
        except Exception as exc:  # anything malformed is the submission's doing
            return Answer(error=probe_error("exception", say("reason.unreadable", error=str(exc)[:300])),
                          output=output)
        return Answer(value=value, output=output, seconds=seconds, resolution=resolution)

    def _timed_out(self):
        """Wall-clock backstops: the submission's, or the current item's (budgets are in :meth:`_over_budget`)."""
        if time.monotonic() >= self.deadline:
            limit = total_wall_limit(round(self.job.wall_ceiling(self.job.total_seconds) * WALL_BACKSTOP),
                                     self.job.total_seconds)
        elif not self.ready:
            limit = say("reason.no_start", seconds=f"{self.item_limit:g}")
        else:
            limit = item_wall_limit(round(self.item_wall * WALL_BACKSTOP), self.item_limit)
        return self._fail("timeout", limit)

    def _ended(self):
        try:
            self.worker.process.wait(timeout=2.0)  # an exit closes the pipe a moment before it is reaped
        except subprocess.TimeoutExpired:
            return self._fail("tampered", say("reason.channel"))
        status = stop_worker(self.worker)
        return self._fail("crash", exit_reason(status, self.worker.isolated))

    def _fail(self, kind: str, reason: Message):
        stop_worker(self.worker)
        if self.current is None:
            if self.record.hidden_delivered:
                # An exit status, an event's name: the submission may have chosen them after reading a hidden input.
                self.record.problems.append("The worker stopped while the hidden checks ran; the rest were not run.")
                return None
            # The log is shown only before any answer exists: later it could carry hidden inputs.
            tail = self.worker.log_tail().strip() if not self.record.answers else ""
            where = "before the first cell" if not self.ready else "between two steps"
            self.record.problems.append(f"The worker stopped {where}: {reason}." +
                                        (f"\n{tail[-1500:]}" if tail else ""))
            return None if self.ready else STARTUP  # nothing to blame: do not loop
        item_kind, key = self.current
        if item_kind == "step":
            line = self.job.statement_lines[key[0]][key[1]][0]
            self._report_step(key, StepReport(line, kind, error=say("cell.error", cell=key[0], reason=reason),
                                              reason=reason.to_json()))
        else:
            self.record.answers[key] = Answer(error=probe_error(kind, reason))
        return self.current


def _error_place(error: dict, last_line: int) -> dict:
    """A step's exception class and place as the worker sent them (see CellReport), checked as data from
    the student's side: a class name, a line of the cell (or the one after it, where the parser found
    the end too soon), the parser's words, a name; anything else is dropped."""
    ename, line, syntax, missing = (error.get(k) for k in ("ename", "line", "syntax", "missing"))
    return {"ename": ename if isinstance(ename, str) and EXCEPTION_NAME.fullmatch(ename) else "",
            "error_line": line if type(line) is int and 0 < line <= last_line + 1 else None,
            "syntax": syntax[:500] if isinstance(syntax, str) else "",
            "missing": missing[:200] if isinstance(missing, str) and missing.isidentifier() else ""}


def _tell(job, event: dict) -> None:
    """Progress for whoever watches (a terminal): a failure to show it must not cost the grading."""
    if job.observer is not None:
        try:
            job.observer(event)
        except Exception:  # noqa: BLE001 - display only
            pass


def _merged_environment(before: dict, event: dict) -> dict:
    """What every worker of the job reported (a restarted worker may load other data), as short strings:
    the worker could have written anything here, so nothing of it is trusted beyond display."""
    determinism, data = event.get("determinism") or {}, event.get("data") or {}
    if not isinstance(determinism, dict) or not isinstance(data, dict):
        raise Tampered("a malformed environment report")
    short = {str(k)[:100]: v if isinstance(v, (bool, int, float, type(None))) else str(v)[:200]
             for k, v in list(determinism.items())[:30]}
    served = {str(k)[:200]: str(v)[:500] for k, v in list(data.items())[:30]}
    return {"determinism": short or before.get("determinism", {}), "data": {**before.get("data", {}), **served}}


def _display(event: dict) -> str:
    shown = event.get("display")
    return f"\nOut: {shown}" if shown else ""


PNG_BASE64 = re.compile(r"iVBORw0KGg[A-Za-z0-9+/]*={0,2}")  # a PNG's signature, then base64 only


def _images(event: dict) -> tuple[str, ...]:
    """The step's figures, as far as they are what the worker may send: base64 PNG within the caps
    (anything else is dropped: it would be pasted into the executed copy's page)."""
    images = event.get("images") or []
    if not isinstance(images, list):
        return ()
    return tuple(i for i in images[:MAX_FIGURES] if isinstance(i, str)
                 and len(i) <= 4 * (MAX_PNG_BYTES + 2) // 3 + 4 and PNG_BASE64.fullmatch(i))
