"""``embedding`` checks: train the student's embedding network with the triplet loss on the
fixed subset (the harness's own loop, same seed and data as for the reference's network).

Options (passed to the worker's ``train_embedding``):
  dataset (mnist), train_limit, test_limit, epochs, batch_size, alpha, learning_rate, seed
  loss_ratio  pass only if the final loss <= loss_ratio x the loss before training (default 0.5)
  ratio       ... and 1-NN accuracy on the test subset >= ratio x the reference's (default 0.9)
"""
from __future__ import annotations

import math

from harness.checks import register
from harness.checks.base import CheckContext, CheckKind, Outcome
from harness.checks.function import unanswered
from harness.contract.protocol import Probe
from harness.results.message import say
from harness.spec.rubric import RubricError

GRADING_OPTIONS = ("loss_ratio", "ratio")


@register
class EmbeddingCheck(CheckKind):
    name = "embedding"
    help = "train an embedding network with the triplet loss; the loss must fall and 1-NN accuracy pass"

    def validate(self, check, question, where):
        if not check.target:
            raise RubricError(f"{where}: an 'embedding' check needs a target (the network builder)")
        for key in GRADING_OPTIONS:
            if not 0 < float(check.options.get(key, 0.5)) <= 1.5:
                raise RubricError(f"{where}: options.{key} must be in (0, 1.5]")

    def probes(self, check, timeout):
        options = {k: v for k, v in check.options.items() if k not in GRADING_OPTIONS}
        return [Probe("main", check.target, call=True, args=tuple(check.args), kwargs=dict(check.kwargs),
                      timeout=timeout, action="train_embedding", options=options)]

    def grade(self, ctx: CheckContext) -> Outcome:
        check, got, expected = ctx.check, ctx.student["main"], ctx.reference["main"]
        if (early := unanswered(ctx)) is not None:
            return early
        losses, accuracy = got.value.get("losses") or [], got.value.get("nn_accuracy")
        loss_ratio, ratio = float(check.options.get("loss_ratio", 0.5)), float(check.options.get("ratio", 0.9))
        needed = ratio * expected.value["nn_accuracy"]
        details = {"losses": {"student": losses, "reference": expected.value["losses"]},
                   "nn_accuracy": {"student": accuracy, "reference": expected.value["nn_accuracy"],
                                   "needed": needed}}
        if len(losses) < 2 or not all(math.isfinite(v) for v in losses) or not math.isfinite(accuracy or math.nan):
            return Outcome(0.0, say("embedding.no_losses", losses=repr(losses)), details=details)
        lowered = losses[-1] <= loss_ratio * losses[0]
        verdict = say("embedding.verdict", start=losses[0], end=losses[-1], loss_ratio=loss_ratio, accuracy=accuracy,
                      reference=expected.value["nn_accuracy"], needed=needed)
        return Outcome(1.0 if lowered and accuracy >= needed else 0.0, verdict, details=details)
