"""What a worker is asked to run (:class:`Job`) and what the grader saw it do (:class:`RunRecord`).

Kept apart from :mod:`harness.run.supervise` (which restarts workers) and
:mod:`harness.run.watcher` (which reads one worker's events) so that both can name them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from harness.contract.protocol import Answer, CellReport, Probe


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
    # Told each cell's report as the watcher takes it (`harness check` prints a failing cell at once);
    # never sent to the worker.
    observer: Callable[[dict], None] | None = field(default=None, repr=False, compare=False)

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
        """What the grader delivers once the worker asks (see :mod:`harness.contract.protocol`)."""
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
