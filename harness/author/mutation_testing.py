"""Mutation testing of a rubric: grade every mutant of the reference, count those it catches.

Mutants of one question run in batches, each batch in one worker: every mutant is its own
module in a throw-away copy of the reference package (so its imports still resolve), and
the probes of every check are asked of each module.  An unmutated copy rides along in each
batch as a control: if it does not earn full marks the batch's verdicts are not trusted.
A mutant is killed when it earns fewer automatic points than the question is worth.

Checks that train a model cost minutes per mutant, so a batch runs in tiers: the cheap
checks first, then the training checks for the mutants that got through them only.
"""
from __future__ import annotations

import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from harness.author.meter import Meter
from harness.author.mutant_source import Mutant, mutate_module
from harness.contract.protocol import Probe
from harness.grading.expected import reference_answers
from harness.grading.pipeline import Settings, check_context, run_check, worker_setup
from harness.run.job import Job, RunRecord
from harness.run.supervise import run_job
from harness.spec.course import Course
from harness.spec.inputs import ArgumentEncoder
from harness.spec.plan import PlannedCheck, plan, reference_probes
from harness.spec.reference_code import module_path, reference_name, student_names
from harness.spec.rubric import Question, Rubric

CONTROL = "control"
# Option keys that make a check a training run (a tuner search, an embedding fitted, a CNN trained).
TRAINING_OPTIONS = {"epochs", "steps", "trials"}
UNJUDGED = ("not-run",)  # the batch's time ran out before the mutant's probe started


@dataclass(frozen=True)
class Verdict:
    assignment: str
    question: str
    mutant: Mutant
    killed: bool
    by: str  # the first check that caught it, or why nothing did


@dataclass(frozen=True)
class Batch:
    rubric: Rubric
    question_id: str
    planned: tuple[PlannedCheck, ...]
    mutants: tuple[Mutant, ...]


def batches(course: Course, rubric: Rubric, *, cap: int = 40, size: int = 30) -> list[Batch]:
    """Mutants of the functions each question's checks target, in batches of ``size``."""
    planned = [pc for pc in plan(rubric) if pc.probes]
    out = []
    for question in rubric.questions:
        mine = tuple(pc for pc in planned if pc.question.id == question.id)
        if not mine:
            continue
        names = [reference_name(question, n) for n in student_names(question)]
        source = module_path(course, rubric, question).read_text(encoding="utf-8")
        found = marked(mutate_module(source, names, cap), question)
        out += [Batch(rubric, question.id, mine, tuple(found[i:i + size])) for i in range(0, len(found), size)]
    return out


def marked(mutants: list[Mutant], question: Question) -> list[Mutant]:
    """The rubric's ``equivalent_mutants`` markers applied: function, before and after must all match."""
    reasons = {(e.function, e.before, e.after): e.reason for e in question.equivalent_mutants}
    return [replace(m, equivalent=reasons.get((m.function, m.before, m.after), m.equivalent)) for m in mutants]


def stale_markers(batches_: list[Batch]) -> list[str]:
    """Markers that match no mutant any more (the reference changed): each is a claim nobody checks."""
    made = {(b.rubric.id, b.question_id, m.function, m.before, m.after) for b in batches_ for m in b.mutants}
    questions = {(b.rubric.id, b.question_id): b.rubric.question(b.question_id) for b in batches_}
    return [f"{rid} {qid}: {e.function}: `{e.before}` -> `{e.after}`"
            for (rid, qid), q in questions.items() for e in q.equivalent_mutants
            if (rid, qid, e.function, e.before, e.after) not in made]


