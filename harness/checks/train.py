"""``train`` checks: train (or evaluate) the student's model on the fixed subset and compare
its metric with the reference's, trained the same way with the same seed, as a ratio.

Options (all passed to the worker's ``train_and_evaluate``):
  dataset        registry name (mnist, cifar10, ...); train_split / test_split; train_limit / test_limit
  mode           "fit": the target returns a model, which the harness fits (compiling it with
                 ``compile`` when it is not compiled); "evaluate": the target returns a trained model
  transform      a name in the submission (its own, e.g. rotate_batch) turning images into (x, y)
  x_scale        divide images by this (default 255; 0 keeps them as they are)
  labels         "sparse" or "onehot" (with num_classes)
  epochs, batch_size, metric ("accuracy", or a head's, e.g. "classifier_accuracy")
  curve          "val" (default: the held-out subset) or "train" (fit's own training-batch metric)
  rotations      { weights = [1, 3, 3, 3] }: each image turned by a seeded k quarter turns, labelled k
  outputs        for a multi-output model, output name -> "label" | "rotation"
  story_maxlen, query_maxlen, vocab_size   bAbI stories, vectorised as keras's memory-network example
  ratio          pass when the metric >= ratio x the reference's (default 0.8)
  floor          ... and >= floor (e.g. chance + 0.1)
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from harness.checks import register
from harness.checks.base import CheckContext, CheckKind, Outcome
from harness.checks.function import describe_error, grader_problem, safe_summary, with_mistake
from harness.contract.protocol import Probe
from harness.results.message import say
from harness.spec.rubric import RubricError
from harness.spec.typed_tables import entry


@dataclass(frozen=True, kw_only=True)
class TrainOptions:
    dataset: str = entry("", "registry name of the served data (mnist, cifar10, fer2013, babi_qa1, ...)")
    train_split: str | None = entry(None, "the split trained on (default train)")
    test_split: str | None = entry(None, "the split scored on (default test)")
    train_limit: int | None = entry(None, "samples trained on")
    test_limit: int | None = entry(None, "samples scored on")
    mode: str | None = entry(None, "'fit' (the target returns a model the harness fits) or 'evaluate' "
                                   "(the target returns a trained model)")
    compile: dict[str, Any] | None = entry(None, "how an uncompiled model is compiled (optimizer, loss, ...)")
    recompile: bool | None = entry(None, "compile the model again even when it is compiled")
    transform: str | None = entry(None, "a name in the submission turning images into (x, y)")
    x_scale: float | None = entry(None, "divide images by this (default 255; 0 keeps them)")
    labels: str | None = entry(None, "'sparse' or 'onehot' (with num_classes)")
    num_classes: int | None = entry(None, "classes of one-hot labels")
    epochs: int | None = entry(None, "epochs the check trains")
    batch_size: int | None = entry(None, "batch size of the check's fit")
    seed: int | None = entry(None, "seed of the check's data order and rotations")
    metric: str = entry("accuracy", "the metric compared ('accuracy', or a head's, e.g. 'classifier_accuracy')")
    curve: str = entry("val", "'val' (the held-out subset) or 'train' (fit's own training-batch metric)")
    rotations: dict[str, Any] | None = entry(None, "{ weights = [1, 3, 3, 3] }: images turned by k seeded quarter "
                                                   "turns, labelled k")
    outputs: dict[str, str] | None = entry(None, "for a multi-output model: output name -> 'label' or 'rotation'")
    story_maxlen: int | None = entry(None, "bAbI: story length after padding")
    query_maxlen: int | None = entry(None, "bAbI: question length after padding")
    vocab_size: int | None = entry(None, "bAbI: vocabulary size, padding included")
    ratio: float = entry(0.8, "pass when the metric >= ratio x the reference's")
    floor: float = entry(0.0, "... and >= floor (e.g. chance + 0.1)")


@register
class TrainCheck(CheckKind):
    name = "train"
    Options = TrainOptions
    help = "train the student's model on the fixed subset; its metric must reach a ratio of the reference's"

    def validate(self, check, question, where):
        if not check.target or "dataset" not in check.options:
            raise RubricError(f"{where}: a 'train' check needs a target and options.dataset")
        if not 0 < self.options(check).ratio <= 1.5:
            raise RubricError(f"{where}: options.ratio must be in (0, 1.5]")
        if self.options(check).curve not in ("val", "train"):
            raise RubricError(f"{where}: options.curve must be 'val' or 'train'")

    def probes(self, check, timeout):
        options = {k: v for k, v in check.options.items() if k not in ("ratio", "floor")}
        return [Probe("main", check.target, call=True, args=tuple(check.args), kwargs=dict(check.kwargs),
                      timeout=timeout, action="train_and_evaluate", options=options)]

    def grade(self, ctx: CheckContext) -> Outcome:
        check, got, expected = ctx.check, ctx.student["main"], ctx.reference["main"]
        if not expected.ok:
            return grader_problem(expected.error)
        if not got.ok:
            message, mistake = describe_error(got.error, check.target, True), _same_failure(ctx, got.error)
            if mistake is not None:
                return Outcome(mistake.credit, with_mistake(message, mistake), mistake,
                               hidden_summary=safe_summary(got.error, check.target))
            return Outcome(0.0, message, hidden_summary=safe_summary(got.error, check.target))
        metric_name = self.options(check).metric
        student, reference = got.value.get("metric"), expected.value["metric"]
        ratio, floor = self.options(check).ratio, self.options(check).floor
        needed = max(ratio * reference, floor)
        details = {"metric": metric_name, "student": student, "reference": reference, "needed": needed,
                   "history": {"student": got.value.get("history"), "reference": expected.value.get("history")}}
        if not isinstance(student, (int, float)) or not math.isfinite(student):
            return Outcome(0.0, say("train.no_metric", metric=metric_name, value=repr(student)), details=details)
        where = say("train.on_training" if self.options(check).curve == "train" else "train.on_held_out")
        verdict = say("train.verdict", metric=metric_name, value=student, where=where, reference=reference,
                      needed=needed, ratio=ratio, floor=say("train.floor", floor=floor) if floor else "")
        return Outcome(1.0 if student >= needed else 0.0, verdict, details=details)


def _failure_text(error) -> str:
    """An error message without object reprs (<Variable path=...>), which differ between models."""
    return re.sub(r"<[^<>]*>", "<...>", error.message or "")


def _same_failure(ctx: CheckContext, error):
    """A known mistake whose reference function fails the same way (say, a reused optimizer)."""
    if error is None or error.kind != "exception":
        return None
    for mistake, answers in ctx.mistakes:
        variant = answers.get("main")
        if variant is not None and not variant.ok and _failure_text(variant.error) == _failure_text(error):
            return mistake
    return None
