"""``action`` checks: call the target, pass its result through a trusted worker action, and
compare the action's plain answer with the reference's as ``function`` checks do.

Options:
  action          a worker action name (harness/worker/actions/*.py or the course's worker_plugins/)
  action_options  a table passed to the action
Use it when the thing to compare is not the returned value itself but what trusted code
finds out about it in the worker (which computation a feature map equals, whether a
model's outputs are probabilities, whether a few training steps give finite losses).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.checks import register
from harness.checks.function import FunctionCheck, grade_answer
from harness.contract.protocol import Probe
from harness.spec.rubric import RubricError
from harness.spec.typed_tables import entry


@dataclass(frozen=True, kw_only=True)
class ActionOptions:
    action: str = entry("", "the worker action that turns the target's result into plain data "
                            "(harness/worker/actions/ or the course's worker_plugins/)")
    action_options: dict[str, Any] = entry(factory=dict, help="a table passed to the action as it is")


@register
class ActionCheck(FunctionCheck):
    name = "action"
    Options = ActionOptions
    help = "call the target, turn the result into plain data with a trusted worker action, compare with the reference"

    def validate(self, check, question, where):
        super().validate(check, question, where)
        if not self.options(check).action:
            raise RubricError(f"{where}: an 'action' check needs options.action")

    def probes(self, check, timeout):
        return [Probe("main", check.target, call=True, args=tuple(check.args), kwargs=dict(check.kwargs),
                      timeout=timeout, action=self.options(check).action,
                      options=dict(self.options(check).action_options))]

    def grade(self, ctx):
        return grade_answer(ctx, "main")
