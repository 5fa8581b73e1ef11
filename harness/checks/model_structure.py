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
ASPECT_FIELDS = {"compile": ("optimizer", "learning_rate", "loss_weights"),
                 "params": ("total", "trainable", "non_trainable")}


@dataclass(frozen=True, kw_only=True)
class ModelOptions:
    aspects: list[str] = entry(factory=lambda: ["params", "outputs"],
                               help="what is compared: params, inputs, outputs, output_names, layer_kinds, "
                                    "activations, compile")
    fields: dict[str, list[str]] = entry(factory=dict, help="per aspect, the fields compared (default all), only "
                                                           "what the contract fixes: { compile = [\"learning_rate\"] },"
                                                           " { params = [\"total\"] }")


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
        for aspect, kept in self.options(check).fields.items():
            known = ASPECT_FIELDS.get(aspect)
            if aspect not in self.options(check).aspects or known is None:
                raise RubricError(f"{where}: options.fields names '{aspect}', which is not one of this check's "
                                  f"aspects with fields ({', '.join(ASPECT_FIELDS)})")
            if set(kept) - set(known):
                raise RubricError(f"{where}: unknown {aspect} fields {sorted(set(kept) - set(known))}; "
                                  f"known: {', '.join(known)}")

    def probes(self, check, timeout):
        options = {"aspects": list(self.options(check).aspects)}
        if self.options(check).fields:
            options["fields"] = {k: list(v) for k, v in self.options(check).fields.items()}
        return [Probe("main", check.target, call=True, args=tuple(check.args), kwargs=dict(check.kwargs),
                      timeout=timeout, action="describe_model", options=options)]

    def grade(self, ctx):
        return grade_answer(ctx, "main")
