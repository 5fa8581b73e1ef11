"""The verbs, as keyword-only functions; the CLI forwards to them and reuses their defaults."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from harness import defaults
from harness.data import resolve_device
from harness.grading.executors import grade_all, make_executor
from harness.grading.pipeline import Settings
from harness.intake.discover import DiscoveryError, discover
from harness.render import check_report
from harness.render.exports import ExportError, export_csv, read_results
from harness.render.i18n import UnknownLanguage, catalogue
from harness.render.progress import Live, Progress
from harness.render.terminal_table import summary_table
from harness.results import cell_failures, resume, unchanged
from harness.results.model import SubmissionResult
from harness.results.sheet import ImportReport, SheetError, export_sheet, import_sheet, read_sheet
from harness.grading.reference_print import library_versions, reference_print
from harness.results.store import (CLASS_PAGE, DEFAULT_OUT, GRADEBOOK, default_check_out, export_file,
                                   feedback_page_path, manual_sheet, read_not_graded, write_atomic, write_class,
                                   write_submission)
from harness.spec.course import CourseError, find_course
from harness.spec.rubric import RubricError


class UsageError(Exception):
    """A problem with what the user asked for (exit status 2), not with a student's work."""


def grade(*, path: str, assignment: str | None = None, out: str = DEFAULT_OUT, jobs: int | None = None,
          device: str = defaults.DEVICE, data_dir: str | None = None, course: str | None = None,
          public_only: bool = False, force: bool = False, echo=print, lang: str | None = None,
          progress: bool = True, executor: str = defaults.EXECUTOR, scheduler: str | None = None,
          observer=None, self_check: bool = False, deferred: tuple[str, ...] = ()
          ) -> list[SubmissionResult]:
    """Grade every submission under ``path``; write results, pages and the gradebook to ``out``.

    Submissions whose results were completely written by an earlier run for the same file
    and rubric are not graded again (see :mod:`harness.results.resume`) unless ``force``.
    """
    _language(lang)
    the_course = _course(course)
    skipped, gradable = _gradable(the_course, path, assignment)
    if data_dir:
        os.environ["HARNESS_DATA"] = str(Path(data_dir).resolve())  # workers look there, and may read it
    settings = Settings(visibilities=("public",) if public_only else ("public", "hidden"),
                        device=resolve_device(device), jobs=jobs or os.cpu_count() or 1,
                        data_dir=str(Path(data_dir).resolve()) if data_dir else None,
                        self_check=self_check, deferred=tuple(deferred))
    versions, reference_dirs, prints = _fingerprints(the_course, gradable, settings)
    earlier = {} if force else {key: r for key in prints
                                if (r := resume.finished(Path(out), *key, prints[key])) is not None}
    fresh_work = [s for s in gradable if (s.student, s.assignment) not in earlier]
    if earlier:
        echo(unchanged.resuming_line(len(earlier), out))
    bar = Progress(len(fresh_work), enabled=None if progress else False,
                   estimate=_estimate(fresh_work, Path(out), settings.jobs))
    bar.phase("preparing the data and the workers")
    if executor == "local":  # a Dask cluster's tasks cannot call back here
        settings.observer = observer or _bar_observer(bar)

    try:
        runner = make_executor(executor, jobs=settings.jobs, scheduler=scheduler, course=the_course,
                               settings=settings) if fresh_work else None
    except (ValueError, RuntimeError, OSError) as exc:
        raise UsageError(str(exc)) from exc
    fresh = []
    try:
        # Each result is stored (and marked complete) as it is finished: a run stopped halfway keeps
        # every submission graded so far, and the next run resumes after them.
        for result in grade_all(resume.longest_first(fresh_work, Path(out)), the_course, settings, executor=runner):
            write_submission(Path(out), result, lang)
            resume.mark_complete(Path(out), result, prints[(result.student, result.assignment)])
            bar.advance(f"{result.student} {result.assignment}: {result.score:g} / {result.max_score:g}")
            fresh.append(result)
    finally:
        bar.finish()
    by_key = {**earlier, **{(r.student, r.assignment): r for r in fresh}}
    results = [by_key[(s.student, s.assignment)] for s in gradable]
    write_class(Path(out), results, skipped, lang)
    lines = [f"not graded: {line}" for line in skipped] + ([summary_table(results)] if results else []) \
        + [f"results in {out}/ ({GRADEBOOK}, {CLASS_PAGE}, <student>/<assignment>/)"]
    for line in lines:
        echo(line)
    if settings.visibilities == unchanged.VISIBILITIES:  # what a re-run of `harness grade` may then skip
        context = unchanged.run_context(course_root=the_course.root, path=path, assignment=assignment, out=out,
                                        lang=lang, device=settings.device, data_dir=settings.data_dir,
                                        visibilities=settings.visibilities, skipped=skipped)
        unchanged.remember(Path(out), unchanged.class_state(Path(out), context, prints), lines, reference_dirs,
                           versions)
    return results


