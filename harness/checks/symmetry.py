"""``symmetry`` checks: an array whose columns must all be identical, e.g. the first layer's
weight gradients of a network whose weights all start at one value (no particular loss is
fixed, so values are never compared with the reference's, only its shape).

Options:
  part   "shape": the answer's shape equals the reference's;
         "columns": the shape is right and every column is allclose (rtol/atol) to column 0.
A wrong answer names a known mistake whose answer fails the same way: the same wrong
shape, or (for "columns") the right shape with columns that differ.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from harness.checks import register
from harness.checks.base import CheckContext, CheckKind, Outcome
from harness.checks.function import unanswered, with_mistake
from harness.contract.protocol import Probe
from harness.results.message import say
from harness.spec.rubric import RubricError
from harness.spec.typed_tables import entry


@dataclass(frozen=True, kw_only=True)
class SymmetryOptions:
    part: str = entry("", "'shape' (the shape equals the reference's) or 'columns' (and every column equals "
                          "column 0)")


@register
class SymmetryCheck(CheckKind):
    name = "symmetry"
    Options = SymmetryOptions
    help = "an array's shape equals the reference's and all its columns are identical (no values compared)"

    def validate(self, check, question, where):
        if not check.target or self.options(check).part not in ("shape", "columns"):
            raise RubricError(f"{where}: a 'symmetry' check needs a target and options.part = 'shape' or 'columns'")

    def probes(self, check, timeout):
        return [Probe("main", check.target, call=True, args=tuple(check.args), kwargs=dict(check.kwargs),
                      timeout=timeout)]

    def grade(self, ctx: CheckContext) -> Outcome:
        check, got, expected = ctx.check, ctx.student["main"], ctx.reference["main"]
        if (early := unanswered(ctx)) is not None:
            return early
        shape = _shape(expected.value)
        failure = _failure(got.value, shape, check)
        if failure is None:
            return Outcome(1.0, say("symmetry.shape_ok" if self.options(check).part == "shape" else "symmetry.columns_ok"))
        for mistake, answers in ctx.mistakes:
            variant = answers.get("main")
            variant_failure = _failure(variant.value, shape, check) if variant is not None and variant.ok else None
            if variant_failure is not None and _category(variant_failure) == _category(failure) \
                    and _shape(variant.value) == _shape(got.value):
                return Outcome(mistake.credit, with_mistake(failure, mistake), mistake,
                               hidden_summary=_category(failure))
        return Outcome(0.0, failure, hidden_summary=_category(failure))


def _category(failure) -> str:
    """A failure without its numbers: 'wrong shape', 'columns differ', ..."""
    return say(f"{failure.id}.category")


def _shape(value):
    try:
        return tuple(np.shape(np.asarray(value, dtype=float)))
    except (TypeError, ValueError):
        return None


def _failure(value, shape, check) -> str | None:
    got = _shape(value)
    if got is None:
        return say("symmetry.not_numbers", type=type(value).__name__)
    if got != shape:
        return say("symmetry.wrong_shape", got=str(got), expected=str(shape))
    if check.options["part"] == "shape":
        return None
    array = np.asarray(value, dtype=float)
    if array.ndim != 2 or not np.all(np.isfinite(array)):
        return say("symmetry.not_finite")
    if not np.allclose(array, array[:, :1], rtol=check.rtol, atol=check.atol):
        worst = float(np.max(np.abs(array - array[:, :1])))
        return say("symmetry.columns_differ", worst=worst)
    return None
