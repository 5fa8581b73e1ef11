"""Training bars calibrated on populations of right and wrong models.

A training check passes a model whose metric reaches ``max(ratio x reference, floor)``, the
reference trained with the same seed on the same served subset.  A bar set from one run of
the reference says nothing about the spread of right answers, or how close wrong ones come.
Here, for each training check, every right model (the reference's own code graded as a
submission, and the question's fair answers, ``fair/<assignment>/<QID>/``) and every wrong
model (the known mistakes that reach the check's target) is trained over several seeds;
each run's metric is divided by the reference's on the same seed.  The margin is the worst
right ratio minus the best wrong one: a bar with no margin cannot be set (every ratio that
passes the right answers passes a wrong one) and is reported as unusable.  A wrong model
that a cheaper check of the question already fails (a wrong layer that trains as well) is
screened once on those checks: the bar need not fail it, so it does not decide the margin.  Otherwise a bar
is proposed half-way, and with ``write`` set into the rubric with the numbers as a comment
(:mod:`harness.author.toml_bars`).

Kinds: ``train`` (bar: options ratio and floor on the metric), ``embedding`` (bar: options
ratio on the 1-NN accuracy, and ``loss_ratio``, how far the loss must fall: a right run whose
loss falls less is a right answer marked down, so it is measured and set from the right runs
too) and ``table`` checks that train (no bar to set: the share of the check's points each model
earns is reported, and its margin).
"""
from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from harness.author.fairness import fair_answers
from harness.author.meter import Meter
from harness.author.mutation_testing import _trains
from harness.author.validate import mistake_text
from harness.checks import kind
from harness.grading.executors import LocalExecutor
from harness.grading.pipeline import ExpectedStore, Settings, grade_safely, prepare_data
from harness.intake.discover import Submission
from harness.results.model import SubmissionResult
from harness.spec.course import Course
from harness.spec.plan import PlannedCheck
from harness.spec.reference_code import STATIC_KINDS, ReferenceError, call_names, flat_submission
from harness.spec.rubric import Check, Question, Rubric

MIN_SEEDS = 5  # fewer runs of each right answer than this: the worst case is not measured
BARRED = ("train", "embedding")  # kinds whose bar (options.ratio / floor) calibration can set
# With no wrong model for the bar to fail (none reaches the check, or another check fails each one),
# a bar sits this far under the worst right run: the five seeds measured are a sample, and a sixth
# right run may land lower (a model that cannot learn sits far below any right one, so the bar still
# fails it).
RIGHT_SLACK = 0.85
# The most an embedding's loss_ratio is set to: a network that does not learn ends near its first loss.
MAX_LOSS_RATIO = 0.95


@dataclass(frozen=True)
class TrainingCheck:
    rubric: Rubric
    question: Question
    number: int
    check: Check

    @property
    def id(self) -> str:
        return f"{self.rubric.id}@{self.question.id}.{self.number}"

    def relevant_mistakes(self) -> list:
        """Known mistakes whose function replaces a name the check trains: its target, a ``{call}``
        argument, or the ``transform`` the training reads from the submission."""
        names = {self.check.target, *call_names([*self.check.args, *self.check.kwargs.values()]),
                 self.check.options.get("transform")}
        detected = {c.options.get("detector") for c in self.question.checks if c.kind in STATIC_KINDS}
        return [m for m in self.question.mistakes if m.target in names and m.function not in detected]


@dataclass(frozen=True)
class Sample:
    side: str  # "right" or "wrong"
    name: str  # "reference", "fair/<name>", "mistake/<name>"
    seed: int
    metric: float | None  # None: the model did not train (an error), or a table check
    reference: float | None
    fraction: float  # of the check's points earned under the current bar
    problem: str = ""
    loss_fall: float | None = None  # embedding checks: the final loss over the first (None: not trained)

    @property
    def ratio(self) -> float:
        """The metric over the reference's on the same seed; a model that did not train counts as 0."""
        if self.metric is None or not self.reference or not math.isfinite(self.metric):
            return 0.0
        return self.metric / self.reference