def _gradable(the_course, path: str, assignment: str | None) -> tuple[list[str], list]:
    """("<file>: why it is not graded" for each file that cannot be, the submissions that can)."""
    try:
        submissions = discover(Path(path), the_course.assignment_ids(), assignment)
    except DiscoveryError as exc:
        raise UsageError(str(exc)) from exc
    skipped = [f"{s.path}: {s.problem}" for s in submissions if s.assignment is None]
    gradable = [s for s in submissions if s.assignment is not None]
    for assignment_id in sorted({s.assignment for s in gradable}):
        _rubric(the_course, assignment_id)  # a broken rubric is a usage error, before any grading
    return skipped, gradable


def _fingerprints(the_course, gradable: list, settings: Settings) -> tuple[dict, dict, dict]:
    """(library versions, assignment -> its reference folder, (student, assignment) -> the fingerprint its
    ``.complete`` marker must hold): what decides whether an earlier result may be kept."""
    versions = library_versions()
    reference_dirs = {a: str(the_course.reference_dir(the_course.rubric(a))) for a in {s.assignment for s in gradable}}
    references = {a: reference_print(Path(folder), {"device": settings.device, "data_dir": settings.data_dir},
                                     versions) for a, folder in reference_dirs.items()}
    prints = resume.submission_prints(gradable, {a: the_course.rubric(a).path for a in reference_dirs}, references,
                                      settings.visibilities)
    return versions, reference_dirs, prints


def _estimate(work: list, out: Path, jobs: int) -> float | None:
    """Seconds the same work took last time (spread over ``jobs``), when every file was graded before."""
    earlier = resume.earlier_seconds(work, out)
    return sum(earlier) / max(1, jobs) if work and None not in earlier else None


def _bar_observer(bar: Progress):
    def observe(event: dict) -> None:
        if event.get("event") == "references" and event.get("waiting"):
            bar.phase(f"waiting for the reference answers for {event.get('assignment')}: another grading is computing them")
        elif event.get("event") == "references":
            bar.phase(f"computing the reference answers for {event.get('assignment')} (first run only; kept after)")
        elif event.get("event") == "start":
            bar.working()
    return observe


def check(*, file: str, assignment: str | None = None, out: str | None = None, course: str | None = None,
          device: str = defaults.DEVICE, data_dir: str | None = None, echo=print, lang: str | None = None,
          full: bool = False, announced: bool = False, live: bool | None = None) -> SubmissionResult:
    """A student's check of one file: public checks only, feedback in the terminal and as HTML.

    Prints a first line at once (unless ``announced``: the CLI printed it before loading the engine),
    each failing cell as it fails, then each question's verdicts and a total with automatic points
    apart from prose points. Training checks wait for grading unless ``full``; no cell runs longer
    than the rubric's ``self_check_seconds``. ``live``: a spinner on stderr (None: when it is a terminal).
    """
    _language(lang)
    the_course = _course(course)
    target = Path(file)
    if not target.is_file():
        raise UsageError(f"{file} is not a file")
    out = out or default_check_out(target)
    try:
        found = discover(target, the_course.assignment_ids(), assignment)
    except DiscoveryError as exc:
        raise UsageError(str(exc)) from exc
    if not found or found[0].assignment is None:
        raise UsageError(f"{file}: {found[0].problem if found else 'not a submission'}")
    rubric = _rubric(the_course, found[0].assignment)
    words = check_report.engine(lang)
    deferred = () if full else tuple(rubric.limits.self_check_defers)
    if not announced and _readable(target):  # an unreadable file gets one message, at the end
        for line in check_report.start_lines(words, target.name, rubric, deferred):
            echo(line)
    shown: list[str] = []

    def say(line: str) -> None:
        shown.append(line)
        screen.say(line)

    screen = Live(echo=echo, enabled=live)
    watch = _CellWatch(target, words, say, screen)
    try:
        result = grade(path=file, assignment=assignment, out=out, jobs=1, course=course, public_only=True,
                       force=True, device=device, data_dir=data_dir, echo=lambda *_: None, lang=lang,
                       progress=False, observer=watch, self_check=True, deferred=deferred)[0]
    finally:
        screen.close()
    page = feedback_page_path(Path(out), result.student, result.assignment)
    if result.problem:  # one message: no per-check repetition, no count of checks that cannot run
        lines = [check_report.text(words, "check.file_not_graded", file=target.name, problem=result.problem)]
    else:
        failed = cell_failures.failed_cells(result)
        lines = [check_report.cell_line(words, c) for c in failed if not c.environment and c.index not in watch.said]
        lines += [check_report.cell_line(words, c) for c in failed if c.environment]
        lines += check_report.question_lines(words, result)
        n = check_report.counts(rubric, deferred)
        lines.append(check_report.total_line(words, result, n["hidden"], n["deferred"]))
    lines.append(check_report.text(words, "check.page", path=str(page)))
    for line in lines:
        say(line)
    if _repeatable(result):
        unchanged.remember_check(target, Path(out), the_course.root, rubric.path,
                                 the_course.reference_dir(rubric),
                                 unchanged.check_options(lang=lang, device=device, data_dir=data_dir, full=full), shown)
    return result


