"""``metrics`` checks: a classification report, a confusion matrix or per-class scores,
compared with scikit-learn's (computed by the reference) on fixed labels.

Options:
  form   "report" (default): classification_report(output_dict=True). Per-class entries
         are matched by the order of the non-average keys, so ``target_names`` such as
         "class 0" are fine; 'macro avg' and 'weighted avg' must be right (a mix-up of the
         two is named); 'accuracy' is optional. Support must be exact.
         "matrix": a confusion matrix, exact; rows must be the true class.
         "per_class": one number per class (ROC AUC, ...), within atol/rtol.
A wrong answer equal (by the same rule) to a known mistake's answer names the mistake.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from harness.checks import register
from harness.checks.base import CheckContext, Outcome
from harness.checks.function import FunctionCheck, grader_problem, unanswered, with_mistake
from harness.contract.protocol import ProbeError
from harness.grading.compare import Comparison, NotComparable, compare
from harness.results.message import say
from harness.spec.rubric import RubricError
from harness.spec.typed_tables import entry

AVERAGES = ("macro avg", "weighted avg")
NOT_CLASSES = {"accuracy", "macro avg", "weighted avg", "micro avg", "samples avg"}
FIELDS = ("precision", "recall", "f1-score")
FORMS = ("report", "matrix", "per_class")

Rule = Callable[[object, object], Comparison]


def grade_by(ctx: CheckContext, key: str, rule: Rule) -> Outcome:
    """The function kind's order (reference, student, known mistakes) with a custom rule."""
    got, expected = ctx.student[key], ctx.reference[key]
    if (early := unanswered(ctx, key)) is not None:
        return early
    try:
        result = rule(expected.value, got.value)
    except NotComparable as exc:
        return grader_problem(ProbeError("exception", str(exc)))
    if result.ok:
        return Outcome(1.0, say("check.correct"), details=result.details)
    for mistake, answers in ctx.mistakes:
        variant = answers.get(key)
        if variant is not None and variant.ok and _safe(rule, variant.value, got.value):
            return Outcome(mistake.credit, with_mistake(result.message, mistake), mistake, result.details)
    return Outcome(0.0, result.message, details=result.details)


def _safe(rule: Rule, expected, got) -> bool:
    try:
        return rule(expected, got).ok
    except NotComparable:
        return False


def class_entries(report: dict) -> list:
    return [(k, v) for k, v in report.items() if str(k) not in NOT_CLASSES]


def _entry(expected: dict, got, where: str, rtol: float, atol: float) -> Comparison:
    if not isinstance(got, dict):
        return Comparison(False, say("metrics.entry_not_dict", where=where))
    for name in FIELDS:
        if name not in got:
            return Comparison(False, say("metrics.entry_missing", where=where, name=name,
                                         keys=str(sorted(map(str, got)))))
        result = compare(expected[name], got[name], rtol=rtol, atol=atol, path=f"{where}[{name!r}]")
        if not result.ok:
            return result
    if "support" in expected and "support" in got:
        return compare(expected["support"], got["support"], rtol=0.0, atol=0.0, path=f"{where}['support']")
    return Comparison(True)


def compare_reports(expected, got, *, rtol: float, atol: float) -> Comparison:
    if not isinstance(expected, dict):
        raise NotComparable("the reference report is not a dict")
    if not isinstance(got, dict):
        return Comparison(False, say("metrics.not_report", type=type(got).__name__))
    want, have = class_entries(expected), class_entries(got)
    if len(want) != len(have):
        return Comparison(False, say("metrics.entries", expected=len(want), got=len(have),
                                     keys=str([k for k, _ in have][:10])))
    for (_, e), (name, g) in zip(want, have):
        result = _entry(e, g, f"class entry {name!r}", rtol, atol)
        if not result.ok:
            return result
    missing = [a for a in AVERAGES if a not in got]
    if missing:
        return Comparison(False, say("metrics.no_averages", missing=str(missing)))
    swapped = [_entry(expected[b], got[a], a, rtol, atol).ok for a, b in zip(AVERAGES, reversed(AVERAGES))]
    for name in AVERAGES:
        result = _entry(expected[name], got[name], repr(name), rtol, atol)
        if not result.ok:
            if all(swapped):
                return Comparison(False, say("metrics.averages_swapped"))
            return result
    if "accuracy" in got and "accuracy" in expected:
        return compare(expected["accuracy"], got["accuracy"], rtol=rtol, atol=atol, path="['accuracy']")
    return Comparison(True)