@dataclass
class Calibration:
    target: TrainingCheck
    seeds: list[int]
    samples: list[Sample] = field(default_factory=list)
    # Known mistakes that another (cheaper) check of the question already fails -> that check:
    # the bar need not fail them, so they do not decide whether it has a margin.
    elsewhere: dict[str, str] = field(default_factory=dict)

    @property
    def barred(self) -> bool:
        return self.target.check.kind in BARRED

    def values(self, side: str, bar_only: bool = False) -> list[float]:
        """Per sample of a side: the ratio to the reference (barred kinds), else the fraction earned;
        ``bar_only``: wrong models no other check of the question fails."""
        return [s.ratio if self.barred else s.fraction for s in self.samples
                if s.side == side and not (bar_only and s.name in self.elsewhere)]

    @property
    def margin(self) -> float | None:
        """Worst right minus best wrong model that only this check can fail; None without either."""
        right, wrong = self.values("right"), self.values("wrong", bar_only=True)
        return min(right) - max(wrong) if right and wrong else None

    @property
    def margin_all(self) -> float | None:
        """The same over every known mistake that reaches the check, caught elsewhere or not."""
        right, wrong = self.values("right"), self.values("wrong")
        return min(right) - max(wrong) if right and wrong else None

    @property
    def usable(self) -> bool:
        """False when some bar-only wrong model does as well as a right one: no bar tells them apart."""
        return self.margin is None or self.margin > 0

    def proposed(self) -> dict[str, float] | None:
        """A bar half-way between the worst right and the best wrong model (every known mistake when
        the bar can fail them all, else those only it can fail); with no wrong model for the bar alone,
        RIGHT_SLACK under the worst right run; None when there is no margin."""
        right = self.values("right")
        if not self.barred or not right:
            return None
        for bar_only in (False, True):
            wrong = self.values("wrong", bar_only)
            if not wrong:
                return self._under_right()
            if min(right) <= max(wrong):
                continue
            bar = {"ratio": _down((min(right) + max(wrong)) / 2)}
            if not max(wrong) < bar["ratio"] <= min(right):
                continue  # a margin under 0.01 cannot be written as a two-decimal ratio
            if self.target.check.kind == "train":
                bar["floor"] = self._floor(bar_only)
            return self._with_loss(bar)
        return None

    def _with_loss(self, bar: dict[str, float]) -> dict[str, float]:
        """An embedding's bar with its loss_ratio: RIGHT_SLACK over the right run whose loss fell least
        (kept when the current one already passes that with room), at most MAX_LOSS_RATIO."""
        if self.target.check.kind != "embedding":
            return bar
        falls = [s.loss_fall for s in self.samples if s.side == "right" and s.loss_fall is not None]
        if not falls:
            return bar
        needed = min(MAX_LOSS_RATIO, _up(max(falls) / RIGHT_SLACK))
        return {**bar, "loss_ratio": max(self.current_bar["loss_ratio"], needed)}

    def _under_right(self) -> dict[str, float]:
        bar = {"ratio": _down(min(self.values("right")) * RIGHT_SLACK)}
        if self.target.check.kind == "train":
            bar["floor"] = self._floor(True)
        return self._with_loss(bar)

    def _floor(self, bar_only: bool) -> float:
        """Half-way between the worst right and best wrong absolute metric when they separate;
        else at most the worst right metric (a floor above it fails a right answer)."""
        right = [s.metric or 0.0 for s in self.samples if s.side == "right"]
        wrong = [s.metric or 0.0 for s in self.samples
                 if s.side == "wrong" and not (bar_only and s.name in self.elsewhere)]
        if wrong and min(right) > max(wrong):
            return _down((min(right) + max(wrong)) / 2)
        highest = min(right) * RIGHT_SLACK if not wrong else min(right) - 0.01
        current = float(self.target.check.options.get("floor", 0.0))
        return current if current <= highest else max(0.0, _down(highest))

    @property
    def current_bar(self) -> dict[str, float]:
        """The rubric's bar now, with the kind's own defaults for what it leaves out ({} for a table)."""
        if not self.barred:
            return {}
        options = kind(self.target.check.kind).options(self.target.check)
        bar = {"ratio": float(options.ratio), "floor": float(getattr(options, "floor", 0.0))}
        if self.target.check.kind == "embedding":
            bar["loss_ratio"] = float(options.loss_ratio)
        return bar

    def right_failed(self, bar: dict[str, float]) -> list[Sample]:
        """The right runs ``bar`` fails: each one a right answer the check would mark down."""
        return [s for s in self.samples if s.side == "right" and not self.passes(s, bar)] if self.barred else []

    def passes(self, sample: Sample, bar: dict[str, float]) -> bool:
        needed = max(bar["ratio"] * (sample.reference or 0.0), bar.get("floor", 0.0))
        if "loss_ratio" in bar and (sample.loss_fall is None or sample.loss_fall > bar["loss_ratio"]):
            return False  # the embedding's loss did not fall far enough
        return sample.metric is not None and sample.metric >= needed


