"""What a worker is asked to run (:class:`Job`) and what the grader saw it do (:class:`RunRecord`).

Kept apart from :mod:`harness.run.supervise` (which restarts workers) and
:mod:`harness.run.watcher` (which reads one worker's events) so that both can name them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

import numpy as np

from harness.contract.protocol import MAX_FIGURES, PLACE_FIELDS, Answer, CellReport, Probe
from harness.contract.statements import statement_lines

# Budgets are CPU seconds (see harness/run/cpu_time.py); waiting is only bounded against code that sleeps or
# blocks instead of computing: this many times the budget, and at least WALL_SLACK more, of time in which the
# worker neither ran nor waited for a CPU (its ``waited`` clock: a busy machine does not advance it).
WALL_FACTOR = 5.0
WALL_SLACK = 20.0
WALL_BACKSTOP = 4.0  # times that ceiling, in plain wall-clock time: should the waiting clock ever fail


@dataclass
class Job:
    """What to run: a source (cells or trusted modules), probes, and the inputs they use.

    ``total_seconds`` (the whole submission, restarts included), ``cell_seconds`` (each top-level
    statement of a cell: a step) and each probe's ``timeout`` are CPU seconds of the worker's process
    tree; :meth:`wall_ceiling` is how long each may wait (sleep, block) besides.
    """
    source: dict
    probes: list[Probe]
    inputs: dict[str, np.ndarray] = field(default_factory=dict)
    limits: dict = field(default_factory=dict)
    total_seconds: float = 600.0
    cell_seconds: float = 120.0
    device: str = "cpu"
    extra: dict = field(default_factory=dict)  # "data", "determinism" settings for the worker
    # Told each cell's report as the watcher takes it (`harness check` prints a failing cell at once);
    # never sent to the worker.
    observer: Callable[[dict], None] | None = field(default=None, repr=False, compare=False)
    wall_factor: float = WALL_FACTOR
    wall_slack: float = WALL_SLACK

    def wall_ceiling(self, cpu_seconds: float) -> float:
        """Seconds of waiting (see harness/run/cpu_time.py) allowed beside a CPU budget."""
        return max(cpu_seconds * self.wall_factor, cpu_seconds + self.wall_slack)

    @cached_property
    def statement_lines(self) -> dict[int, list[tuple[int, int]]]:
        """Per cell, the (first, last) lines of its steps, as the worker splits it (harness/contract/statements.py)."""
        return {c["index"]: statement_lines(c["code"]) for c in self.source.get("cells", [])}

    def payload(self, skip_steps: set, skip_probes: set) -> dict:
        """What a worker starts with: the public probes only, and whether hidden ones will follow."""
        return {"source": self.source, "probes": [p.to_json() for p in self.public_probes()],
                "skip_steps": sorted(skip_steps), "skip_probes": sorted(skip_probes),
                "hidden_pending": bool(self.hidden_probes(skip_probes)), "limits": self.limits, **self.extra}

    def public_probes(self) -> list[Probe]:
        return [p for p in self.probes if not p.hidden]

    def hidden_probes(self, skip_probes: set = frozenset()) -> list[Probe]:
        return [p for p in self.probes if p.hidden and p.id not in skip_probes]

    def public_inputs(self) -> dict[str, np.ndarray]:
        """The arrays the public probes use: a hidden check's own inputs are not among them."""
        return _arrays_of(self.inputs, self.public_probes()) if any(p.hidden for p in self.probes) else self.inputs

    def hidden_part(self, skip_probes: set) -> tuple[list[dict], dict[str, np.ndarray]]:
        """What the grader delivers once the worker asks (see :mod:`harness.contract.protocol`)."""
        probes = self.hidden_probes(skip_probes)
        return [p.to_json() for p in probes], _arrays_of(self.inputs, probes)


@dataclass(frozen=True)
class StepReport:
    """What happened to one step (top-level statement) of a cell; the cell's report is made of these."""
    line: int
    status: str  # as CellReport's
    error: str = ""
    traceback: str = ""
    output: str = ""
    seconds: float = 0.0
    images: tuple = ()  # base64 PNG figures the step drew
    reason: dict | None = None  # the supervisor's reason as a message's JSON (see CellReport.reason)
    ename: str = ""  # as CellReport's, with error_line, syntax and missing
    error_line: int | None = None
    syntax: str = ""
    missing: str = ""


@dataclass
class RunRecord:
    cells: dict[int, CellReport] = field(default_factory=dict)
    steps: dict[tuple[int, int], StepReport] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    environment: dict = field(default_factory=dict)
    restarts: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # CPU time the submission's workers used since they were ready, all of them together
    waited_seconds: float = 0.0  # and the time they waited without running (harness/run/cpu_time.py)
    # Set once hidden inputs reached a worker: a later worker's cells, environment or log, which
    # the submission could fill with what it saw, are no longer taken (harness/watcher.py).
    hidden_delivered: bool = False


def _arrays_of(inputs: dict[str, np.ndarray], probes: list[Probe]) -> dict[str, np.ndarray]:
    named: set[str] = set()
    for probe in probes:
        _array_names(probe.to_json(), named)
    return {k: v for k, v in inputs.items() if k in named}


def _array_names(value, found: set[str]) -> None:
    """Every ``{"__array__": key}`` an encoded argument refers to (see :mod:`harness.contract.plain`)."""
    if isinstance(value, dict):
        if isinstance(value.get("__array__"), str):
            found.add(value["__array__"])
        for item in value.values():
            _array_names(item, found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _array_names(item, found)


def cell_report(index: int, lines: list[tuple[int, int]], steps: dict[tuple[int, int], StepReport]) -> CellReport:
    """One cell's report, made of its steps' (a step not seen yet: not run); its first failure is the cell's.
    ``failed`` lists the statements that ran and failed: one that never ran is not a failure of its own."""
    found = [steps.get((index, k)) for k in range(len(lines))]
    if not found:
        return CellReport(index, "ok", statements=0)
    reports = [r if r is not None else StepReport(lines[k][0], "not-run") for k, r in enumerate(found)]
    bad = [k for k, r in enumerate(reports) if r.status != "ok"]
    ran = [r.status != "not-run" for r in reports]
    failed = tuple({"line": reports[k].line, "status": reports[k].status, "error": reports[k].error[:500],
                    "after": sum(ran[k + 1:]), **({"reason": reports[k].reason} if reports[k].reason else {})}
                   for k in bad if ran[k])
    first = reports[bad[0]] if bad else None
    return CellReport(index, first.status if first else "ok", error=first.error if first else "",
                      traceback="\n".join(reports[k].traceback for k in bad if reports[k].traceback)[-8000:],
                      output="".join(r.output for r in reports)[:100_000],
                      seconds=round(sum(r.seconds for r in reports), 4), statements=len(lines), failed=failed,
                      images=tuple(i for r in reports for i in r.images)[:MAX_FIGURES],
                      reason=first.reason if first else None,
                      **({k: getattr(first, k) for k in PLACE_FIELDS} if first else {}))
