"""``model`` checks: build the student's model and compare its structure with the reference's.

Options:
  aspects  which parts to compare (default ["params", "outputs"]):
           params (total, trainable, non-trainable), inputs, outputs (shapes),
           output_names, layer_kinds (layer classes in order), activations, compile
           (optimizer, learning rate, loss weights).
The target is called with the check's args/kwargs (a ``{call = ...}`` argument passes a
model built by another of the submission's functions).  Known mistakes are models built
by the reference's ``mistake_*`` builders, compared on the same aspects.
"""
from __future__ import annotations

from harness.checks import register
from harness.checks.function import FunctionCheck, grade_answer
from harness.contract.protocol import Probe
from harness.spec.rubric import RubricError

ASPECTS = ("params", "inputs", "outputs", "output_names", "layer_kinds", "activations", "compile")


@register
class ModelCheck(FunctionCheck):
    name = "model"
    help = "build a Keras model and compare parameter counts, shapes, names, layers or compile settings"

    def validate(self, check, question, where):
        super().validate(check, question, where)
        unknown = set(check.options.get("aspects", [])) - set(ASPECTS)
        if unknown:
            raise RubricError(f"{where}: unknown model aspects {sorted(unknown)}; known: {', '.join(ASPECTS)}")

    def probes(self, check, timeout):
        return [Probe("main", check.target, call=True, args=tuple(check.args), kwargs=dict(check.kwargs),
                      timeout=timeout, action="describe_model",
                      options={"aspects": list(check.options.get("aspects", ["params", "outputs"]))})]

    def grade(self, ctx):
        return grade_answer(ctx, "main")
