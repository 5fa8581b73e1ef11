"""``embedding`` checks: train the student's embedding network with the triplet loss on the
fixed subset (the harness's own loop, same seed and data as for the reference's network).

Options (passed to the worker's ``train_embedding``):
  dataset (mnist), train_limit, test_limit, epochs, batch_size, alpha, learning_rate, seed
  loss_ratio  pass only if the final loss <= loss_ratio x the loss before training (default 0.5)
  ratio       ... and 1-NN accuracy on the test subset >= ratio x the reference's (default 0.9)
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from harness.checks import register
from harness.checks.base import CheckContext, CheckKind, Outcome
from harness.checks.function import unanswered
from harness.contract.protocol import Probe
from harness.results.message import say
from harness.spec.rubric import RubricError
from harness.spec.typed_tables import entry

GRADING_OPTIONS = ("loss_ratio", "ratio")


@dataclass(frozen=True, kw_only=True)
class EmbeddingOptions:
    dataset: str | None = entry(None, "registry name of the images (default mnist)")
    train_limit: int | None = entry(None, "training images used (default: the worker's)")
    test_limit: int | None = entry(None, "test images for the 1-NN accuracy (default: the worker's)")
    epochs: int | None = entry(None, "epochs of the harness's own triplet loop")
    batch_size: int | None = entry(None, "triplets per batch")
    alpha: float | None = entry(None, "the triplet margin")
    learning_rate: float | None = entry(None, "the optimizer's learning rate")
    seed: int | None = entry(None, "seed of the triplets and of the initial weights")
    loss_ratio: float = entry(0.5, "pass only if the final loss <= loss_ratio x the loss before training")
    ratio: float = entry(0.9, "... and 1-NN accuracy on the test subset >= ratio x the reference's")


@register
class EmbeddingCheck(CheckKind):
    name = "embedding"
    Options = EmbeddingOptions
    help = "train an embedding network with the triplet loss; the loss must fall and 1-NN accuracy pass"

    def validate(self, check, question, where):
        if not check.target:
            raise RubricError(f"{where}: an 'embedding' check needs a target (the network builder)")
        for key in GRADING_OPTIONS:
            if not 0 < getattr(self.options(check), key) <= 1.5:
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
        loss_ratio, ratio = self.options(check).loss_ratio, self.options(check).ratio
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