def compare_matrices(expected, got, *, rtol: float, atol: float) -> Comparison:
    want = np.asarray(expected)
    result = compare(expected, got, rtol=0.0, atol=0.0)
    if result.ok:
        return result
    have = np.asarray(got) if not isinstance(got, dict) else None
    if have is not None and have.shape == want.shape and np.array_equal(have.T, want):
        return Comparison(False, say("metrics.matrix_transposed"), result.details)
    if have is not None and have.shape == want.shape and have.ndim == 2:
        return Comparison(False, say("metrics.row_sums", message=result.message,
                                     expected=str(want.sum(axis=1).tolist()), got=str(have.sum(axis=1).tolist())),
                          result.details)
    return result


@dataclass(frozen=True, kw_only=True)
class MetricsOptions:
    form: str = entry("report", "'report' (classification_report as a dict), 'matrix' (confusion matrix) "
                                "or 'per_class' (one number per class)")


@dataclass(frozen=True, kw_only=True)
class ChoiceOptions:
    accept: list[str] = entry(factory=list, help="other answers accepted besides the reference's")
    mistaken: dict[str, str] = entry(factory=dict, help="answer -> the name of the question's mistake it makes")


@register
class MetricsCheck(FunctionCheck):
    name = "metrics"
    Options = MetricsOptions
    help = "a classification report, confusion matrix or per-class scores equal to scikit-learn's"

    def validate(self, check, question, where):
        super().validate(check, question, where)
        if self.options(check).form not in FORMS:
            raise RubricError(f"{where}: options.form must be one of {', '.join(FORMS)}")

    def grade(self, ctx):
        form, check = self.options(ctx.check).form, ctx.check
        if form == "report":
            return grade_by(ctx, "main", lambda e, g: compare_reports(e, g, rtol=check.rtol, atol=check.atol))
        if form == "matrix":
            return grade_by(ctx, "main", lambda e, g: compare_matrices(e, g, rtol=check.rtol, atol=check.atol))
        return grade_by(ctx, "main", lambda e, g: compare(e, g, rtol=check.rtol, atol=check.atol))


def _normalised(value) -> str:
    return " ".join(str(value).strip().lower().replace("_", " ").split())


@register
class ChoiceCheck(FunctionCheck):
    """A named choice (a metric, an optimizer ...) given as a string, e.g. recommended_metric.

    Options: accept (strings also accepted besides the reference's value; compared without
    case, outer spaces or '_' vs ' '), mistaken ({answer = "mistake name"}: answers that name
    one of the question's mistakes, whose function's docstring explains why it is wrong).
    """
    name = "choice"
    Options = ChoiceOptions
    help = "read a string variable and accept the reference's value or listed synonyms, any case"
    calls = False

    def grade(self, ctx):
        got, expected = ctx.student["main"], ctx.reference["main"]
        if (early := unanswered(ctx, called=False)) is not None:
            return early
        if not isinstance(got.value, str):
            return Outcome(0.0, say("choice.not_string", target=ctx.check.target, type=type(got.value).__name__))
        accepted = {_normalised(expected.value), *map(_normalised, self.options(ctx.check).accept)}
        answer = _normalised(got.value)
        if answer in accepted:
            return Outcome(1.0, say("check.correct"))
        wrong = {_normalised(k): v for k, v in self.options(ctx.check).mistaken.items()}
        mistake = next((m for m in ctx.question.mistakes if m.name == wrong.get(answer)), None)
        message = say("choice.wrong", answer=repr(got.value))
        if mistake is not None:
            return Outcome(mistake.credit, with_mistake(message, mistake), mistake)
        return Outcome(0.0, message)
