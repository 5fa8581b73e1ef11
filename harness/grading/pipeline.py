"""Grading, step by step: discover -> load -> run in a worker -> check -> collect.

``grade_submission`` is the whole path for one file; ``executors.grade_all`` runs it for many,
in parallel, handing each result back as soon as it exists (the caller stores it).
"""
from __future__ import annotations

import os
import tempfile
import threading
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path

from harness.checks import CheckContext, Outcome, kind
from harness.contract.protocol import Answer
from harness.grading import leniency, review
from harness.grading.expected import reference_answers
from harness.grading.merge import choose, main_probe_ids, merged_prose
from harness.grading.review import Run
from harness.intake import file_safety
from harness.intake.assignment_files import entry_points, helper_modules, preamble
from harness.intake.discover import Submission
from harness.intake.notebook import Source, SourceError, load_source
from harness.results import cell_failures
from harness.results.message import from_json, say, to_json
from harness.results.model import CheckResult, SubmissionResult
from harness.run import isolation
from harness.run.job import Job, RunRecord
from harness.run.reasons import probe_error
from harness.run.supervise import run_job
from harness.spec.course import Course, worker_plugin_sources
from harness.spec.inputs import ArgumentEncoder
from harness.spec.plan import PlannedCheck, plan, student_probes
from harness.spec.rubric import Rubric

MAX_STATEMENT_NOTES = 20


@dataclass
class Settings:
    visibilities: tuple[str, ...] = ("public", "hidden")
    device: str = "cpu"  # resolved: "cpu" or "gpu"
    jobs: int = 1
    data_dir: str | None = None
    threads: int | None = None  # TensorFlow intra-op threads per worker; None: cores // jobs
    # A student's self-check (`harness check`): no cell may take longer than the rubric's
    # [limits] self_check_seconds, and check kinds in ``deferred`` (training) wait for grading.
    self_check: bool = False
    deferred: tuple[str, ...] = ()
    observer: object = None  # called with progress events (dicts) as they happen; see harness/render/progress.py