def _down(value: float) -> float:
    return math.floor(value * 100 + 1e-9) / 100


def _up(value: float) -> float:
    return math.ceil(value * 100 - 1e-9) / 100


def training_checks(rubric: Rubric, question: str | None = None, number: int | None = None) -> list[TrainingCheck]:
    """The checks that train: kinds train and embedding, and table checks whose action trains."""
    out = []
    for q in rubric.questions:
        for n, check in enumerate(q.checks, 1):
            training = check.kind in BARRED or (check.kind == "table" and _trains(PlannedCheck(q, check, n, ())))
            if training and question in (None, q.id) and number in (None, n):
                out.append(TrainingCheck(rubric, q, n, check))
    return out


def seeds_for(rubric: Rubric, count: int) -> list[int]:
    return [rubric.seed + i for i in range(count)]


class _SeededView:
    """The course, plus one rubric per (training check, seed): that check alone, its question's
    mistakes dropped (each is trained as a submission of its own), the seed set everywhere."""

    def __init__(self, course: Course):
        self.course, self.rubrics = course, {}

    def __getattr__(self, name):
        return getattr(self.course, name)

    def add(self, target: TrainingCheck, seed: int) -> str:
        key = f"{target.id}~{seed}"
        check = target.check
        if "seed" in check.options:  # a kind that seeds its own loop (embedding)
            check = replace(check, options={**check.options, "seed": seed})
        question = replace(target.question, checks=[check], mistakes=[], points=check.points)
        self.rubrics[key] = replace(target.rubric, id=key, seed=seed, questions=[question])
        return key

    def add_screen(self, target: TrainingCheck) -> str | None:
        """The question's checks that train nothing, to see which mistakes they already fail."""
        cheap = [c for n, c in enumerate(target.question.checks, 1) if c.kind != "manual" and not any(
            t.number == n for t in training_checks(target.rubric, target.question.id))]
        if not cheap:
            return None
        key = f"{target.rubric.id}@{target.question.id}~screen"
        question = replace(target.question, checks=cheap, mistakes=[], points=sum(c.points for c in cheap))
        self.rubrics[key] = replace(target.rubric, id=key, questions=[question])
        return key

    def rubric(self, assignment: str) -> Rubric:
        return self.rubrics[assignment] if assignment in self.rubrics else self.course.rubric(assignment)


def calibrate(course: Course, targets: list[TrainingCheck], settings: Settings, seeds: int = MIN_SEEDS,
              progress: Callable[[str], None] = lambda _: None) -> list[Calibration]:
    """Train every right and wrong model of each target over ``seeds`` seeds; one Calibration per target."""
    view = _SeededView(course)
    calibrations = [Calibration(t, seeds_for(t.rubric, seeds)) for t in targets]
    with tempfile.TemporaryDirectory(prefix="harness-calibrate-") as tmp:
        jobs: list[tuple[Submission, Calibration, str, str, int | None]] = []
        for cal in calibrations:
            t = cal.target
            models = _models(course, t, Path(tmp))
            screen = view.add_screen(t)
            # Each wrong model once on the question's cheap checks (seed None): is it caught elsewhere?
            jobs += [(Submission(f"screen-{name}", screen, path, problem=problem), cal, side, name, None)
                     for side, name, path, problem in models if side == "wrong" and screen]
            for seed in cal.seeds:
                key = view.add(t, seed)
                for side, name, path, problem in models:
                    jobs.append((Submission(f"{side}-{name}", key, path, problem=problem), cal, side, name, seed))
        progress(f"calibrating {len(calibrations)} training checks: {len(jobs)} trainings "
                 f"({seeds} seeds each), {settings.jobs} at once")
        prepare_data(settings.device)
        store = ExpectedStore(view, settings)
        meter = Meter(len(jobs), "calibration", progress)

        def grade(submission: Submission) -> SubmissionResult:
            result = grade_safely(submission, view, settings, store)
            meter.count(1, f"{submission.assignment} {submission.student}")
            return result

        results = LocalExecutor(settings.jobs).run([j[0] for j in jobs], grade)
    for (_, cal, side, name, seed), result in zip(jobs, results):
        if seed is None:
            lost = [f"{c.question}.{_number(cal.target, c.name)} {c.name}" for c in result.checks
                    if c.manual is None and c.status != "passed"]
            if lost:
                cal.elsewhere[name] = lost[0]
        else:
            cal.samples.append(_sample(cal.target, side, name, seed, result))
    return calibrations


