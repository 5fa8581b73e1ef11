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

from dataclasses import dataclass

from harness.checks import register
from harness.checks.function import FunctionCheck, grade_answer
from harness.contract.protocol import Probe
from harness.spec.rubric import RubricError
from harness.spec.typed_tables import entry

ASPECTS = ("params", "inputs", "outputs", "output_names", "layer_kinds", "activations", "compile")


@dataclass(frozen=True, kw_only=True)
class ModelOptions:
    aspects: list[str] = entry(factory=lambda: ["params", "outputs"],
                               help="what is compared: params, inputs, outputs, output_names, layer_kinds, "
                                    "activations, compile")


@register
class ModelCheck(FunctionCheck):
    name = "model"
    Options = ModelOptions
    help = "build a Keras model and compare parameter counts, shapes, names, layers or compile settings"

    def validate(self, check, question, where):
        super().validate(check, question, where)
        unknown = set(self.options(check).aspects) - set(ASPECTS)
        if unknown:
            raise RubricError(f"{where}: unknown model aspects {sorted(unknown)}; known: {', '.join(ASPECTS)}")

    def probes(self, check, timeout):
        return [Probe("main", check.target, call=True, args=tuple(check.args), kwargs=dict(check.kwargs),
                      timeout=timeout, action="describe_model",
                      options={"aspects": list(self.options(check).aspects)})]

    def grade(self, ctx):
        return grade_answer(ctx, "main")