def threads_per_worker(settings: Settings) -> int:
    """So that ``jobs`` workers at once do not oversubscribe the cores (TensorFlow's inter-op pool is 1)."""
    return settings.threads or max(1, (os.cpu_count() or 1) // max(1, settings.jobs))


def worker_setup(rubric: Rubric, settings: Settings) -> dict:
    """Seeds and served data for every worker of this rubric, student's or reference's alike."""
    limits, gpu = rubric.limits, settings.device == "gpu"
    served = {} if gpu else {"train": limits.served_train_cpu, "test": limits.served_test_cpu}
    return {"determinism": {"seed": rubric.seed, "device": settings.device},
            "plugins": worker_plugin_sources(rubric),
            "data": {"data_dir": settings.data_dir, "size": settings.device,
                     "epoch_cap": limits.epochs_gpu if gpu else limits.epochs_cpu, "seed": rubric.seed,
                     "served": {split: n for split, n in served.items() if n}}}


@dataclass
class ExpectedStore:
    """Reference answers, computed once per assignment even when many threads ask.

    One lock per assignment: a thread needing one assignment's answers does not wait while
    another assignment's are computed (in a worker of their own, seconds for a Keras one).
    """
    course: Course
    settings: Settings
    _answers: dict[str, dict[str, Answer]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _locks: dict[str, threading.Lock] = field(default_factory=dict)

    def answers(self, rubric: Rubric, planned: list[PlannedCheck]) -> dict[str, Answer]:
        with self._lock:
            lock = self._locks.setdefault(rubric.id, threading.Lock())
        with lock:
            if rubric.id not in self._answers:
                self._answers[rubric.id] = reference_answers(self.course, rubric, planned,
                                                             device=self.settings.device,
                                                             job_extra=worker_setup(rubric, self.settings),
                                                             observer=self.settings.observer)
            return self._answers[rubric.id]


def grade_submission(submission: Submission, course: Course, settings: Settings,
                     expected: ExpectedStore | None = None) -> SubmissionResult:
    rubric = course.rubric(submission.assignment)
    planned = [pc for pc in plan(rubric, settings.visibilities) if pc.check.kind not in settings.deferred]
    files = submission.all_files
    problem = submission.problem or next((p for f in files if (p := file_safety.problem(f))), "")
    if problem:
        return _ungraded(submission, rubric, planned, problem)
    sources, unreadable = [], []
    for file in files:
        try:
            sources.append(load_source(file))
        except SourceError as exc:
            unreadable.append(str(exc))
    if not sources:
        return _ungraded(submission, rubric, planned, "; ".join(unreadable))
    reference = (expected or ExpectedStore(course, settings)).answers(rubric, planned)
    planned = leniency.shaped(planned, reference)
    return grade_files(submission, course, rubric, planned, reference, sources, settings, unreadable)


def grade_files(submission: Submission, course: Course, rubric: Rubric, planned: list[PlannedCheck],
                reference: dict[str, Answer], sources: list[Source], settings: Settings,
                unreadable: list[str] = ()) -> SubmissionResult:
    """Run each program of the submission in its own worker and merge their answers, check by check.

    A one-file submission is one run, graded exactly as it always was; with several files each
    check says which file answered it (see :mod:`harness.grading.merge`).
    """
    several = len(sources) > 1
    modules = helper_modules(sources, _common_folder(sources)) if several else {}
    runs = [Run(s, run_job(_student_job(s, rubric, planned, settings, modules)))
            for s in entry_points(sources, rubric_targets(rubric))]
    prose = merged_prose(sources, [q.id for q in rubric.questions])
    code = tuple(c.code for s in sources for c in s.cells)
    reference_dir = course.reference_dir(rubric)
    checks, choice_notes = [], []
    for pc in planned:
        choice = choose(pc, runs)
        run = runs[choice.index]
        result = run_check(pc, check_context(pc, run.record, reference, prose, planned, code, reference_dir))
        ids = main_probe_ids(pc) if pc.check.target else []
        answer = run.record.answers.get(ids[0]) if ids else None
        verdict = review.decide(pc, result.score, result.grader_error, result.manual, answer, run, runs,
                                choice.all_missing)
        checks.append(replace(result, review=verdict,
                              file=run.name if several and pc.check.target and not choice.all_missing else ""))
        if choice.note and choice.note not in choice_notes:
            choice_notes.append(choice.note)
    cells = [(run, run.record.cells[i]) for run in runs for i in sorted(run.record.cells) if i >= 0]
    notes, environment = _run_notes(runs, rubric, settings, several)
    result = SubmissionResult(
        student=submission.student, assignment=rubric.id, title=rubric.title, path=str(submission.path),
        checks=tuple(checks), questions=_questions(rubric, planned), cells=tuple(c for _, c in cells),
        notes=tuple(unreadable) + tuple(notes) + tuple(choice_notes) + isolation.level().warnings,
        environment=environment, seconds=sum(run.record.seconds for run in runs),
        files=tuple(Path(s.path).name for s in sources) if several else (),
        cell_files=tuple(run.name for run, _ in cells) if several else ())
    # Cells named as Jupyter shows them, and misses traced to failed cells, each file with its own.
    if several:
        return cell_failures.placed_files({run.name: run.source for run in runs}, result)
    return cell_failures.placed(sources[0], result)


def _run_notes(runs: list[Run], rubric: Rubric, settings: Settings, several: bool) -> tuple[list[str], dict]:
    """Each run's notes (named by file when there are several) and the environment they ran in."""
    notes, shims, problems, data_said = [], [], [], False
    for run in runs:
        record, source = run.record, run.source
        old_api, env = leniency.notes(record)
        data = list(_data_notes(rubric, settings, record))
        if several and data_said:
            data = []  # the served data and the epoch cap are the same for every file: said once
        data_said = data_said or bool(data)
        own = list(source.notes) + list(record.notes) + data + list(record.problems) \
            + list(_statement_notes(source, record)) + list(_magic_notes(source)) + list(old_api)
        if several and -1 in record.cells and record.cells[-1].status != "ok":
            own.append(f"the other files' modules could not be made importable: {record.cells[-1].error}")
        notes.extend(f"{run.name}: {n}" for n in own) if several else notes.extend(own)
        shims.extend(s for s in env["shims"] if s not in shims)
        problems.extend(f"{run.name}: {p}" if several else p for p in env["environment_problems"])
    first = next((run.record for run in runs if run.record.environment.get("determinism", {}).get("tensorflow")),
                 runs[0].record)
    environment = {**_environment(settings, first), "shims": shims, "environment_problems": problems}
    environment["worker_restarts"] = sum(run.record.restarts for run in runs)
    return notes, environment


def _common_folder(sources: list[Source]) -> Path:
    return Path(os.path.commonpath([str(Path(s.path).resolve().parent) for s in sources]))


def rubric_targets(rubric: Rubric) -> set[str]:
    """Every name the rubric asks a student to define, with its accepted aliases."""
    names: set[str] = set()
    for q in rubric.questions:
        for c in q.checks:
            if c.target:
                names |= {c.target, *c.aliases, *q.aliases.get(c.target, [])}
    return names


def _student_job(source: Source, rubric: Rubric, planned: list[PlannedCheck], settings: Settings,
                 modules: dict[str, str] | None = None) -> Job:
    encoder = ArgumentEncoder(rubric.inputs)
    probes = [encoder.probe(p) for p in student_probes(planned)]
    if rubric.shims:
        probes.append(leniency.shims_probe())
    limits = rubric.limits
    cells = [{"index": c.index, "code": c.code} for c in source.cells]
    if modules:
        # Index -1: before the program's own cells, and never shown as one of them.
        cells.insert(0, {"index": -1, "code": preamble(modules)})
    return Job(source={"kind": "cells", "cells": cells},
               probes=probes, inputs=encoder.arrays, total_seconds=limits.submission_seconds,
               cell_seconds=min(limits.cell_seconds, limits.self_check_seconds) if settings.self_check
               else limits.cell_seconds, device=settings.device, observer=settings.observer,
               limits={"memory_mb": limits.memory_mb, "output_kb": limits.output_kb,
                       "cpu_seconds": int(limits.submission_seconds * 2), "file_mb": limits.file_mb,
                       "processes": limits.processes},
               extra={**_threaded(worker_setup(rubric, settings), settings), "shims": rubric.shims})


def _threaded(setup: dict, settings: Settings) -> dict:
    # Not part of worker_setup: that keys the reference cache, and threads do not change an answer.
    return {**setup, "determinism": {**setup["determinism"], "intra_op_threads": threads_per_worker(settings)}}


def check_context(pc: PlannedCheck, record: RunRecord, reference: dict[str, Answer], prose: dict,
                  planned: list[PlannedCheck] = (), code: tuple[str, ...] = (), reference_dir=None) -> CheckContext:
    """What one check judges: the student's and the reference's answers to its probes, the known mistakes'
    answers, and the leniency context (public: mutation testing judges mutants the same way)."""
    missing = Answer(error=probe_error("not-run", say("reason.no_answer")))
    student = {p.id: record.answers.get(pc.probe_id(p.id), missing) for p in pc.probes}
    expected = {p.id: reference.get(pc.probe_id(p.id, "reference"), missing) for p in pc.probes}
    mistakes = []
    for m in pc.question.mistakes:
        answers = {p.id: reference[pc.mistake_probe_id(p.id, m)] for p in pc.probes
                   if m.target == p.target and pc.mistake_probe_id(p.id, m) in reference}
        if answers:
            mistakes.append((m, answers))
    leniency.add_context(pc, planned, [record.cells[i] for i in sorted(record.cells)], student, expected, reference)
    reference_file = str(reference_dir / f"{pc.question.module}.py") if reference_dir and pc.question.module else ""
    return CheckContext(pc.check, pc.question, student, expected, mistakes, prose, code, reference_file)


def run_check(pc: PlannedCheck, ctx: CheckContext) -> CheckResult:
    """The check's kind judges ``ctx``; a bug in the kind becomes a grader error, never a crash."""
    try:
        outcome = kind(pc.check.kind).grade(ctx)
    except Exception as exc:  # a bug in a check kind must not cost the student, nor the class
        outcome = Outcome(0.0, say("grader.failed", error=f"{type(exc).__name__}: {exc}"), grader_error=True,
                          details={"traceback": traceback.format_exc()[-4000:]})
    return _result_of(pc, outcome, "\n".join(a.output for a in ctx.student.values() if a.output))


def _result_of(pc: PlannedCheck, outcome: Outcome, output: str = "") -> CheckResult:
    mistake = None
    if outcome.mistake is not None:
        mistake = {"name": outcome.mistake.name, "explanation": outcome.mistake.explanation,
                   "hint": outcome.mistake.hint}
        mistake.update({k: v for k in ("explanation_fa", "hint_fa") if (v := getattr(outcome.mistake, k))})
    points = pc.check.points
    score = 0.0 if outcome.manual is not None else round(points * max(0.0, min(1.0, outcome.fraction)), 6)
    return CheckResult(question=pc.question.id, number=pc.number, name=pc.check.name or pc.check.target,
                       kind=pc.check.kind, score=score, max_score=points, visibility=pc.check.visibility,
                       message=outcome.message, mistake=mistake, details=outcome.details,
                       manual=outcome.manual, output=output[:20_000], grader_error=outcome.grader_error,
                       hidden_summary=outcome.hidden_summary, said=to_json(outcome.message),
                       hidden_said=to_json(outcome.hidden_summary))


def _ungraded(submission: Submission, rubric: Rubric, planned: list[PlannedCheck], problem: str) -> SubmissionResult:
    outcome = Outcome(0.0, say("check.not_graded", problem=problem))
    checks = tuple(_result_of(pc, outcome) for pc in planned)
    return SubmissionResult(student=submission.student, assignment=rubric.id, title=rubric.title,
                            path=str(submission.path), checks=checks, questions=_questions(rubric, planned),
                            problem=problem, files=tuple(f.name for f in submission.files))


def _questions(rubric: Rubric, planned: list[PlannedCheck]) -> tuple[tuple[str, str], ...]:
    present = {pc.question.id for pc in planned}
    return tuple((q.id, q.title) for q in rubric.questions if q.id in present)


def _environment(settings: Settings, record: RunRecord) -> dict:
    determinism = record.environment.get("determinism", {})
    return {"device": settings.device, "seed": determinism.get("seed"),
            "tensorflow": determinism.get("tensorflow"), "keras": determinism.get("keras"),
            "data": record.environment.get("data", {}), "worker_restarts": record.restarts}


def _data_notes(rubric: Rubric, settings: Settings, record: RunRecord) -> tuple[str, ...]:
    notes = [f"{subset}: {note}" for subset, note in sorted(record.environment.get("data", {}).items())]
    if record.environment.get("determinism", {}).get("tensorflow"):
        cap = worker_setup(rubric, settings)["data"]["epoch_cap"]
        notes.append(f"Model.fit ran at most {cap} epoch(s) on the {settings.device.upper()}, whatever epochs= said.")
    return tuple(notes)


def _statement_notes(source: Source, record: RunRecord) -> tuple[str, ...]:
    """Which statement of a cell failed (its line in the cell, or in the file for a ``.py``), and that the
    statements after it still ran: each top-level statement is a step of its own (harness/worker/execute.py)."""
    module = source.kind == "module"
    labels = {c.index: c.label or str(c.index + 1) for c in source.cells}  # as the student finds the cell
    notes = []
    for index in sorted(record.cells):
        cell = record.cells[index]
        if cell.statements < 2:
            continue  # the cell is its one statement: the cells-failed list says it all
        for failed in cell.failed:
            error = from_json(failed.get("reason")) or failed["error"][:300]  # the supervisor's, or the exception's
            after = failed["after"]
            rest = say("cell.module_rest_ran" if module else "cell.rest_ran", after=after) if after else ""
            notes.append(say("cell.module_statement_failed", line=failed["line"], error=error, rest=rest) if module
                         else say("cell.statement_failed", cell=labels.get(index, str(index + 1)), line=failed["line"], error=error, rest=rest))
    more = len(notes) - MAX_STATEMENT_NOTES
    return tuple(notes[:MAX_STATEMENT_NOTES]) + ((say("cell.more_failed", count=more),) if more > 0 else ())


def _magic_notes(source: Source) -> tuple[str, ...]:
    skipped = [line for cell in source.cells for line in cell.skipped_magics]
    if not skipped:
        return ()
    listed = ", ".join(repr(s[:40]) for s in skipped[:5]) + (" ..." if len(skipped) > 5 else "")
    return (f"{len(skipped)} IPython magic or shell line(s) were not run: {listed}",)


def warm_up(first: Submission, settings: Settings) -> None:
    """Boot the zygote the first submission's worker will be forked from while this process still
    prepares the data and the reference answers (a TensorFlow zygote takes seconds to import)."""
    from harness.run import sandbox, warm

    if not warm.enabled() or first.problem or file_safety.problem(first.path):
        return
    try:
        source = load_source(first.path)
    except SourceError:
        return
    job = {"source": {"kind": "cells", "cells": [{"code": c.code} for c in source.cells]}}
    env = sandbox.worker_environment(Path(tempfile.gettempdir()), settings.device)
    warm.prestart(env, sandbox.HARNESS_ROOT, warm.flavour(job))


def grade_safely(submission: Submission, course: Course, settings: Settings,
                 store: ExpectedStore | None = None) -> SubmissionResult:
    try:
        return grade_submission(submission, course, settings, store)
    except Exception as exc:  # the harness must keep going for the rest of the class
        return _harness_failure(submission, course, settings, exc)


def prepare_data(device: str) -> None:
    """Build any missing offline fixture once, here, before workers need it.

    Workers see the fixture cache read-only (a submission must not be able to change the
    data its classmates are graded on), so it has to be complete before they start.
    """
    from harness.data import DATASETS, DataError, load
    from harness.data.paths import cache_dir

    marker = cache_dir() / f".prepared-{device}"
    if _read(marker) == _data_listing(device):
        return  # prepared before, and not a file changed since: seconds saved per run
    for name in DATASETS:
        for split in ("train", "test"):
            try:
                load(name, split, size=device)
            except DataError:
                continue  # a split this dataset does not have
    try:
        from harness.data.serve import prepare_archives
        prepare_archives(device)
    except (DataError, OSError):
        pass  # a worker then builds its own copy in its temporary folder
    try:
        marker.write_text(_data_listing(device), encoding="utf-8")
    except OSError:
        pass  # a read-only cache: prepared again next time


def _data_listing(device: str) -> str:
    """A digest of the fixture cache's files (names, sizes, times), the manifests and the real-data folder."""
    import hashlib

    from harness.data.paths import cache_dir

    digest = hashlib.sha256(f"{device}\0{os.environ.get('HARNESS_DATA', '')}\0".encode())
    manifests = sorted((Path(__file__).resolve().parents[1] / "data" / "manifests").glob("*.json"))
    for path in manifests + sorted(p for p in cache_dir().glob("*") if not p.name.startswith(".")):
        info = path.stat()
        digest.update(f"{path.name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def _harness_failure(submission, course, settings, exc) -> SubmissionResult:
    rubric = course.rubric(submission.assignment)
    detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    planned = plan(rubric, settings.visibilities)
    result = _ungraded(submission, rubric, planned, f"the harness failed on this submission ({detail}); "
                                                    "tell your instructor")
    # Not the student's doing: every automatic check waits for a person.
    return replace(result, checks=tuple(c if c.manual is not None else replace(c, review=review.harness_failed(pc))
                                        for pc, c in zip(planned, result.checks)))
