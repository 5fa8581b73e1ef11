"""The conformance suite: can this rubric be trusted to grade anyone?

For every assignment: the rubric loads; every check names something its reference module
defines; every hidden check quotes the contract sentence licensing its inputs; a
submission made of the reference's own code earns every automatic point; the released
template and an empty notebook earn none, question by question (no credit for absence);
a submission that makes each known mistake loses points and has the mistake named; and
every fair answer (``fair/<assignment>/<QID>/``) earns every automatic point of its
question (the fairness score, see :mod:`harness.author.fairness`).  Submissions are graded
through the same pipeline as students' work, in workers, so what passes here passes for them.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

import nbformat
from tabulate import tabulate

from harness.author import contracts, fairness
from harness.author.meter import Meter
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

PROGRESS_SECONDS = 20.0  # at most one progress line this often while the conformance submissions are graded


@dataclass(frozen=True)
class Finding:
    assignment: str
    item: str
    ok: bool
    detail: str = ""
    note: bool = False  # worth reading, not a failure (a question with few fair answers)
    fair: tuple[int, int] | None = None  # a question's fairness: (fair answers with full marks, fair answers)


def findings_table(findings: list[Finding]) -> str:
    rows = [[f.assignment, f.item, ("note" if f.note else "ok") if f.ok else "FAIL", f.detail] for f in findings]
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
        findings += named + contract_findings(course, rubric)
        if all(f.ok for f in named):
            rubrics.append(rubric)
    with tempfile.TemporaryDirectory(prefix="harness-validate-") as tmp:
        planned = {r.id: _submissions(course, r, Path(tmp)) for r in rubrics}
        submissions = [s for subs in planned.values() for s, _ in subs]
        progress(f"grading {len(submissions)} conformance submissions")
        view = _QuestionView(course)
        prepare_data(settings.device)
        store = _SharedReference(view, settings)
        meter = Meter(len(submissions), "conformance", progress, every=PROGRESS_SECONDS)
        results = {}
        for _, result in LocalExecutor(settings.jobs).as_finished(
                submissions, lambda s: grade_safely(s, view, settings, store)):
            results[result.path] = result
            meter.count(1, f"{result.assignment} {result.student}")
        for rubric in rubrics:
            judged = [judge(results[str(submission.path)]) for submission, judge in planned[rubric.id]]
            findings += [f for f in judged if isinstance(f, Finding)]
            findings += fairness_findings(course, rubric, [v for v in judged if isinstance(v, fairness.FairVerdict)])
    return findings


def contract_findings(course: Course, rubric: Rubric) -> list[Finding]:
    """A hidden check without the sentence of the contract that licenses its inputs is a finding."""
    checks = contracts.hidden_checks(course, rubric)
    out = [Finding(rubric.id, f"{c.where} contract", False,
                   f"hidden check '{c.name}' quotes no sentence of {contracts.CONTRACT_FILE} licensing its inputs "
                   "(add contract = \"...\")") for c in contracts.without_contract(checks)]
    out += [Finding(rubric.id, f"{c.where} contract", True, f"not found in {contracts.CONTRACT_FILE}: "
                    f"\"{c.contract[:120]}\"", note=True) for c in checks if c.found is False]
    return out


def fairness_findings(course: Course, rubric: Rubric, verdicts: list[fairness.FairVerdict]) -> list[Finding]:
    """Per question: its fairness score (a failure below 1.0), each right answer marked down with the
    checks it lost, and a note where a question with code checks has fewer than five fair answers."""
    out = [Finding(rubric.id, f"fair/{rubric.id}/{name}", True, "names no question of the rubric; not graded",
                   note=True) for name in fairness.stray_folders(course, rubric)]
    for question in rubric.questions:
        mine = [v for v in verdicts if v.answer.question == question.id]
        if mine:
            full = sum(v.full for v in mine)
            out.append(Finding(rubric.id, f"{question.id} fairness", full == len(mine),
                               f"{fairness.score(mine):.2f} ({full}/{len(mine)} fair answers earn full marks)",
                               fair=(full, len(mine))))
            out += [Finding(rubric.id, f"{question.id} fair {v.answer.name} marked down", False, "; ".join(v.lost))
                    for v in mine if not v.full]
        if fairness.has_code_checks(question) and len(mine) < fairness.ENOUGH:
            out.append(Finding(rubric.id, f"{question.id} fair answers", True,
                               f"{len(mine)} fair answers (fewer than {fairness.ENOUGH}): add some to "
                               f"{fairness.FAIR_DIR}/{rubric.id}/{question.id}/", note=True))
    return out


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
        add("template", ".ipynb", nbformat.writes(build_template(course, rubric)),
            lambda r: _zero(rubric, r, "template scores zero"))
        add("empty", ".ipynb", nbformat.writes(nbformat.v4.new_notebook()),
            lambda r: _zero(rubric, r, "empty notebook scores zero"))
    except ReferenceError as exc:
        return [(Submission("reference", rubric.id, tmp / "missing", problem=str(exc)),
                 lambda r, e=exc: Finding(rubric.id, "reference", False, str(e)))]
    for question in rubric.questions:
        for mistake in question.mistakes:
            student = f"mistake-{question.id}-{mistake.target}-{mistake.name}"
            try:
                text = mistake_text(course, rubric, question, mistake)
            except ReferenceError as exc:
                out.append((Submission(student, rubric.id, tmp / "missing", problem=str(exc)),
                            lambda r, m=mistake, e=exc: Finding(rubric.id, f"mistake {m.name} ({m.target})", False, str(e))))
                continue
            add(student, ".py", text, lambda r, q=question, m=mistake: _mistake_caught(rubric, q, m, r),
                assignment=f"{rubric.id}@{question.id}")
    for answers in fairness.fair_answers(course, rubric).values():
        out += [(a.submission(rubric), lambda r, a=a: fairness.judge(a, r)) for a in answers]
    return out


def mistake_text(course: Course, rubric: Rubric, question, mistake) -> str:
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


def _zero(rubric: Rubric, result: SubmissionResult, item: str) -> Finding:
    """No credit for absence: nothing answered earns nothing, question by question."""
    errors = [f"cell {c.index}: {c.error[:120]}" for c in result.cells if c.status != "ok"]
    answered = [c.question for c in result.checks if c.manual is not None and c.manual.get("answered")]
    graders = [f"{c.question}.{c.number}" for c in result.checks if c.grader_error]
    problems = errors + [f"{q} counted as answered" for q in answered] + [f"grader error on {g}" for g in graders]
    for question in rubric.questions:
        earned = [c for c in _automatic(result, question.id) if c.score > 0]
        if earned:
            problems.append(f"{question.id} earned {sum(c.score for c in earned):g} points: " + ", ".join(
                f"{c.question}.{c.number} {c.name} ({' '.join(str(c.message).split())[:120]})" for c in earned))
    if result.problem:
        problems.append(result.problem)
    ok = result.score == 0 and not problems
    detail = f"{result.score:g} / {result.max_score:g}" + "".join(f"; {p}" for p in problems[:4])
    return Finding(rubric.id, item, ok, detail)


def _mistake_caught(rubric: Rubric, question, mistake, result: SubmissionResult) -> Finding:
    checks = _automatic(result, question.id)
    got, full = sum(c.score for c in checks), sum(c.max_score for c in checks)
    named = [c for c in checks if c.mistake and c.mistake["name"] == mistake.name]
    ok = got < full and bool(named) and not result.problem
    detail = f"{question.id} {got:g} / {full:g}; named on {len(named)} of {len(checks)} checks"
    if result.problem:
        detail += f"; {result.problem}"
    return Finding(rubric.id, f"mistake {mistake.name} ({mistake.target})", ok, detail)