def run_batches(course: Course, work: list[Batch], settings: Settings,
                progress: Callable[[str], None] = lambda _: None) -> list[Verdict]:
    # Reference answers once per assignment, before the batches race to compute them.
    expected = {}
    for batch in work:
        if batch.rubric.id not in expected:
            progress(f"reference answers for {batch.rubric.id} (cached after the first run)")
            expected[batch.rubric.id] = reference_answers(course, batch.rubric, plan(batch.rubric),
                                                          device=settings.device,
                                                          job_extra=worker_setup(batch.rubric, settings))
    meter = Meter(sum(len(b.mutants) for b in work), "mutants", progress)
    with ThreadPoolExecutor(max_workers=max(1, settings.jobs)) as pool:
        runs = pool.map(lambda b: _counted(meter, run_batch(course, b, settings, expected[b.rubric.id]), b), work)
        return [v for verdicts in runs for v in verdicts]


def _counted(meter: Meter, verdicts: list[Verdict], batch: Batch) -> list[Verdict]:
    meter.count(len(verdicts), f"{batch.rubric.id} {batch.question_id}")
    return verdicts


def tiers(planned: tuple[PlannedCheck, ...]) -> list[list[PlannedCheck]]:
    """The cheap checks, then the training checks (each tier non-empty, rubric order kept)."""
    costly = [pc for pc in planned if _trains(pc)]
    cheap = [pc for pc in planned if not _trains(pc)]
    return [tier for tier in (cheap, costly) if tier]


def _trains(pc: PlannedCheck) -> bool:
    def keys(value) -> set:
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        return set()
    return pc.check.kind == "train" or bool(TRAINING_OPTIONS & (keys(pc.check.options) | keys(pc.check.kwargs)))


def run_batch(course: Course, batch: Batch, settings: Settings, expected: dict) -> list[Verdict]:
    """Each tier grades the mutants the tiers before it let through; a mutant's verdict is final once caught."""
    verdicts: dict[int, Verdict] = {}
    alive = dict(enumerate(batch.mutants))
    for tier in tiers(batch.planned):
        if not alive:
            break
        caught = _run_tier(course, batch, tier, alive, settings, expected)
        for index, (killed, by) in caught.items():
            if killed or by != "every check passed":
                verdicts[index] = Verdict(batch.rubric.id, batch.question_id, alive.pop(index), killed, by)
    verdicts.update({i: Verdict(batch.rubric.id, batch.question_id, m, False, "every check passed")
                     for i, m in alive.items()})
    return [verdicts[i] for i in sorted(verdicts)]


def _run_tier(course, batch: Batch, planned: list[PlannedCheck], alive: dict, settings, expected) -> dict:
    """index -> (killed, by) for each mutant still alive, graded on this tier's checks."""
    rubric, setup, module = batch.rubric, worker_setup(batch.rubric, settings), planned[0].question.module
    aliases = {CONTROL: None, **{f"m{i:03d}": m for i, m in alive.items()}}
    with tempfile.TemporaryDirectory(prefix="harness-mutants-") as tmp:
        package = _package(course, rubric, Path(tmp), module, aliases)
        record = run_job(_job(course, rubric, planned, package, aliases, setup, settings, Path(tmp)))
    control = _score(planned, record, expected, CONTROL)
    if control is not None:
        return {i: (False, f"batch not trusted: the unmutated control {control}") for i in alive}
    out = {}
    for i in alive:
        alias = f"m{i:03d}"
        if _unjudged(record, alias):
            out[i] = (False, "not judged: the batch's time limit was reached before its probes ran")
            continue
        caught = _score(planned, record, expected, alias)
        out[i] = (caught is not None, caught or "every check passed")
    return out


def _unjudged(record: RunRecord, alias: str) -> bool:
    return any(pid.startswith(f"{alias}|") and a.error is not None and a.error.kind in UNJUDGED
               for pid, a in record.answers.items())


def _package(course: Course, rubric: Rubric, tmp: Path, module: str, aliases: dict) -> str:
    """A copy of the reference package holding each mutant as a module of its own."""
    name = f"harness_mutants_{rubric.id}".replace("-", "_")
    folder = tmp / name
    shutil.copytree(course.reference_dir(rubric), folder, ignore=shutil.ignore_patterns("__pycache__"))
    original = (folder / f"{module}.py").read_text(encoding="utf-8")
    for alias, mutant in aliases.items():
        (folder / f"{module}__{alias}.py").write_text(mutant.source if mutant else original, encoding="utf-8")
    return name