def _repeatable(result: SubmissionResult) -> bool:
    """Whether the same file would get the same answer: not when the grader, not the file, failed
    (a check that could not run, a worker that could not start, a crash), which a re-run may not."""
    return not (result.problem.startswith("the harness failed") or any(c.grader_error for c in result.checks)
                or any(c.status == "crash" for c in result.cells) or result.environment.get("worker_restarts", 0)
                and not any(c.status == "timeout" for c in result.cells))


def _readable(target: Path) -> bool:
    from harness.intake.notebook import SourceError, load_source

    try:
        load_source(target)
        return True
    except SourceError:
        return False


class _CellWatch:
    """Told each event of the student's worker: a failing cell is printed as it fails, with its Jupyter
    number and the student's line; the spinner says what runs now."""

    def __init__(self, target: Path, words: dict, say, screen: Live):
        from harness.intake.notebook import SourceError, load_source

        try:
            cells = load_source(target).cells
        except SourceError:
            cells = ()
        self.labels = {c.index: c.label or str(c.index + 1) for c in cells}
        self.names = {c.index: cell_failures.definitions(c.code) for c in cells}
        self.words, self.emit, self.screen = words, say, screen
        self.failed: list = []
        self.said: set[int] = set()

    def __call__(self, event: dict) -> None:
        kind = event.get("event")
        if kind == "references":
            message = "check.references_waiting" if event.get("waiting") else "check.references"
            self.screen.status(check_report.text(self.words, message, assignment=event.get("assignment")),
                               announce=True)
        elif kind == "start":
            item = event.get("item") or ("", "")
            where = f" · cell {self.labels.get(item[1][0], item[1][0])}" if item[0] == "step" else " · checks"
            self.screen.status(check_report.text(self.words, "check.running") + where)
        elif kind == "cell":
            report = event["report"]
            label = self.labels.get(report.index, str(report.index + 1))
            failed = cell_failures.failed_cell(report, label, self.failed, self.names)
            if failed is None or report.index in self.said:
                return
            self.failed.append(failed)
            if not failed.environment:  # the environment's failures are listed apart, at the end
                self.said.add(report.index)
                self.emit(check_report.cell_line(self.words, failed))


def list_assignments(*, course: str | None = None, echo=print) -> None:
    the_course = _course(course)
    for assignment_id in the_course.assignment_ids():
        rubric = _rubric(the_course, assignment_id)
        echo(f"{rubric.id}: {rubric.title} ({rubric.points:g} points)")
        for q in rubric.questions:
            kinds = ", ".join(sorted({c.kind for c in q.checks}))
            echo(f"  {q.id} {q.title}: {q.points:g} points ({kinds})")


def list_kinds(*, echo=print) -> None:
    """Every check kind a rubric may use, with its typed options (name, type, default, help)."""
    from harness.checks import known_kinds
    from harness.spec.typed_tables import described_fields

    for name, kind in sorted(known_kinds().items()):
        echo(f"{name}: {kind.help}")
        options = described_fields(kind.Options)
        if not options:
            echo("  (no options)")
        for option, type_name, default, help_text in options:
            shown = "" if default in (None, "(required)") else f" = {default!r}"
            echo(f"  {option} ({type_name}){shown}: {help_text}")


