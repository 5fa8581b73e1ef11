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
COMPILE_FIELDS = ("optimizer", "learning_rate", "loss_weights")


@dataclass(frozen=True, kw_only=True)
class ModelOptions:
    aspects: list[str] = entry(factory=lambda: ["params", "outputs"],
                               help="what is compared: params, inputs, outputs, output_names, layer_kinds, "
                                    "activations, compile")
    compile_fields: list[str] | None = entry(None, "the compile settings compared (of optimizer, learning_rate, "
                                                   "loss_weights; default all): only what the contract fixes")


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
        fields = set(self.options(check).compile_fields or ()) - set(COMPILE_FIELDS)
        if fields:
            raise RubricError(f"{where}: unknown compile_fields {sorted(fields)}; known: {', '.join(COMPILE_FIELDS)}")

    def probes(self, check, timeout):
        options = {"aspects": list(self.options(check).aspects)}
        if self.options(check).compile_fields:
            options["compile_fields"] = list(self.options(check).compile_fields)
        return [Probe("main", check.target, call=True, args=tuple(check.args), kwargs=dict(check.kwargs),
                      timeout=timeout, action="describe_model", options=options)]

    def grade(self, ctx):
        return grade_answer(ctx, "main")
