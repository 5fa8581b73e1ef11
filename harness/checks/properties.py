"""``properties`` checks: call the target on inputs made in the worker and require named
properties of its output, for targets whose output cannot be compared value for value
(``rotate_batch`` draws its own random rotations).

Options:
  args          the target's arguments: literals, ``{ call = "name" }`` (another function of the
                target's module), or tables like the rubric's [inputs]
                (``{ random = "integers", shape = [16, 32, 32, 3], low = 0, high = 256, dtype = "uint8", seed = 0 }``)
  properties    names of the properties that must hold (see harness/worker/actions/properties.py)
  value         true: the target is a variable, and its value is the output (no args)
  diagnostics   names evaluated but not scored: they only help tell known mistakes apart
The check passes when every property holds.  A known mistake is named when its function's
verdicts on the same inputs (properties and diagnostics, each passed or failed in the
same way) equal the student's, and no other mistake's do: when two mistakes fail alike,
none is named (add diagnostics that tell them apart), so the name never depends on the
rubric's order.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.checks import register
from harness.checks.base import CheckContext, CheckKind, Outcome
from harness.checks.function import describe_error, grader_problem, safe_summary, with_mistake
from harness.contract.protocol import Probe
from harness.results.message import say
from harness.spec.rubric import RubricError
from harness.spec.typed_tables import entry


@dataclass(frozen=True, kw_only=True)
class PropertiesOptions:
    args: list[Any] = entry(factory=list, help="the target's arguments: literals, { call = name }, or tables like "
                                               "[inputs] with random = ...")
    properties: list[str] = entry(factory=list, help="names of the properties that must hold "
                                                     "(harness/contract/property_table.py)")
    diagnostics: list[str] = entry(factory=list, help="properties evaluated but not scored, to tell mistakes apart")
    value: bool = entry(False, "the target is a variable whose value is the output")


@register
class PropertiesCheck(CheckKind):
    name = "properties"
    Options = PropertiesOptions
    help = "call the target on worker-made inputs and require named properties of its output"

    def validate(self, check, question, where):
        from harness.contract.property_table import PROPERTIES

        names = [*self.options(check).properties, *self.options(check).diagnostics]
        if not check.target or not self.options(check).properties:
            raise RubricError(f"{where}: a 'properties' check needs a target and options.properties")
        unknown = sorted(set(names) - set(PROPERTIES))
        if unknown:
            raise RubricError(f"{where}: unknown properties {unknown}; known: {', '.join(sorted(PROPERTIES))}")
        if check.args or check.kwargs:
            raise RubricError(f"{where}: a 'properties' check takes its inputs from options.args")

    def probes(self, check, timeout):
        typed = self.options(check)
        options = {"args": typed.args, "properties": typed.properties, "diagnostics": typed.diagnostics,
                   "value": typed.value}
        return [Probe("main", check.target, call=False, timeout=timeout, action="check_properties",
                      options=options)]

    def grade(self, ctx: CheckContext) -> Outcome:
        check, got, expected = ctx.check, ctx.student["main"], ctx.reference["main"]
        scored = list(self.options(check).properties)
        if not expected.ok:
            return grader_problem(expected.error)
        if not all(expected.value[name]["ok"] for name in scored):
            return grader_problem(None)  # the reference itself fails: a rubric problem
        if not got.ok:
            return Outcome(0.0, describe_error(got.error, check.target, True),
                           hidden_summary=safe_summary(got.error, check.target))
        failed = [name for name in scored if not got.value[name]["ok"]]
        details = {"properties": got.value}
        if not failed:
            return Outcome(1.0, say("properties.hold", names=", ".join(scored)), details=details)
        message = say("properties.failed", why="; ".join(f"{name}: {got.value[name]['why']}" for name in failed))
        summary = say("properties.summary", names=", ".join(failed))
        matches = _matching_mistakes(ctx, got.value)
        if len({mistake.name for mistake in matches}) == 1:
            mistake = matches[0]
            return Outcome(mistake.credit, with_mistake(message, mistake), mistake, details,
                           hidden_summary=summary)
        if matches:
            # Verdicts alike for different mistakes: naming the first would depend on the rubric's
            # order and may name the wrong one.  Diagnostics on the check tell them apart.
            message = say("properties.ambiguous", message=message, names=", ".join(m.name for m in matches))
        return Outcome(0.0, message, details=details, hidden_summary=summary)


def _matching_mistakes(ctx: CheckContext, verdicts: dict) -> list:
    """The known mistakes whose functions' verdicts on the same inputs equal the student's."""
    return [mistake for mistake, answers in ctx.mistakes
            if answers.get("main") is not None and answers["main"].ok
            and _verdicts(answers["main"].value) == _verdicts(verdicts)]


def _verdicts(report: dict) -> dict:
    return {name: verdict.get("tag", verdict["ok"]) for name, verdict in report.items()}
