"""``function`` and ``value`` checks: call a name (or read a variable) and compare numbers.

Options: none.  Tolerances come from the check's ``rtol`` / ``atol``.  When a wrong
answer matches one of the question's known mistakes on the same inputs, the mistake
is named (and given its ``credit``).
"""
from __future__ import annotations

from harness.checks import register
from harness.checks.base import CheckContext, CheckKind, Outcome
from harness.checks.lenient import graded_by_discovery, with_resolution
from harness.contract.protocol import HYPERPARAMETER_REASONS, Probe, ProbeError
from harness.grading.compare import NotComparable, compare
from harness.results.message import Message, from_json, say
from harness.spec.rubric import RubricError


@register
class FunctionCheck(CheckKind):
    name = "function"
    help = "call the target with the check's args/kwargs and compare the result with the reference's"
    calls = True

    def validate(self, check, question, where):
        if not check.target:
            raise RubricError(f"{where}: a '{self.name}' check needs a target")

    def probes(self, check, timeout):
        return [Probe("main", check.target, call=self.calls, args=tuple(check.args),
                      kwargs=dict(check.kwargs), timeout=timeout)]

    def grade(self, ctx: CheckContext) -> Outcome:
        return grade_answer(ctx, "main")


@register
class ValueCheck(FunctionCheck):
    name = "value"
    help = "read a top-level variable and compare it with the reference module's variable of that name"
    calls = False

    def validate(self, check, question, where):
        super().validate(check, question, where)
        if check.args or check.kwargs:
            raise RubricError(f"{where}: a 'value' check takes no args or kwargs")


def grade_answer(ctx: CheckContext, key: str) -> Outcome:
    """The shared rule: reference first, then the student's answer, then known mistakes.

    When the notebook's name or signature differs from the template, the feedback says
    what was graded; when it defines no usable function, an array it computed may be.
    """
    outcome = _grade_exact(ctx, key)
    got = ctx.student[key]
    if key == "main" and not got.ok and got.error.kind in ("missing", "exception"):
        found = graded_by_discovery(ctx, outcome.message)
        if found is not None:
            return found
    return with_resolution(outcome, got, ctx.check.target)


def _grade_exact(ctx: CheckContext, key: str) -> Outcome:
    check, got, expected = ctx.check, ctx.student[key], ctx.reference[key]
    if not expected.ok:
        return grader_problem(expected.error)
    if not got.ok:
        mistake = _mistake_with_same_error(ctx, key, got.error)
        message = describe_error(got.error, check.target, check.kind == "function")
        summary = safe_summary(got.error, check.target)
        if mistake is not None:
            return Outcome(mistake.credit, with_mistake(message, mistake), mistake, hidden_summary=summary)
        return Outcome(0.0, message, hidden_summary=summary)
    try:
        result = compare(expected.value, got.value, rtol=check.rtol, atol=check.atol)
    except NotComparable as exc:
        return grader_problem(ProbeError("exception", str(exc)))
    if result.ok:
        return Outcome(1.0, say("check.correct"), details=result.details)
    # Said of the answer's form only, never of values, so a hidden check may say it too.
    summary = {"transposed": say("summary.transposed"),
               "extra axes": say("summary.extra_axes")}.get(result.details.get("hint"), "")
    for mistake, answers in ctx.mistakes:
        variant = answers.get(key)
        if variant is None or not variant.ok:
            continue
        try:
            matches = compare(variant.value, got.value, rtol=check.rtol, atol=check.atol).ok
        except NotComparable:
            continue
        if matches:
            return Outcome(mistake.credit, with_mistake(result.message, mistake), mistake, result.details,
                           hidden_summary=summary)
    return Outcome(0.0, result.message, details=result.details, hidden_summary=summary)


def _mistake_with_same_error(ctx: CheckContext, key: str, error: ProbeError):
    """A student error that a known mistake reproduces exactly (same type, same text)."""
    if error.kind != "exception":
        return None
    for mistake, answers in ctx.mistakes:
        variant = answers.get(key)
        if variant is not None and variant.error is not None and variant.error.message == error.message:
            return mistake
    return None


def with_mistake(message: str, mistake) -> str:
    """A verdict followed by the known mistake it matches (the page shows the mistake in a box of its own)."""
    return say("check.mistake", message=message, explanation=mistake.explanation)


# Reasons an exception of the harness's carries when an argument could not be built from the submission
# (harness/worker/builders/hypermodel_values.py): said as they are, not as the target's own error.
ARGUMENT_REASONS = (*HYPERPARAMETER_REASONS, "reason.missing")


def describe_error(error: ProbeError, target: str, called: bool) -> str:
    what = f"`{target}(...)`" if called else f"`{target}`"
    why = from_json(error.reason) or error.message  # the harness's reason, else the program's own text
    if error.kind == "missing" or (isinstance(why, Message) and why.id in ARGUMENT_REASONS):
        return why  # a missing name, or an argument the harness could not build (the reason says which)
    if isinstance(why, Message) and why.id == "reason.looked_for":  # an action's typed reason (harness/worker)
        return say("error.looked_for", what=what, thing=why.params["thing"], got=why.params["got"])
    ids = {"exception": "error.exception", "timeout": "error.timeout", "crash": "error.crash",
           "not-run": "error.not_run"}
    return say(ids.get(error.kind, "error.other"), what=what, error=why)


def safe_summary(error: ProbeError, target: str) -> str:
    """The reason for a failure, without anything an input or expected value could shape."""
    if error.reason and error.reason["id"] in HYPERPARAMETER_REASONS:
        return say("summary.hp_unmatched", of=error.reason["params"]["of"])
    if error.kind == "exception" and error.reason and error.reason["id"] == "reason.missing":
        return say("summary.missing", target=error.reason["params"]["name"])  # a name an argument needed
    if error.kind == "missing":
        return say("summary.missing", target=target)
    if error.kind == "exception":
        return say("summary.exception", target=target, ename=error.ename or say("summary.an_exception"))
    ids = {"timeout": "summary.timeout", "crash": "summary.crash", "not-run": "summary.not_run"}
    return say(ids[error.kind]) if error.kind in ids else ""


def unanswered(ctx: CheckContext, key: str = "main", called: bool = True) -> Outcome | None:
    """The outcome when the reference or the student has no answer for ``key``; None when both answered."""
    got, expected = ctx.student[key], ctx.reference[key]
    if not expected.ok:
        return grader_problem(expected.error)
    if not got.ok:
        return Outcome(0.0, describe_error(got.error, ctx.check.target, called),
                       hidden_summary=safe_summary(got.error, ctx.check.target))
    return None


def grader_problem(error: ProbeError | None) -> Outcome:
    why = error.message if error else say("grader.no_reference")
    return Outcome(0.0, say("grader.no_expected", reason=why), grader_error=True)

