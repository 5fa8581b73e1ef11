"""From a rubric to the probes a worker must answer.

Each check's kind names its probes with local keys ("main", ...).  Here they get global
ids and three targets: the student's name, the reference's, and each known mistake's
function, so the same inputs reach all three.
"""
from __future__ import annotations

from dataclasses import dataclass

from .checks import kind
from .protocol import Probe
from .rubric import Check, Question, Rubric


@dataclass(frozen=True)
class PlannedCheck:
    question: Question
    check: Check
    number: int  # position of the check within its question, from 1
    probes: tuple[Probe, ...]  # ids are local keys

    @property
    def id(self) -> str:
        return f"{self.question.id}.{self.number}"

    def probe_id(self, key: str, variant: str = "student") -> str:
        return f"{self.id}.{key}" if variant == "student" else f"{self.id}.{key}.{variant}"

    def mistake_probe_id(self, key: str, mistake) -> str:
        # By function: several functions may reproduce one named mistake (e.g. keepdims dropped
        # on the mean, on the std, or on both).
        return self.probe_id(key, f"mistake-{mistake.function}")

    def mistakes(self, probe: Probe):
        return [m for m in self.question.mistakes if m.target == probe.target]


def plan(rubric: Rubric, visibilities: tuple[str, ...] = ("public", "hidden")) -> list[PlannedCheck]:
    planned = []
    for question in rubric.questions:
        for number, check in enumerate(question.checks, start=1):
            if check.visibility not in visibilities:
                continue
            timeout = check.timeout or rubric.limits.check_seconds
            planned.append(PlannedCheck(question, check, number, tuple(kind(check.kind).probes(check, timeout))))
    return planned


def student_probes(planned: list[PlannedCheck]) -> list[Probe]:
    return [_renamed(p, pc.probe_id(p.id), p.target) for pc in planned for p in pc.probes]


def reference_probes(planned: list[PlannedCheck]) -> list[Probe]:
    probes = []
    for pc in planned:
        module = pc.question.module
        for p in pc.probes:
            name = (pc.check.reference or p.target) if p.target == pc.check.target else p.target
            p = _qualified(p, module)
            probes.append(_renamed(p, pc.probe_id(p.id, "reference"), f"{module}.{name}"))
            for mistake in pc.mistakes(p):
                probes.append(_renamed(p, pc.mistake_probe_id(p.id, mistake), f"{module}.{mistake.function}"))
    return probes


def _qualified(probe: Probe, module: str) -> Probe:
    """Nested {call = name} arguments name the reference's function when the reference answers."""
    def qualify(arg):
        if isinstance(arg, dict) and "call" in arg:
            return {**arg, "call": f"{module}.{arg['call']}", "args": [qualify(a) for a in arg.get("args", [])],
                    "kwargs": {k: qualify(v) for k, v in arg.get("kwargs", {}).items()}}
        return arg
    return Probe(probe.id, probe.target, probe.call, tuple(qualify(a) for a in probe.args),
                 {k: qualify(v) for k, v in probe.kwargs.items()}, probe.timeout, probe.action, probe.options)


def _renamed(probe: Probe, new_id: str, target: str) -> Probe:
    return Probe(new_id, target, probe.call, probe.args, probe.kwargs, probe.timeout, probe.action, probe.options)