def _number(target: TrainingCheck, name: str) -> str:
    """A screened check's number in the whole question (the screening rubric numbers its own)."""
    return next((str(n) for n, c in enumerate(target.question.checks, 1) if c.name == name), "?")


def _models(course: Course, t: TrainingCheck, tmp: Path) -> list[tuple[str, str, Path, str]]:
    """(side, name, path, problem) of every model to train for a target."""
    folder = tmp / t.id.replace("@", "_")
    folder.mkdir(parents=True, exist_ok=True)
    out = []

    def write(side: str, name: str, make) -> None:
        path = folder / f"{side}-{name.replace('/', '-')}.py"
        try:
            path.write_text(make(), encoding="utf-8")
            out.append((side, name, path, ""))
        except ReferenceError as exc:
            out.append((side, name, path, str(exc)))

    write("right", "reference", lambda: flat_submission(course, t.rubric))
    out += [("right", f"fair/{a.name}", a.path, "") for a in fair_answers(course, t.rubric)[t.question.id]]
    for mistake in t.relevant_mistakes():
        write("wrong", f"mistake/{mistake.name}",
              lambda m=mistake: mistake_text(course, t.rubric, t.question, m))
    return out


def _sample(t: TrainingCheck, side: str, name: str, seed: int, result: SubmissionResult) -> Sample:
    checks = [c for c in result.checks if c.manual is None]
    if not checks:
        return Sample(side, name, seed, None, None, 0.0, result.problem or "not graded")
    c = checks[0]
    fraction = c.score / c.max_score if c.max_score else 0.0
    details = c.details or {}
    loss_fall = None
    if t.check.kind == "embedding":
        losses = (details.get("losses") or {}).get("student") or []
        if len(losses) >= 2 and all(isinstance(v, (int, float)) and math.isfinite(v) for v in losses) and losses[0] > 0:
            loss_fall = losses[-1] / losses[0]
        details = details.get("nn_accuracy") or {}
    metric, reference = details.get("student"), details.get("reference")
    metric = float(metric) if isinstance(metric, (int, float)) else None
    reference = float(reference) if isinstance(reference, (int, float)) else None
    problem = "" if metric is not None or t.check.kind not in BARRED else " ".join(str(c.message).split())[:160]
    if c.grader_error:
        problem = "grader error: " + " ".join(str(c.message).split())[:160]
    return Sample(side, name, seed, metric, reference, fraction, problem, loss_fall)


