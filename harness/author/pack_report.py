"""`harness validate` from start to end: the conformance suite (or the calibration of training
bars), mutation testing when asked, and one summary for the whole pack.

The summary puts side by side what a rubric must show before it grades anyone: that it
catches wrong answers (mutation score), that it does not mark right ones down (fairness
score), that nothing earns points for being absent, that each training bar has a margin
between right and wrong models, and that every hidden check says which sentence of the
contract licenses its inputs.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from harness.author import calibrate as calibration
from harness.author import contracts, toml_bars
from harness.author.validate import Finding, findings_table, validate_course
from harness.grading.pipeline import Settings
from harness.spec.course import Course, CourseError
from harness.spec.reference_code import ReferenceError
from harness.spec.rubric import RubricError


class SelectionError(ValueError):
    """--calibrate names no training check."""


@dataclass
class PackRun:
    assignments: list[str]
    findings: list[Finding] = field(default_factory=list)
    mutation: tuple[int, int] | None = None  # (killed, counted)
    calibrations: list = field(default_factory=list)
    hidden: list = field(default_factory=list)  # contracts.HiddenCheck
    conformance_run: bool = True
    written: dict = field(default_factory=dict)  # training check id -> the bar --write set in its rubric


def select_training(course: Course, what: str, assignments: list[str]) -> list:
    """'*' (every training check of ``assignments``), '<id>', '<id>@Q2' or '<id>@Q2.25' (the check's number)."""
    assignment, _, rest = what.partition("@")
    question, _, number = rest.partition(".")
    if what != "*" and assignment not in course.assignment_ids():
        raise SelectionError(f"unknown assignment '{assignment}'; this course has: "
                             f"{', '.join(course.assignment_ids())}")
    if number and not number.isdigit():
        raise SelectionError(f"'{what}': a check is named by its number in the question, e.g. {assignment}@Q2.3")
    try:
        if what == "*":
            return [t for a in assignments for t in calibration.training_checks(course.rubric(a))]
        found = calibration.training_checks(course.rubric(assignment), question or None,
                                            int(number) if number else None)
    except (CourseError, RubricError, ReferenceError) as exc:
        raise SelectionError(f"cannot calibrate: {exc} (run `harness validate` to see what is wrong)") from exc
    if not found:
        raise SelectionError(f"'{what}' names no training check (kinds train and embedding, and tables that train)")
    return found


def run(course: Course, assignments: list[str], settings: Settings, *, mutants: bool = False, cap: int = 40,
        min_score: float = 0.9, calibrate: str | None = None, seeds: int = calibration.MIN_SEEDS,
        write: bool = False, echo: Callable[[str], None] = print,
        progress: Callable[[str], None] = lambda _: None) -> bool:
    state = PackRun(assignments)
    for assignment in assignments:
        if _loads(course, assignment):  # a rubric that does not load is a finding of the suite below
            state.hidden += contracts.hidden_checks(course, course.rubric(assignment))
    if calibrate is not None:
        state.conformance_run = False
        echo("calibrating training bars (the conformance suite" + (" and --mutants" if mutants else "")
             + " run without --calibrate)")
        targets = select_training(course, calibrate, assignments)
        state.calibrations = calibration.calibrate(course, targets, settings, seeds, progress)
        for cal in state.calibrations:
            echo(calibration.report(cal))
            if write:
                line, bar = _write(cal, settings)
                echo(line)
                if bar is not None:
                    state.written[cal.target.id] = bar
    else:
        state.findings = validate_course(course, assignments, settings, progress)
        echo(findings_table(state.findings))
        echo(contracts.listing(state.hidden))
        if mutants:
            _mutation(course, state, settings, cap, echo, progress)
    echo(summary(course, state, min_score))
    return passed(state, min_score)


def _mutation(course, state: PackRun, settings, cap, echo, progress) -> None:
    from harness.author.mutation_testing import batches, counted, report, run_batches, stale_markers

    # Mutants are judged against the reference: a rubric that does not load, names what its reference
    # lacks, or fails its own reference would make every verdict meaningless.
    needed = ("rubric loads", "names", "reference scores full marks")
    trusted = [course.rubric(i) for i in state.assignments
               if any(f.assignment == i and f.item == "reference scores full marks" for f in state.findings)
               and all(f.ok for f in state.findings if f.assignment == i and f.item.endswith(needed))]
    work = [b for rubric in trusted for b in batches(course, rubric, cap=cap)]
    progress(f"grading {sum(len(b.mutants) for b in work)} mutants in {len(work)} batches")
    verdicts = run_batches(course, work, settings, progress)
    echo(report(verdicts))
    for marker in stale_markers(work):
        echo(f"equivalent_mutants marker matches no mutant (remove it): {marker}")
    scored = counted(verdicts)
    state.mutation = (sum(v.killed for v in scored), len(scored))
    if len(trusted) < len(state.assignments):
        state.findings.append(Finding("-", "mutation testing", False, "not run on rubrics that fail to load or "
                                      "name what their reference lacks"))


def _write(cal, settings: Settings) -> tuple[str, dict | None]:
    """What --write did, and the bar it set (None when it set none)."""
    bar = cal.proposed()
    if bar is None:
        return (f"  {cal.target.id}: no bar written (" + ("no margin measured" if cal.barred else "a table has no bar")
                + ")"), None
    path = Path(cal.target.rubric.path)
    note = calibration.comment(cal, bar, datetime.date.today().isoformat(), settings.device)
    try:
        toml_bars.write_bar(path, cal.target.question.id, cal.target.number, bar, note)
    except toml_bars.BarError as exc:
        return f"  {cal.target.id}: no bar written: {exc}", None
    return f"  {cal.target.id}: wrote {', '.join(f'{k} = {v:g}' for k, v in bar.items())} to {path}", bar


def passed(state: PackRun, min_score: float) -> bool:
    ok = all(f.ok for f in state.findings)
    if state.mutation is not None:
        killed, counted_ = state.mutation
        ok = ok and (killed / counted_ if counted_ else 1.0) >= min_score
    # A bar that marks a right run down fails the run, unless --write has just replaced it.
    marks_down = [c for c in state.calibrations if c.right_failed(state.written.get(c.target.id, c.current_bar))]
    return ok and all(c.margin is None or c.usable for c in state.calibrations) and not marks_down


def summary(course: Course, state: PackRun, min_score: float) -> str:
    lines = [f"== summary: {', '.join(state.assignments)} =="]
    lines.append("fairness score: " + _fairness(state))
    if state.mutation is not None:
        killed, counted_ = state.mutation
        score = killed / counted_ if counted_ else 1.0
        lines.append(f"mutation score: {score:.2f} ({killed}/{counted_} mutants killed; at least {min_score:g} passes)")
    else:
        lines.append("mutation score: not measured in this run (--mutants)")
    lines.append("training bars: " + _bars(course, state))
    missing = contracts.without_contract(state.hidden)
    lines.append(f"hidden checks without a contract sentence: {len(missing)} of {len(state.hidden)}")
    if state.conformance_run:
        absent = [f for f in state.findings if f.item in ("template scores zero", "empty notebook scores zero")]
        bad = [f"{f.assignment} {f.item.split(' scores')[0]}" for f in absent if not f.ok]
        lines.append("no credit for absence: " + (f"FAILS for {', '.join(bad)}" if bad else
                                                   f"template and empty notebook earn 0 in every question of "
                                                   f"{len(absent) // 2} assignments"))
        failed = [f for f in state.findings if not f.ok]
        lines.append(f"conformance items: {len(state.findings) - len(failed)} of {len(state.findings)} ok")
    lines.append("result: " + ("PASS" if passed(state, min_score) else "FAIL"))
    return "\n".join(lines)


def _fairness(state: PackRun) -> str:
    if not state.conformance_run:
        return "not measured in this run (`harness validate` without --calibrate)"
    scored = [f for f in state.findings if f.fair is not None]
    few = [f for f in state.findings if f.note and f.item.endswith(" fair answers")]
    full, total = sum(f.fair[0] for f in scored), sum(f.fair[1] for f in scored)
    if not total:
        return f"not measured (no fair answers under fair/; {len(few)} questions with code checks need some)"
    short = [f"{f.assignment} {f.item.split()[0]} {f.fair[0]}/{f.fair[1]}" for f in scored if f.fair[0] < f.fair[1]]
    return (f"{full / total:.2f} ({full}/{total} fair answers earn full marks over {len(scored)} questions"
            + (f"; marked down in {', '.join(short)}" if short else "")
            + (f"; {len(few)} questions with code checks have fewer than 5 fair answers" if few else "") + ")")


def _bars(course: Course, state: PackRun) -> str:
    if state.calibrations:
        shown = [f"{c.target.id} " + _margin(c) + ("" if c.usable else " UNUSABLE")
                 + (" FAILS RIGHT ANSWERS" if c.right_failed(state.written.get(c.target.id, c.current_bar)) else "")
                 for c in state.calibrations]
        return f"{len(shown)} measured now: " + "; ".join(shown)
    recorded = []
    for assignment in filter(lambda a: _loads(course, a), state.assignments):
        path = course.rubric(assignment).path
        recorded += [f"{assignment}@{where} " + (f"{margin:+.2f}" if margin is not None else "under the worst right run")
                     for where, margin in toml_bars.recorded_margins(path)]
    trained = [t for a in state.assignments if _loads(course, a)
               for t in calibration.training_checks(course.rubric(a))]
    barred = sum(t.check.kind in calibration.BARRED for t in trained)
    tables = f"; {len(trained) - barred} training tables have no bar to set" if len(trained) > barred else ""
    if not recorded:
        return f"{barred} training bars, no margin measured yet (--calibrate){tables}"
    return (f"{len(recorded)} of {barred} training bars calibrated (margins as written in the rubrics): "
            + "; ".join(recorded) + tables)


def _margin(cal) -> str:
    if cal.margin is not None:
        return f"margin {cal.margin:+.2f}"
    return "margin n/a" if cal.margin_all is None else f"margin {cal.margin_all:+.2f} (every mistake failed elsewhere)"


def _loads(course: Course, assignment: str) -> bool:
    try:
        course.rubric(assignment)
        return True
    except (CourseError, RubricError, ReferenceError):
        return False
