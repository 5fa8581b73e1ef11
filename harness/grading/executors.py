"""Where gradings run: threads on this machine, or a Dask distributed cluster.

Either way each submission is graded by :func:`harness.grading.pipeline.grade_submission` in a
grader process, which starts the same sandboxed worker for the student's code; an
executor only decides which grader process that is.  :func:`grade_all` hands each result
back to its caller as it is finished (the caller stores it before asking for the next, so
nothing waits on the slowest submission and nothing calls back up); ``run`` gives them all in
the order the submissions were given.

A Dask cluster's workers must have this project (and the course pack's libraries)
installed and run as root for the full sandbox (see README, "Performance").  The
submission's bytes travel with the task; the course folder (rubrics and references)
must exist at the same path on every worker (a shared file system, or the same checkout).
"""
from __future__ import annotations

import os
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from harness.grading.pipeline import ExpectedStore, Settings, grade_safely, prepare_data, warm_up
from harness.intake.discover import Submission
from harness.results.model import SubmissionResult
from harness.spec.course import Course

Grade = Callable[[Submission], SubmissionResult]


def in_order(finished: Iterator[tuple[int, SubmissionResult]], count: int) -> list[SubmissionResult]:
    """Results by the position of their submission, whatever order they were finished in."""
    results: list = [None] * count
    for position, result in finished:
        results[position] = result
    return results


class LocalExecutor:
    """``jobs`` submissions at once, each in a thread that supervises its own worker process."""

    def __init__(self, jobs: int):
        self.jobs = max(1, jobs)

    def as_finished(self, submissions: list[Submission], grade: Grade) -> Iterator[tuple[int, SubmissionResult]]:
        """(position, result) as each grading ends; gradings not yet started are dropped if the caller stops."""
        pool = ThreadPoolExecutor(max_workers=self.jobs)
        futures = {pool.submit(grade, s): i for i, s in enumerate(submissions)}
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def run(self, submissions: list[Submission], grade: Grade) -> list[SubmissionResult]:
        return in_order(self.as_finished(submissions, grade), len(submissions))


def grade_all(submissions: Iterable[Submission], course: Course, settings: Settings,
              executor=None) -> Iterator[SubmissionResult]:
    """Grade in parallel, handing back each result as it is finished.

    ``executor`` (this module) decides where; by default ``settings.jobs`` threads here.
    """
    submissions = list(submissions)
    if not submissions:
        return
    executor = executor or LocalExecutor(settings.jobs)
    if isinstance(executor, LocalExecutor):
        warm_up(submissions[0], settings)
        prepare_data(settings.device)
    store = ExpectedStore(course, settings)
    for _, result in executor.as_finished(submissions, lambda s: grade_safely(s, course, settings, store)):
        yield result


class DaskExecutor:
    """Each submission a Dask task; the scheduler at ``address`` spreads them over its workers."""

    def __init__(self, address: str, course: Course, settings):
        try:
            from distributed import Client
        except ImportError as exc:
            raise RuntimeError("the dask executor needs dask[distributed]: pip install 'harness[cluster]'") from exc
        self.client = Client(address, set_as_default=False, timeout="30s")
        self.course, self.settings = course, settings

    def as_finished(self, submissions: list[Submission], grade: Grade) -> Iterator[tuple[int, SubmissionResult]]:
        """(position, result) as each task ends; ``grade`` is this machine's and unused: tasks grade there."""
        from distributed import as_completed

        tasks = [(s, _bundle(s)) for s in submissions]
        futures = [self.client.submit(grade_on_worker, s, data, str(self.course.root), self.settings,
                                      key=f"harness-{i}-{s.student}-{s.assignment}", pure=False)
                   for i, (s, data) in enumerate(tasks)]
        order = {f.key: i for i, f in enumerate(futures)}
        try:
            with self.client.as_current():
                for future in as_completed(futures):
                    yield order[future.key], future.result()
        finally:
            self.client.close()

    def run(self, submissions: list[Submission], grade: Grade) -> list[SubmissionResult]:
        return in_order(self.as_finished(submissions, grade), len(submissions))


_stores: dict = {}
_prepared: set = set()
_worker_lock = threading.Lock()


def _bundle(submission: Submission) -> dict[str, bytes] | None:
    """The submission's files, by path relative to their common folder (None when one is unreadable)."""
    files = [Path(f) for f in submission.all_files]
    if not all(f.is_file() for f in files):
        return None
    root = Path(os.path.commonpath([str(f.parent) for f in files]))
    return {f.relative_to(root).as_posix(): f.read_bytes() for f in files}


def grade_on_worker(submission: Submission, data: dict[str, bytes] | None, course_root: str,
                    settings) -> SubmissionResult:
    """Runs on a Dask worker: the submission's files in a private folder, graded as here."""
    from harness.spec.course import find_course

    course = find_course(course_root)
    settings = replace(settings, threads=_threads_here())
    with _worker_lock:
        if settings.device not in _prepared:
            prepare_data(settings.device)
            _prepared.add(settings.device)
        key = (course_root, settings.device, settings.visibilities, settings.data_dir)
        store = _stores.setdefault(key, ExpectedStore(course, settings))
    if data is None:
        return grade_safely(submission, course, settings, store)
    with tempfile.TemporaryDirectory(prefix="harness-task-") as folder:
        copies = []
        for name, content in data.items():
            copy = Path(folder) / submission.student / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(content)
            copies.append(copy)
        moved = replace(submission, path=copies[0], files=tuple(copies) if submission.files else ())
        result = grade_safely(moved, course, settings, store)
    return replace(result, path=str(submission.path))


def _threads_here() -> int:
    """TensorFlow threads per grading on this Dask worker: its cores shared by the tasks it runs at once."""
    try:
        from distributed import get_worker

        at_once = get_worker().state.nthreads
    except (ImportError, ValueError, AttributeError):
        at_once = 1
    return max(1, (os.cpu_count() or 1) // max(1, at_once))


def make_executor(name: str, *, jobs: int, scheduler: str | None, course: Course, settings):
    if name == "local":
        return LocalExecutor(jobs)
    if name == "dask":
        if not scheduler:
            raise ValueError("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        return DaskExecutor(scheduler, course, settings)
    raise ValueError(f"unknown executor {name!r} (local or dask)")
