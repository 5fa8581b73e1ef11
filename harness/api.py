"""The verbs, as keyword-only functions; the CLI forwards to them and reuses their defaults."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from . import resume
from .course import CourseError, find_course
from .data import resolve_device
from .discover import DiscoveryError, discover
from .output import write_class, write_submission
from .pipeline import Settings, grade_all
from .render.table import summary_table
from .results import SubmissionResult
from .rubric import RubricError


class UsageError(Exception):
    """A problem with what the user asked for (exit status 2), not with a student's work."""


DEFAULT_OUT = "graded"


def grade(*, path: str, assignment: str | None = None, out: str = DEFAULT_OUT, jobs: int | None = None,
          device: str = "cpu", data_dir: str | None = None, course: str | None = None,
          public_only: bool = False, force: bool = False, echo=print) -> list[SubmissionResult]:
    """Grade every submission under ``path``; write results, pages and the gradebook to ``out``.

    Submissions whose results were completely written by an earlier run for the same file
    and rubric are not graded again (see :mod:`harness.resume`) unless ``force``.
    """
    the_course = _course(course)
    try:
        submissions = discover(Path(path), the_course.assignment_ids(), assignment)
    except DiscoveryError as exc:
        raise UsageError(str(exc)) from exc
    skipped = [f"{s.path}: {s.problem}" for s in submissions if s.assignment is None]
    gradable = [s for s in submissions if s.assignment is not None]
    for assignment_id in sorted({s.assignment for s in gradable}):
        _rubric(the_course, assignment_id)  # a broken rubric is a usage error, before any grading
    if data_dir:
        os.environ["HARNESS_DATA"] = str(Path(data_dir).resolve())  # workers look there, and may read it
    settings = Settings(visibilities=("public",) if public_only else ("public", "hidden"),
                        device=resolve_device(device), jobs=jobs or os.cpu_count() or 1,
                        data_dir=str(Path(data_dir).resolve()) if data_dir else None)
    prints = {(s.student, s.assignment): resume.fingerprint(s.path, the_course.rubric(s.assignment).path,
                                                             settings.visibilities) for s in gradable}
    earlier = {} if force else {key: r for key in prints
                                if (r := resume.finished(Path(out), *key, prints[key])) is not None}
    done = list(earlier.values())

    def record(result: SubmissionResult) -> None:
        write_submission(Path(out), result)
        resume.mark_complete(Path(out), result, prints[(result.student, result.assignment)])
        done.append(result)
        print(f"[{len(done)}/{len(gradable)}] {result.student} {result.assignment}: "
              f"{result.score:g} / {result.max_score:g}", file=sys.stderr, flush=True)

    if earlier:
        echo(f"resuming: {len(earlier)} submission(s) already graded in {out}/ are kept (--force re-grades them)")
    fresh = grade_all([s for s in gradable if (s.student, s.assignment) not in earlier], the_course, settings,
                      record)
    by_key = {**earlier, **{(r.student, r.assignment): r for r in fresh}}
    results = [by_key[(s.student, s.assignment)] for s in gradable]
    write_class(Path(out), results, skipped)
    for line in skipped:
        echo(f"not graded: {line}")
    if results:
        echo(summary_table(results))
    echo(f"results in {out}/ (gradebook.csv, index.html, <student>/<assignment>/)")
    return results


def check(*, file: str, assignment: str | None = None, out: str | None = None, course: str | None = None,
          device: str = "cpu", data_dir: str | None = None, echo=print) -> SubmissionResult:
    """A student's check of one file: public checks only, feedback in the terminal and as HTML."""
    the_course = _course(course)
    target = Path(file)
    if not target.is_file():
        raise UsageError(f"{file} is not a file")
    out = out or str(target.parent / f"{target.stem}-feedback")
    results = grade(path=file, assignment=assignment, out=out, jobs=1, course=course, public_only=True,
                    force=True, device=device, data_dir=data_dir, echo=lambda *_: None)
    result = results[0]
    for question in result.by_question():
        echo(f"{question.id} {question.title}: {question.score:g} / {question.max_score:g}")
        for c in question.checks:
            echo(f"  [{c.status}] {c.name}: {c.student_message}")
    hidden = sum(1 for q in _rubric(the_course, result.assignment).questions
                 for c in q.checks if c.visibility == "hidden")
    echo(f"public checks: {result.score:g} / {result.max_score:g}; {hidden} hidden checks run at grading time")
    echo(f"feedback page: {Path(out) / result.student / result.assignment / 'feedback.html'}")
    return result


def list_assignments(*, course: str | None = None, echo=print) -> None:
    the_course = _course(course)
    for assignment_id in the_course.assignment_ids():
        rubric = _rubric(the_course, assignment_id)
        echo(f"{rubric.id}: {rubric.title} ({rubric.points:g} points)")
        for q in rubric.questions:
            kinds = ", ".join(sorted({c.kind for c in q.checks}))
            echo(f"  {q.id} {q.title}: {q.points:g} points ({kinds})")


def _course(course: str | None):
    try:
        return find_course(course)
    except CourseError as exc:
        raise UsageError(str(exc)) from exc


def _rubric(the_course, assignment_id: str):
    try:
        return the_course.rubric(assignment_id)
    except (CourseError, RubricError) as exc:
        raise UsageError(str(exc)) from exc
