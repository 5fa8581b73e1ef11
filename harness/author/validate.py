"""The conformance suite: can this rubric be trusted to grade anyone?

For every assignment: the rubric loads; every check names something its reference module
defines; a submission made of the reference's own code earns every automatic point; the
released template earns none and runs without an error; and a submission that makes each
known mistake loses points and has the mistake named.  Submissions are graded through the
same pipeline as students' work, in workers, so what passes here passes for them.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

import nbformat
from tabulate import tabulate

from harness.author.release import build_template
from harness.grading.executors import LocalExecutor
from harness.grading.pipeline import ExpectedStore, Settings, grade_safely, prepare_data
from harness.intake.discover import Submission
from harness.results.model import SubmissionResult
from harness.spec.course import Course, CourseError
from harness.spec.plan import plan
from harness.spec.reference_code import (
    STATIC_KINDS,
    ReferenceError,
    call_names,
    flat_submission,
    module_literal,
    module_path,
    parse,
    top_level,
)
from harness.spec.rubric import Rubric, RubricError


@dataclass(frozen=True)
class Finding:
    assignment: str
    item: str
    ok: bool
    detail: str = ""


def findings_table(findings: list[Finding]) -> str:
    rows = [[f.assignment, f.item, "ok" if f.ok else "FAIL", f.detail] for f in findings]
    return tabulate(rows, headers=["assignment", "what", "result", "detail"])


def validate_course(course: Course, assignment_ids: list[str], settings: Settings,
                    progress: Callable[[str], None] = lambda _: None) -> list[Finding]:
    findings: list[Finding] = []
    rubrics = []
    for assignment_id in assignment_ids:
        try:
            rubric = course.rubric(assignment_id)
        except (CourseError, RubricError, ReferenceError) as exc:
            findings.append(Finding(assignment_id, "rubric loads", False, str(exc)))
            continue
        findings.append(Finding(assignment_id, "rubric loads", True, f"{len(rubric.questions)} questions"))
        named = names_findings(course, rubric)
        findings += named
        if all(f.ok for f in named):
            rubrics.append(rubric)
    with tempfile.TemporaryDirectory(prefix="harness-validate-") as tmp:
        planned = {r.id: _submissions(course, r, Path(tmp)) for r in rubrics}
        submissions = [s for subs in planned.values() for s, _ in subs]
        progress(f"grading {len(submissions)} conformance submissions")
        view = _QuestionView(course)
        prepare_data(settings.device)
        store = _SharedReference(view, settings)
        graded = LocalExecutor(settings.jobs).run(submissions, lambda s: grade_safely(s, view, settings, store),
                                                  lambda _: None)
        results = {r.path: r for r in graded}
        for rubric in rubrics:
            for submission, judge in planned[rubric.id]:
                findings.append(judge(results[str(submission.path)]))
    return findings


class _QuestionView:
    """The course, plus assignments named ``<id>@Q2``: that assignment's rubric with one question.

    A known mistake changes one question, so its submission is graded on that question's
    checks only: grading the rest again (some train CNNs) says nothing new.
    """

    def __init__(self, course: Course):
        self.course = course

    def __getattr__(self, name):
        return getattr(self.course, name)

    def rubric(self, assignment: str) -> Rubric:
        base, _, question = assignment.partition("@")
        rubric = self.course.rubric(base)
        return replace(rubric, id=assignment, questions=[rubric.question(question)]) if question else rubric


@dataclass
class _SharedReference(ExpectedStore):
    """One reference run per assignment: a one-question view reads the whole rubric's answers
    (probe ids are numbered within a question, so they are the same in both)."""

    def answers(self, rubric: Rubric, planned) -> dict:
        whole = self.course.rubric(rubric.id.partition("@")[0])
        return super().answers(whole, plan(whole, self.settings.visibilities))


def names_findings(course: Course, rubric: Rubric) -> list[Finding]:
    """Every check's target (and ``{call = ...}`` argument) is defined by the question's module."""
    findings = []
    for question in rubric.questions:
        wanted = [(_reference_side(c), i) for i, c in enumerate(question.checks, 1) if _reference_side(c)]
        wanted += [(n, i) for i, c in enumerate(question.checks, 1) for n in call_names([*c.args, *c.kwargs.values()])]
        if not wanted:
            continue
        path = module_path(course, rubric, question)
        try:
            defined = top_level(parse(path))
        except ReferenceError as exc:
            findings.append(Finding(rubric.id, f"{question.id} names", False, str(exc)))
            continue
        missing = [f"check {i}: `{name}`" for name, i in wanted if name not in defined]
        detail = (f"not defined in {path.name}: " + ", ".join(missing)) if missing else \
            f"{len({n for n, _ in wanted})} names defined in {path.name}"
        findings.append(Finding(rubric.id, f"{question.id} names", not missing, detail))
    return findings


def _reference_side(check) -> str:
    """The reference's name a check relies on: a ``source`` check's detector, else its target."""
    if check.kind in STATIC_KINDS:
        return str(check.options.get("detector", ""))
    return check.reference or check.target


def _submissions(course: Course, rubric: Rubric, tmp: Path) -> list[tuple[Submission, Callable]]:
    """(submission, judge) pairs: what to grade, and how to read its result."""
    out = []

    def add(student: str, suffix: str, text: str, judge: Callable[[SubmissionResult], Finding],
            assignment: str = rubric.id) -> None:
        path = tmp / rubric.id / student / f"{rubric.id}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        out.append((Submission(student, assignment, path), judge))

    try:
        add("reference", ".py", flat_submission(course, rubric), lambda r: _full_marks(rubric, r))
        add("template", ".ipynb", nbformat.writes(build_template(course, rubric)), lambda r: _zero(rubric, r))
    except ReferenceError as exc:
        return [(Submission("reference", rubric.id, tmp / "missing", problem=str(exc)),
                 lambda r, e=exc: Finding(rubric.id, "reference", False, str(e)))]
    for question in rubric.questions:
        for mistake in question.mistakes:
            student = f"mistake-{question.id}-{mistake.target}-{mistake.name}"
            try:
                text = _mistake_text(course, rubric, question, mistake)
            except ReferenceError as exc:
                out.append((Submission(student, rubric.id, tmp / "missing", problem=str(exc)),
                            lambda r, m=mistake, e=exc: Finding(rubric.id, f"mistake {m.name} ({m.target})", False, str(e))))
                continue
            add(student, ".py", text, lambda r, q=question, m=mistake: _mistake_caught(rubric, q, m, r),
                assignment=f"{rubric.id}@{question.id}")
    return out


def _mistake_text(course: Course, rubric: Rubric, question, mistake) -> str:
    """The reference with the mistake made: its function in place of the target, or, for a mistake
    a ``source`` check detects, the module's ``DETECTOR_EXAMPLES[detector]`` cell appended."""
    detected = any(c.kind in STATIC_KINDS and c.options.get("detector") == mistake.function for c in question.checks)
    if not detected:
        return flat_submission(course, rubric, {mistake.target: mistake.function})
    examples = module_literal(module_path(course, rubric, question), "DETECTOR_EXAMPLES") or {}
    if not isinstance(examples, dict) or not isinstance(examples.get(mistake.function), str):
        raise ReferenceError(f"{question.module}.py: DETECTOR_EXAMPLES has no cell making the mistake "
                             f"{mistake.function} detects")
    return flat_submission(course, rubric) + "\n\n" + examples[mistake.function]


