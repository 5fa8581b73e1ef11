"""From a rubric to the probes a worker must answer.

Each check's kind names its probes with local keys ("main", ...).  Here they get global
ids and three targets: the student's name, the reference's, and each known mistake's
function, so the same inputs reach all three.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from harness.checks import kind
from harness.contract.protocol import ADAPTERS, Probe
from harness.spec.rubric import Check, Question, Rubric


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
        # A check may opt out (options.name_mistakes = false) where running every mistake would
        # cost far more than it tells: a tuner search, a training run.
        if not self.check.options.get("name_mistakes", True):
            return []
        return [m for m in self.question.mistakes if m.target == probe.target]


def plan(rubric: Rubric, visibilities: tuple[str, ...] = ("public", "hidden")) -> list[PlannedCheck]:
    planned = []
    for question in rubric.questions:
        for number, check in enumerate(question.checks, start=1):
            if check.visibility not in visibilities:
                continue
            timeout = check.timeout or rubric.limits.check_seconds
            probes = [lenient(rubric, question, check, p) for p in kind(check.kind).probes(check, timeout)]
            if check.discovery > 0:
                probes.append(Probe("discover", check.target, call=False, timeout=timeout,
                                    discover={"kind": "arrays"}))
            planned.append(PlannedCheck(question, check, number, tuple(probes)))
    return planned


def lenient(rubric: Rubric, question: Question, check: Check, probe: Probe) -> Probe:
    """The rubric's rules for notebooks that do not follow the template, for the worker to apply.

    Only the check's own target is looked up leniently; the shape an adapter may unpack
    to is filled in later from the reference answer (see pipeline), never its values.
    """
    if probe.target != check.target:
        return probe
    fuzzy = rubric.fuzzy_names if question.fuzzy_names is None else question.fuzzy_names
    aliases = tuple(dict.fromkeys([*question.aliases.get(check.target, []), *check.aliases]))
    others = {c.target for c in question.checks if c.target and c.target != check.target}
    avoid = tuple(sorted(others | {a for t in others for a in question.aliases.get(t, [])}))
    allowed = list(ADAPTERS if check.adapters is None else check.adapters)
    adapters = {"allowed": allowed, "neutral": dict(question.neutral)} if allowed and probe.call else {}

    def lookup(name: str) -> dict:
        """A builder's ``of`` is found in the student's namespace as that name's own check would find it."""
        names = {c.target for c in question.checks if c.target and c.target != name}
        return {"target": name, "aliases": list(dict.fromkeys(question.aliases.get(name, []))), "fuzzy": fuzzy,
                "avoid": sorted(names | {a for t in names for a in question.aliases.get(t, [])})}

    return replace(_with_lookups(probe, lookup), aliases=aliases, fuzzy=fuzzy, avoid=avoid, adapters=adapters)


def _with_lookups(probe: Probe, lookup) -> Probe:
    """Each ``{build = ..., of = name}`` argument's ``of`` replaced by ``lookup(name)``."""
    def walk(arg):
        if isinstance(arg, dict) and "build" in arg and "of" in arg:
            of = arg["of"]
            return {**arg, "of": lookup(of["target"] if isinstance(of, dict) else str(of))}
        if isinstance(arg, dict) and "call" in arg:
            return {**arg, "args": [walk(a) for a in arg.get("args", [])],
                    "kwargs": {k: walk(v) for k, v in arg.get("kwargs", {}).items()}}
        return arg
    return replace(probe, args=tuple(walk(a) for a in probe.args), kwargs={k: walk(v) for k, v in probe.kwargs.items()})


def student_probes(planned: list[PlannedCheck]) -> list[Probe]:
    """The student's probes; a hidden check's are marked so its inputs reach the worker last."""
    return [replace(_renamed(p, pc.probe_id(p.id), p.target), hidden=pc.check.visibility == "hidden")
            for pc in planned for p in pc.probes]


def reference_probes(planned: list[PlannedCheck], every: bool = False) -> list[Probe]:
    """The probes the reference (and each known mistake's function) answers for grading; a check whose
    kind grades without the reference's answer has none, unless ``every`` (mutation testing asks a
    mutant every probe a student is asked)."""
    probes = []
    for pc in planned:
        if not every and not kind(pc.check.kind).needs_reference(pc.check):
            continue
        module = pc.question.module
        for p in pc.probes:
            if p.discover is not None:
                continue  # a listing of the student's namespace: the reference has none
            name = (pc.check.reference or p.target) if p.target == pc.check.target else p.target
            p = _qualified(p, module)
            probes.append(_exact(p, pc.probe_id(p.id, "reference"), f"{module}.{name}"))
            for mistake in pc.mistakes(p):
                probes.append(_exact(p, pc.mistake_probe_id(p.id, mistake), f"{module}.{mistake.function}"))
    return probes


def _qualified(probe: Probe, module: str) -> Probe:
    """Nested {call = name} arguments, and a builder's ``of``, name the reference's function (exactly)
    when the reference answers."""
    def qualify(arg):
        if isinstance(arg, dict) and "call" in arg:
            return {**arg, "call": f"{module}.{arg['call']}", "args": [qualify(a) for a in arg.get("args", [])],
                    "kwargs": {k: qualify(v) for k, v in arg.get("kwargs", {}).items()}}
        return arg
    probe = _with_lookups(probe, lambda name: {"target": f"{module}.{name}"})
    return replace(probe, args=tuple(qualify(a) for a in probe.args),
                   kwargs={k: qualify(v) for k, v in probe.kwargs.items()})


def _renamed(probe: Probe, new_id: str, target: str) -> Probe:
    return replace(probe, id=new_id, target=target)


def _exact(probe: Probe, new_id: str, target: str) -> Probe:
    """A reference's probe: its names are exact and its signatures right, so no leniency."""
    return Probe(new_id, target, probe.call, probe.args, probe.kwargs, probe.timeout, probe.action, probe.options)
