"""``tuner`` checks: a keras-tuner ``build_hypermodel(hp)`` against the reference's.

The worker calls the target with a fresh ``keras_tuner.HyperParameters`` and describes
what it declared (harness/worker/actions/tuner.py).  Options:
  aspect   "space": each of the reference's hyper-parameters must be declared with the same
           kind and range (values, min, max, step, sampling), whatever its name; partial
           credit per hyper-parameter.
           "build": at the default values the model has the reference's output shapes, is
           compiled with a loss, and every Int hyper-parameter changes the model.
           "search": a tiny RandomSearch (trials, epochs, train_limit, test_limit, batch_size,
           dataset) finishes every trial.
           "responds": the model is built at each value of the Int declared over
           ``int_range`` (say [1, 3], the number of CNN blocks; its name is free), the others
           at their defaults, and its ``counts`` layers (default "Conv") are counted: each
           block must have at least one, so the count must reach the lowest value and grow by
           at least one per block with each step.  Layers per block and any layers outside
           the blocks are free.
A known mistake is named when its function's answer fails the same way as the student's.
"""
from __future__ import annotations

from dataclasses import dataclass

from harness.checks import register
from harness.checks.base import CheckContext, CheckKind, Outcome
from harness.checks.function import unanswered, with_mistake
from harness.contract.protocol import Probe
from harness.contract.search_space import listing, match, notation, signature
from harness.results.message import say
from harness.spec.rubric import RubricError
from harness.spec.typed_tables import entry

ASPECTS = ("space", "build", "search", "responds")
WORKER_OPTIONS = ("trials", "epochs", "train_limit", "test_limit", "batch_size", "dataset", "seed", "int_range",
                  "counts")


@dataclass(frozen=True, kw_only=True)
class TunerOptions:
    aspect: str = entry("", "'space', 'build', 'search' or 'responds'")
    int_range: list[int] | None = entry(None, "'responds': [lowest, highest] of the Int whose value must change "
                                              "the model")
    counts: str | None = entry(None, "'responds': the layers counted per block (default Conv)")
    trials: int | None = entry(None, "'search': trials of the tiny RandomSearch")
    epochs: int | None = entry(None, "'search': epochs per trial")
    train_limit: int | None = entry(None, "'search': training samples")
    test_limit: int | None = entry(None, "'search': validation samples")
    batch_size: int | None = entry(None, "'search': batch size")
    dataset: str | None = entry(None, "'search': registry name of the data")
    seed: int | None = entry(None, "seed of the search")
    name_mistakes: bool = entry(True, "run every known mistake to name it (false where that would cost too much)")


@register
class TunerCheck(CheckKind):
    name = "tuner"
    Options = TunerOptions
    help = "call build_hypermodel(hp); compare the search space, the default model, or run a 2-trial search"

    def validate(self, check, question, where):
        if not check.target or self.options(check).aspect not in ASPECTS:
            raise RubricError(f"{where}: a 'tuner' check needs a target and options.aspect in {ASPECTS}")
        int_range = self.options(check).int_range
        if self.options(check).aspect == "responds" and not (
                isinstance(int_range, list) and len(int_range) == 2 and all(isinstance(v, int) for v in int_range)):
            raise RubricError(f"{where}: aspect 'responds' needs options.int_range = [lowest, highest] (integers)")

    def probes(self, check, timeout):
        options = {k: v for k, v in check.options.items() if k in WORKER_OPTIONS}
        options["search"] = self.options(check).aspect == "search"
        return [Probe("main", check.target, call=False, timeout=timeout, action="describe_hypermodel",
                      options=options)]

    def grade(self, ctx: CheckContext) -> Outcome:
        check, got, expected = ctx.check, ctx.student["main"], ctx.reference["main"]
        if (early := unanswered(ctx)) is not None:
            return early
        judge = {"space": _space, "build": _build, "search": _search, "responds": _responds}[self.options(check).aspect]
        fraction, problems = judge(expected.value, got.value)
        if not problems:
            return Outcome(1.0, say(f"tuner.{self.options(check).aspect}_ok"), details=got.value)
        message = say("tuner.problems", problems=problems) if len(problems) > 1 else problems[0]
        for mistake, answers in ctx.mistakes:
            variant = answers.get("main")
            if variant is not None and variant.ok and _same_failure(judge, expected.value, variant.value, got.value):
                return Outcome(max(fraction, mistake.credit), with_mistake(message, mistake), mistake,
                               got.value)
        return Outcome(fraction, message, details=got.value)


def _same_failure(judge, expected: dict, variant: dict, got: dict) -> bool:
    """A mistake fails like the student: the same space (names aside), or the same problems."""
    if judge is _space:
        return sorted(map(signature, variant["space"])) == sorted(map(signature, got["space"]))
    return judge(expected, variant)[1] == judge(expected, got)[1]


def _space(expected: dict, got: dict) -> tuple[float, list[str]]:
    found = match(expected["space"], got["space"])
    missing = [entry for entry, index in zip(expected["space"], found) if index is None]
    if not missing:
        return 1.0, []
    declared = listing(got["space"]) or say("tuner.declared_nothing")
    return (1 - len(missing) / len(expected["space"]),
            [say("tuner.undeclared", what=notation(e), declared=declared) for e in missing])


def _build(expected: dict, got: dict) -> tuple[float, list[str]]:
    model, problems = got["default"], []
    if model["outputs"] != expected["default"]["outputs"]:
        problems.append(say("tuner.outputs", got=str(model["outputs"]), expected=str(expected["default"]["outputs"])))
    if not model["compiled"]:
        problems.append(say("tuner.not_compiled"))
    elif model["loss"] is None:
        problems.append(say("tuner.no_loss"))
    unused = sorted(name for name, (low, high) in got["varies"].items() if low == high)
    if unused:
        problems.append(say("tuner.unused", names=str(unused)))
    return (0.0 if problems else 1.0), problems


def _search(expected: dict, got: dict) -> tuple[float, list[str]]:
    search = got.get("search", {})
    if search.get("trials", 0) and search.get("finished") == search.get("trials"):
        return 1.0, []
    return 0.0, [say("tuner.search_failed", trials=search.get("trials", 0), finished=search.get("finished", 0))]


def _responds(expected: dict, got: dict) -> tuple[float, list[str]]:
    found = got.get("responds") or {}
    candidates = found.get("candidates", [])
    if any(_builds_every_block(c["counts"], c["step"]) for c in candidates):
        return 1.0, []
    low, high = found.get("int_range", ["?", "?"])
    if not candidates:
        return 0.0, [say("tuner.no_int", low=low, high=high, layers=found.get("layers", ""))]
    shown = candidates[0]
    return 0.0, [say("tuner.too_few_layers", name=shown["name"], layers=found["layers"],
                     values=", ".join(str(value) for value, _ in shown["counts"]),
                     counts=", ".join(str(count) for _, count in shown["counts"]))]


def _builds_every_block(counts: list, step: int) -> bool:
    """At least one counted layer per block: as many as the lowest value, and at least ``step``
    more with each step (``range(n - 1)`` builds none at n = 1)."""
    layers = [count for _, count in counts]
    return bool(counts) and layers[0] >= counts[0][0] and all(b - a >= step for a, b in zip(layers, layers[1:]))