def _automatic(result: SubmissionResult, question_id: str | None = None):
    return [c for c in result.checks if c.manual is None and question_id in (None, c.question)]


def _full_marks(rubric: Rubric, result: SubmissionResult) -> Finding:
    short = [c for c in _automatic(result) if c.status != "passed"]
    got, full = sum(c.score for c in _automatic(result)), sum(c.max_score for c in _automatic(result))
    detail = f"{got:g} / {full:g} automatic points" + (result.problem and f"; {result.problem}")
    detail += "".join(f"; {c.question}.{c.number} {c.name}: {c.message[:160]}" for c in short[:3])
    return Finding(rubric.id, "reference scores full marks", not short and not result.problem, detail)


def _zero(rubric: Rubric, result: SubmissionResult) -> Finding:
    errors = [f"cell {c.index}: {c.error[:120]}" for c in result.cells if c.status != "ok"]
    answered = [c.question for c in result.checks if c.manual is not None and c.manual.get("answered")]
    graders = [f"{c.question}.{c.number}" for c in result.checks if c.grader_error]
    problems = errors + [f"{q} counted as answered" for q in answered] + [f"grader error on {g}" for g in graders]
    if result.problem:
        problems.append(result.problem)
    ok = result.score == 0 and not problems
    detail = f"{result.score:g} / {result.max_score:g}" + "".join(f"; {p}" for p in problems[:3])
    return Finding(rubric.id, "template scores zero", ok, detail)


def _mistake_caught(rubric: Rubric, question, mistake, result: SubmissionResult) -> Finding:
    checks = _automatic(result, question.id)
    got, full = sum(c.score for c in checks), sum(c.max_score for c in checks)
    named = [c for c in checks if c.mistake and c.mistake["name"] == mistake.name]
    ok = got < full and bool(named) and not result.problem
    detail = f"{question.id} {got:g} / {full:g}; named on {len(named)} of {len(checks)} checks"
    if result.problem:
        detail += f"; {result.problem}"
    return Finding(rubric.id, f"mistake {mistake.name} ({mistake.target})", ok, detail)