def export(*, fmt: str, out: str = DEFAULT_OUT, to: str | None = None, echo=print) -> Path:
    """Write the graded results in ``out`` as a CSV that Canvas or Moodle imports."""
    try:
        text = export_csv(read_results(Path(out)), fmt)
    except ExportError as exc:
        raise UsageError(str(exc)) from exc
    target = Path(to) if to else export_file(Path(out), fmt)
    write_atomic(target, text)
    echo(f"{fmt} gradebook: {target}")
    return target


def manual_export(*, out: str = DEFAULT_OUT, to: str | None = None, echo=print) -> Path:
    """A sheet of every prose answer, and every check that needs review, for a person to grade
    (points and comment columns)."""
    results = _stored(out)
    target = Path(to) if to else manual_sheet(Path(out))
    write_atomic(target, export_sheet(results))
    count = sum(1 for r in results for c in r.checks if c.manual is not None)
    pending = sum(1 for r in results for c in r.checks if c.needs_review)
    echo(f"{count} prose answers and {pending} checks that need review in {target}: fill in 'points' "
         f"(and 'comment'), then harness manual import {target} --out {out}")
    return target


def manual_import(*, sheet: str, out: str = DEFAULT_OUT, lang: str | None = None, echo=print) -> ImportReport:
    """Merge a graded sheet into the results; rewrite what changed, the gradebook and the class page."""
    _language(lang)
    try:
        report = import_sheet(_stored(out), read_sheet(Path(sheet)))
    except SheetError as exc:
        raise UsageError(str(exc)) from exc
    for result in report.changed:
        write_submission(Path(out), result, lang)
    if report.changed:
        write_class(Path(out), report.results, read_not_graded(Path(out)), lang)
    for line in report.applied:
        echo(f"graded: {line}")
    for line in report.problems:
        echo(f"not applied: {line}")
    echo(f"{len(report.applied)} grades applied, {report.unchanged} unchanged, "
         f"{report.not_graded} rows without points, {len(report.problems)} rows not applied")
    return report


def _stored(out: str) -> list[SubmissionResult]:
    try:
        return read_results(Path(out))
    except ExportError as exc:
        raise UsageError(str(exc)) from exc


def _language(lang: str | None) -> None:
    try:
        catalogue(lang)
    except UnknownLanguage as exc:
        raise UsageError(str(exc)) from exc


def release(*, assignment: str, out: str = defaults.TEMPLATES_OUT, lang: str = defaults.TEMPLATE_LANGUAGE, course: str | None = None,
            echo=print) -> Path:
    """Write the student template ``OUT/<assignment>.ipynb`` from the rubric and the reference."""
    from harness.author.release import languages, write_template
    from harness.spec.reference_code import ReferenceError

    the_course = _course(course)
    rubric = _rubric(the_course, assignment)
    try:
        languages(lang)
        path = write_template(the_course, rubric, Path(out), lang)
    except (ValueError, ReferenceError) as exc:
        raise UsageError(str(exc)) from exc
    echo(f"template: {path}")
    return path


def validate(*, assignment: str | None = None, mutants: bool = False, jobs: int | None = None,
             cap: int = defaults.MUTANTS_PER_FUNCTION, min_score: float = defaults.MIN_MUTATION_SCORE,
             device: str = defaults.DEVICE, course: str | None = None, calibrate: str | None = None,
             seeds: int = defaults.CALIBRATION_SEEDS, write: bool = False, echo=print) -> bool:
    """The conformance suite (with ``mutants``, mutation testing; with ``calibrate``, the training bars
    measured on right and wrong models instead) and the pack's summary; True when everything holds."""
    from harness.author.pack_report import SelectionError, run

    the_course = _course(course)
    ids = [assignment] if assignment else the_course.assignment_ids()
    if assignment and assignment not in the_course.assignment_ids():
        raise UsageError(f"unknown assignment '{assignment}'; this course has: {', '.join(the_course.assignment_ids())}")
    settings = Settings(device=resolve_device(device), jobs=jobs or os.cpu_count() or 1)
    progress = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    try:
        return run(the_course, ids, settings, mutants=mutants, cap=cap, min_score=min_score, calibrate=calibrate,
                   seeds=seeds, write=write, echo=echo, progress=progress)
    except SelectionError as exc:
        raise UsageError(str(exc)) from exc


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
