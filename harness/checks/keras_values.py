"""``optimizer`` and ``probabilities`` checks: Keras objects compared by what they do.

``optimizer``: read a variable holding a Keras optimizer; compare its class and settings
(options.settings, default learning_rate, momentum, nesterov) with the reference's. The
feedback names the setting that differs. A Keras 3 optimizer cannot be reused on a second
model, so the object itself is never trained here.
``probabilities``: call a model builder, run the model on a seeded random batch and check
that every output row is a probability distribution (softmax last), as the reference's is.
"""
from __future__ import annotations

from harness.checks import register
from harness.checks.function import FunctionCheck, grade_answer
from harness.contract.protocol import Probe
from harness.spec.rubric import RubricError


@register
class OptimizerCheck(FunctionCheck):
    name = "optimizer"
    help = "read a Keras optimizer variable and compare its class and settings with the reference's"
    calls = False

    def validate(self, check, question, where):
        super().validate(check, question, where)
        if check.args or check.kwargs:
            raise RubricError(f"{where}: an 'optimizer' check reads a variable and takes no args")

    def probes(self, check, timeout):
        return [Probe("main", check.target, call=False, timeout=timeout, action="describe_optimizer",
                      options={"settings": list(check.options.get("settings", []))})]

    def grade(self, ctx):
        return grade_answer(ctx, "main")


@register
class ProbabilitiesCheck(FunctionCheck):
    name = "probabilities"
    help = "build a model and check its outputs on a random batch are probability rows (softmax)"

    def probes(self, check, timeout):
        return [Probe("main", check.target, call=True, args=tuple(check.args), kwargs=dict(check.kwargs),
                      timeout=timeout, action="output_probabilities", options={"seed": check.options.get("seed", 0)})]

    def grade(self, ctx):
        return grade_answer(ctx, "main")