def _job(course, rubric, planned, package, aliases, setup, settings, tmp: Path) -> Job:
    module = planned[0].question.module
    encoder = ArgumentEncoder(rubric.inputs)
    probes = []
    for alias in aliases:
        # The reference's probes, asked of the mutant module instead of the reference module.
        as_mutant = [replace(pc, question=replace(pc.question, module=alias, mistakes=[])) for pc in planned]
        probes += [_prefixed(encoder.probe(p), alias) for p in reference_probes(as_mutant, every=True)]
    limits = rubric.limits
    return Job(source={"kind": "modules", "sys_path": [str(tmp), str(course.root)],
                       "modules": {alias: f"{package}.{module}__{alias}" for alias in aliases}},
               probes=probes, inputs=encoder.arrays, device=settings.device, extra=setup,
               # A safety net only: every probe may take its own timeout (a looping mutant is cut at
               # its probe's limit and the worker restarted for the rest).
               total_seconds=limits.submission_seconds + sum(p.timeout for p in probes),
               limits={"memory_mb": limits.memory_mb, "output_kb": limits.output_kb, "file_mb": 512})


def _prefixed(probe: Probe, alias: str) -> Probe:
    return replace(probe, id=f"{alias}|{probe.id}")


def _score(planned: list[PlannedCheck], record: RunRecord, expected: dict, alias: str) -> str | None:
    """None when every automatic check passes; else what caught it."""
    answers = {pc.probe_id(p.id): record.answers.get(f"{alias}|{pc.probe_id(p.id, 'reference')}")
               for pc in planned for p in pc.probes}
    mine = RunRecord(answers={k: v for k, v in answers.items() if v is not None})
    for pc in planned:
        result = run_check(pc, check_context(pc, mine, expected, {}))
        if result.manual is None and result.score < result.max_score:
            named = f" (named {result.mistake['name']})" if result.mistake else ""
            return f"{pc.id} {result.name} [{result.visibility}]{named}"
    return None


def counted(verdicts: list[Verdict]) -> list[Verdict]:
    """The verdicts the score counts: a mutant marked equivalent is a right answer, neither a gap nor a catch."""
    return [v for v in verdicts if not v.mutant.equivalent]


def right_answers_failed(verdicts: list[Verdict]) -> list[Verdict]:
    """Mutants marked equivalent that the rubric still fails: right answers it would mark down."""
    return [v for v in verdicts if v.killed and v.mutant.equivalent]


def mutation_score(verdicts: list[Verdict]) -> float:
    scored = counted(verdicts)
    return sum(v.killed for v in scored) / len(scored) if scored else 1.0


def report(verdicts: list[Verdict]) -> str:
    """Per question: mutants killed out of all, then each survivor with its mutated line."""
    lines, groups = [], {}
    for v in verdicts:
        groups.setdefault((v.assignment, v.question), []).append(v)
    for (assignment, question), group in groups.items():
        lines.append(f"{assignment} {question}: {_tally(group)}")
        for v in group:
            if v.killed and v.mutant.equivalent:
                lines.append(f"  FAILS A RIGHT ANSWER (marked equivalent: {v.mutant.equivalent}) "
                             f"{v.mutant.describe()}  [{v.by}]")
            elif not v.killed:
                state = "equivalent" if v.mutant.equivalent else "SURVIVED"
                why = v.mutant.equivalent or v.by
                lines.append(f"  {state:<10} {v.mutant.describe()}  [{why}]")
    lines.append(f"mutation score: {_tally(verdicts)}")
    return "\n".join(lines)


def _tally(group: list[Verdict]) -> str:
    scored = counted(group)
    text = f"{mutation_score(group):.2f} ({sum(v.killed for v in scored)}/{len(scored)} killed"
    skipped = len(group) - len(scored)
    return text + (f"; {skipped} equivalent mutants not counted)" if skipped else ")")