def report(cal: Calibration) -> str:
    """Both distributions, the margin, the current bar's verdicts and the proposed bar."""
    t, check = cal.target, cal.target.check
    unit = "x reference" if cal.barred else "of the points"
    head = f"{t.id} {check.kind} '{check.name}' ({len(cal.seeds)} seeds: {cal.seeds[0]}..{cal.seeds[-1]}; "
    lines = [head + f"values are the metric {unit})"]
    for side in ("right", "wrong"):
        names = list(dict.fromkeys(s.name for s in cal.samples if s.side == side))
        if not names:
            lines.append(f"  {side}: none" + ("" if side == "right" else " (no known mistake reaches this check)"))
        for name in names:
            mine = [s for s in cal.samples if s.side == side and s.name == name]
            shown = " ".join(f"{(s.ratio if cal.barred else s.fraction):.2f}" for s in mine)
            raw = " ".join("-" if s.metric is None else f"{s.metric:.3f}" for s in mine) if cal.barred else ""
            if check.kind == "embedding":
                raw += "; loss end/start " + " ".join("-" if s.loss_fall is None else f"{s.loss_fall:.2f}" for s in mine)
            problems = sorted({s.problem for s in mine if s.problem})
            caught = f"   (also failed by {cal.elsewhere[name]})" if name in cal.elsewhere else ""
            lines.append(f"  {side:<5} {name}: {shown}" + (f"   (metric {raw})" if raw else "") + caught
                         + (f"   [{problems[0]}]" if problems else ""))
    right, wrong, alone = cal.values("right"), cal.values("wrong"), cal.values("wrong", bar_only=True)
    if cal.margin_all is not None:
        lines.append(f"  worst right {min(right):.2f}, best wrong {max(wrong):.2f}: margin {cal.margin_all:+.2f}"
                     + ("" if alone == wrong else " over every known mistake"))
    if cal.margin is not None and alone != wrong:
        lines.append(f"  over the wrong models no other check fails (best {max(alone):.2f}): margin {cal.margin:+.2f}")
    if cal.margin is None:
        lines.append("  margin: " + ("not measured (no right model)" if not right else
                                     "not measured (no wrong model)" if not wrong else
                                     "every wrong model is failed by another check; the bar need not"
                                     + (f", and is set {RIGHT_SLACK:g} x under the worst right run"
                                        if cal.barred else "")))
    elif not cal.usable:
        lines.append("  UNUSABLE: a wrong model no other check fails does as well as a right one: no bar tells them apart")
    if len(cal.seeds) < MIN_SEEDS:
        lines.append(f"  note: {len(cal.seeds)} seeds (fewer than {MIN_SEEDS}): the worst right run is not measured")
    if cal.barred:
        current = cal.current_bar
        lines.append(f"  current bar {_bar(current)}: {_verdicts(cal, current)}")
        failed = cal.right_failed(current)
        if failed:
            runs = ", ".join(f"{s.name} seed {s.seed}" for s in failed)
            lines.append(f"  FAILS RIGHT ANSWERS: the current bar marks down {len(failed)} right runs ({runs})")
        bar = cal.proposed()
        if bar:
            lines.append(f"  proposed bar {_bar(bar)}: {_verdicts(cal, bar)}")
    return "\n".join(lines)


def _bar(bar: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:g}" for k, v in bar.items())


def _verdicts(cal: Calibration, bar: dict[str, float]) -> str:
    right = [s for s in cal.samples if s.side == "right"]
    wrong = [s for s in cal.samples if s.side == "wrong"]
    return (f"passes {sum(cal.passes(s, bar) for s in right)}/{len(right)} right runs, "
            f"fails {sum(not cal.passes(s, bar) for s in wrong)}/{len(wrong)} wrong runs")


def comment(cal: Calibration, bar: dict[str, float], day: str, device: str) -> str:
    """The TOML comment written above the bar: what was measured, so the next reader can trust it."""
    right, wrong = cal.values("right"), cal.values("wrong")
    models = len({s.name for s in cal.samples if s.side == "right"})
    mistakes = len({s.name for s in cal.samples if s.side == "wrong"})
    margin = cal.margin if cal.margin is not None else cal.margin_all
    head = (f"# calibrated {day} ({device} subset, seeds {cal.seeds[0]}-{cal.seeds[-1]}): {models} right models "
            f"{min(right):.2f}-{max(right):.2f} x reference, ")
    if not wrong:
        return head + f"no known mistake reaches this check; bar {RIGHT_SLACK:g} x the worst right run: {_bar(bar)}"
    if not cal.values("wrong", bar_only=True):
        return head + (f"{mistakes} wrong models at most {max(wrong):.2f} x, each failed by another check; "
                       f"bar {RIGHT_SLACK:g} x the worst right run: {_bar(bar)}")
    return head + (f"{mistakes} wrong models at most {max(wrong):.2f} x ({len(cal.elsewhere)} also failed by other "
                   f"checks); margin {margin:.2f}; bar {_bar(bar)}")
