"""Expected answers: the reference (and each known mistake) run on the rubric's inputs.

References are trusted code, but they still run in a worker process so the grader
never imports TensorFlow or anything a reference imports.  Answers are cached on disk,
keyed by the reference's source, the probes and inputs, and the library versions, so a
class is graded against references computed once: once per machine (a file lock makes a
second grading wait for the first's answers), and answers computed before an overrun are
kept, so only the rest is computed again.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from harness.contract import plain
from harness.contract.protocol import Answer, ProbeError, error_from_json
from harness.grading.reference_print import reference_print
from harness.results import message
from harness.run.job import Job
from harness.run.supervise import run_job
from harness.spec.course import Course
from harness.spec.inputs import ArgumentEncoder
from harness.spec.plan import PlannedCheck, reference_probes
from harness.spec.rubric import Rubric

CACHEABLE_ERRORS = {"exception", "missing"}  # deterministic; timeouts and crashes are not
REFERENCE_START_SECONDS = 60.0  # importing TensorFlow and the reference modules, before any probe


def cache_dir() -> Path:
    base = os.environ.get("HARNESS_CACHE") or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "harness"
    return Path(base) / "expected"


def reference_answers(course: Course, rubric: Rubric, planned: list[PlannedCheck], *,
                      device: str = "cpu", job_extra: dict | None = None, observer=None) -> dict[str, Answer]:
    """Every reference probe's answer: from the cache, computing (once, machine-wide) what it lacks."""
    encoder = ArgumentEncoder(rubric.inputs)
    probes = [encoder.probe(p) for p in reference_probes(planned)]
    if not probes:
        return {}
    key = _cache_key(course, rubric, probes, encoder, {"device": device, **(job_extra or {})})
    cached = _load(key)
    if cached is not None and all(p.id in cached for p in probes):
        return cached
    # Another grading computing the same answers holds the lock: wait for its result instead of
    # computing them a second time on the same cores.
    with _computing(key, observer, rubric.id, len(probes)):
        cached = _load(key) or {}
        missing = [p for p in probes if p.id not in cached]
        if not missing:
            return cached
        if observer is not None:  # minutes, the first time: whoever watches should know why
            observer({"event": "references", "assignment": rubric.id, "probes": len(missing)})
        modules = sorted({pc.question.module for pc in planned if pc.probes})
        job = Job(source={"kind": "modules", "sys_path": [str(course.root)],
                          "modules": {m: f"{rubric.reference}.{m}" for m in modules}},
                  probes=missing, inputs=encoder.arrays, total_seconds=reference_budget(rubric, missing),
                  device=device, extra=job_extra or {})
        record = run_job(job)
        answers = record.answers
        for problem in record.problems:
            answers = {pid: a if a.ok else Answer(error=ProbeError(a.error.kind, f"{a.error.message}; {problem}"))
                       for pid, a in answers.items()}
        # What was answered is kept even when the job ran out of time: the next grading computes only
        # the rest, so one overrun under load is not paid again by every later submission.
        kept = {pid: a for pid, a in answers.items() if a.ok or a.error.kind in CACHEABLE_ERRORS}
        if kept:
            _store(key, {**cached, **kept})
        return {**cached, **answers}


def reference_budget(rubric: Rubric, probes: list) -> float:
    """CPU seconds for the reference's job: every probe's own budget, not one student's submission's.

    A reference that trains every variant of an ablation needs more than a student's submission is
    allowed; capped at the submission's budget, it ran out and every later grading started again.
    """
    return max(600.0, rubric.limits.submission_seconds, sum(p.timeout for p in probes) + REFERENCE_START_SECONDS)


@contextmanager
def _computing(key: str, observer, assignment: str, count: int):
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{key}.lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if observer is not None:
                observer({"event": "references", "assignment": assignment, "probes": count, "waiting": True})
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _cache_key(course, rubric, probes, encoder, setup: dict) -> str:
    """The reference's fingerprint (source, setup, versions), the probes and the inputs."""
    digest = hashlib.sha256(reference_print(course.reference_dir(rubric), setup).encode())
    digest.update(json.dumps([p.to_json() for p in probes], sort_keys=True).encode())
    for name in sorted(encoder.arrays):
        digest.update(name.encode())
        digest.update(encoder.arrays[name].tobytes())
        digest.update(str(encoder.arrays[name].dtype).encode())
    return digest.hexdigest()[:32]


def _store(key: str, answers: dict[str, Answer]) -> None:
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    encoder = plain.Encoder(prefix="c")
    entries = {}
    for pid, answer in answers.items():
        if answer.ok:
            entries[pid] = {"value": encoder.encode(answer.value)}
        else:
            entries[pid] = {"error": {"kind": answer.error.kind, "message": str(answer.error.message),
                                      "traceback": answer.error.traceback, "ename": answer.error.ename,
                                      "reason": answer.error.reason}}
    tmp = folder / f".{key}.{os.getpid()}.tmp"
    plain.save_arrays(f"{tmp}.npz", encoder.arrays)
    tmp.write_text(json.dumps(entries, allow_nan=False), encoding="utf-8")
    os.replace(f"{tmp}.npz", folder / f"{key}.npz")
    os.replace(tmp, folder / f"{key}.json")  # the JSON last: its presence means the entry is whole


def _load(key: str) -> dict[str, Answer] | None:
    folder = cache_dir()
    try:
        entries = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        arrays = plain.load_arrays(folder / f"{key}.npz")
        return {pid: Answer(value=plain.decode(e["value"], arrays)) if "value" in e
                else Answer(error=_cached_error(e["error"])) for pid, e in entries.items()}
    except (OSError, ValueError, KeyError):
        return None  # missing or damaged: recompute


def _cached_error(data: dict) -> ProbeError:
    """A stored error with its reason as the grader worded it (the cache is the grader's own file, so
    the reason is not filtered as a worker's claim is)."""
    error = error_from_json(data)
    said = message.from_json(data.get("reason"))
    return replace(error, message=said, reason=said.to_json()) if said is not None else error
