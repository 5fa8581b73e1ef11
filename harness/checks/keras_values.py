"""``optimizer`` and ``probabilities`` checks: Keras objects compared by what they do.

``optimizer``: read a variable holding a Keras optimizer; compare its class and settings
(options.settings, default learning_rate, momentum, nesterov) with the reference's. The
feedback names the setting that differs. A Keras 3 optimizer cannot be reused on a second
model, so the object itself is never trained here.
``probabilities``: call a model builder, run the model on a seeded random batch and check
that every output row is a probability distribution (softmax last), as the reference's is.
"""
from __future__ import annotations

from dataclasses import dataclass

from harness.checks import register
from harness.checks.function import FunctionCheck, grade_answer
from harness.contract.protocol import Probe
from harness.spec.rubric import RubricError
from harness.spec.typed_tables import entry


@dataclass(frozen=True, kw_only=True)
class OptimizerOptions:
    settings: list[str] = entry(factory=list, help="the optimizer settings compared (default: learning_rate, "
                                                   "momentum, nesterov)")


@dataclass(frozen=True, kw_only=True)
class ProbabilitiesOptions:
    seed: int = entry(0, "seed of the random batch the model is run on")


@register
class OptimizerCheck(FunctionCheck):
    name = "optimizer"
    Options = OptimizerOptions
    help = "read a Keras optimizer variable and compare its class and settings with the reference's"
    calls = False

    def validate(self, check, question, where):
        super().validate(check, question, where)
        if check.args or check.kwargs:
            raise RubricError(f"{where}: an 'optimizer' check reads a variable and takes no args")

    def probes(self, check, timeout):
        return [Probe("main", check.target, call=False, timeout=timeout, action="describe_optimizer",
                      options={"settings": list(self.options(check).settings)})]

    def grade(self, ctx):
        return grade_answer(ctx, "main")


@register
class ProbabilitiesCheck(FunctionCheck):
    name = "probabilities"
    Options = ProbabilitiesOptions
    help = "build a model and check its outputs on a random batch are probability rows (softmax)"

    def probes(self, check, timeout):
        return [Probe("main", check.target, call=True, args=tuple(check.args), kwargs=dict(check.kwargs),
                      timeout=timeout, action="output_probabilities", options={"seed": self.options(check).seed})]

    def grade(self, ctx):
        return grade_answer(ctx, "main")
