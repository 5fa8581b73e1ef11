"""``table`` checks: a returned table (a list of row dicts) checked for completeness and
sanity, never for exact values (training results depend on the machine and the subset).

The target is called with the check's args/kwargs; ``options.action`` may name a worker
action applied to the result first (e.g. a course plugin's training action, which trains the model
the target returns and answers a one-row table plus the model's layer signature), with
``options.action_options`` passed to it.  An answer may be the list itself or a dict
``{"table": [...], "structure": ...}``.

Options (``rules`` maps each rule to its weight; the check's points are shared by weight):
  keys        every row has exactly ``keys`` (default: the reference's first row's keys)
  rows        at least ``min_rows`` rows with unique, non-empty ``name_key`` values
  losses      every ``loss_keys`` value finite and > 0
  fractions   every ``fraction_keys`` value in [0, 1]; values all in (1, 100] name the
              ``percent_mistake`` ({name, explanation, hint, explanation_fa, hint_fa}) given in the options
  epochs      every ``epochs_key`` value an integer in [1, ``max_epochs``]
  seconds     every ``seconds_key`` value finite and > 0
  structure   the answer's ``structure`` equals the reference's (the variant was built)
``required`` lists rules without which the check scores 0 (e.g. a variant not built as asked
earns nothing for training).
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, replace
from numbers import Integral, Real
from typing import Any

import numpy as np

from harness.checks import register
from harness.checks.base import CheckContext, CheckKind, Outcome
from harness.checks.function import unanswered
from harness.contract.protocol import Answer, Probe
from harness.results.message import say
from harness.spec.rubric import Mistake, RubricError
from harness.spec.typed_tables import entry

RULES = ("keys", "rows", "losses", "fractions", "epochs", "seconds", "structure")


@dataclass(frozen=True, kw_only=True)
class TableOptions:
    rules: dict[str, float] = entry(factory=dict, help="rule -> weight; rules: keys, rows, losses, fractions, "
                                                       "epochs, seconds, structure")
    required: list[str] = entry(factory=list, help="rules without which the check scores 0")
    action: str | None = entry(None, "a worker action applied to the target's result first")
    action_options: dict[str, Any] = entry(factory=dict, help="a table passed to the action")
    keys: list[str] = entry(factory=list, help="the keys every row has (default: the reference's first row's)")
    min_rows: int = entry(1, "the 'rows' rule: at least this many rows with unique names")
    name_key: str = entry("variant", "the key naming each row")
    loss_keys: list[str] = entry(factory=lambda: ["min_train_loss", "min_val_loss"],
                                 help="the 'losses' rule: keys whose values must be finite and > 0")
    fraction_keys: list[str] = entry(factory=lambda: ["max_val_accuracy"],
                                     help="the 'fractions' rule: keys whose values must lie in [0, 1]")
    percent_mistake: dict[str, str] | None = entry(None, "the mistake named when every fraction lies in (1, 100]: "
                                                         "{name, explanation, hint, explanation_fa, hint_fa}")
    epochs_key: str = entry("epochs", "the 'epochs' rule: the key holding each row's epochs")
    max_epochs: int | None = entry(None, "the 'epochs' rule: the most epochs a row may report")
    seconds_key: str = entry("seconds", "the 'seconds' rule: the key holding each row's training time")


@register
class TableCheck(CheckKind):
    name = "table"
    Options = TableOptions
    help = "check a returned table (list of row dicts) for keys, completeness and sane values"

    def validate(self, check, question, where):
        rules = check.options.get("rules")
        if not check.target or not isinstance(rules, dict) or not rules:
            raise RubricError(f"{where}: a 'table' check needs a target and options.rules = {{rule = weight}}")
        unknown = (set(rules) | set(check.options.get("required", []))) - set(RULES)
        if unknown:
            raise RubricError(f"{where}: unknown table rules {sorted(unknown)}; known: {', '.join(RULES)}")
        if "epochs" in rules and "max_epochs" not in check.options:
            raise RubricError(f"{where}: the 'epochs' rule needs options.max_epochs")

    def probes(self, check, timeout):
        return [Probe("main", check.target, call=True, args=tuple(check.args), kwargs=dict(check.kwargs),
                      timeout=timeout, action=check.options.get("action"),
                      options=dict(check.options.get("action_options", {})))]

    def needs_reference(self, check) -> bool:
        """The reference's table only supplies the default ``keys`` and the ``structure`` to compare with:
        with ``keys`` given and no structure rule, the student's rows are graded on their own."""
        return not check.options.get("keys") or "structure" in check.options.get("rules", {})

    def grade(self, ctx: CheckContext) -> Outcome:
        if not self.needs_reference(ctx.check):  # whatever the reference answered (or not) is not read
            ctx = replace(ctx, reference={**ctx.reference, "main": Answer(value=None)})
        check, got, expected = ctx.check, ctx.student["main"], ctx.reference["main"]
        if (early := unanswered(ctx)) is not None:
            return early
        options, rules = check.options, check.options["rules"]
        reference_rows, _ = _split(expected.value)
        keys = options.get("keys") or (sorted(reference_rows[0]) if reference_rows else [])
        rows, structure = _split(got.value)
        if rows is None:
            return Outcome(0.0, say("table.not_rows", type=type(got.value).__name__))
        if not rows:
            # Every value rule holds of no rows at all: an empty table must not earn their points.
            return Outcome(0.0, say("table.no_rows", keys=str(sorted(keys))), details={"rows": 0})
        verdicts = {rule: RULE_CHECKS[rule](rows, options, keys, structure, _split(expected.value)[1])
                    for rule in rules}
        earned = sum(rules[r] for r, problem in verdicts.items() if problem is None)
        if any(verdicts.get(r) is not None for r in options.get("required", [])):
            earned = 0.0
        lines = [say("table.rule", rule=rule, verdict=say("table.ok") if problem is None else problem)
                 for rule, problem in verdicts.items()]
        mistake = _percent_mistake(rows, options) if verdicts.get("fractions") else None
        message = functools.reduce(lambda said, line: say("table.and", first=said, then=line), lines)
        if mistake:
            message = say("check.mistake", message=message, explanation=mistake.explanation)
        return Outcome(earned / sum(rules.values()), message, mistake,
                       details={"rows": len(rows), "rules": {r: p is None for r, p in verdicts.items()}})


def _split(value):
    """(rows, structure) from a bare table or a {"table": ..., "structure": ...} answer."""
    structure = None
    if isinstance(value, dict) and "table" in value:
        value, structure = value["table"], value.get("structure")
    if not isinstance(value, (list, tuple)) or not all(isinstance(row, dict) for row in value):
        return None, structure
    return list(value), structure


def _keys(rows, options, keys, *_):
    wrong = [i for i, row in enumerate(rows) if sorted(row) != sorted(keys)]
    if not rows:
        return say("table.empty")
    return None if not wrong else say("table.keys", row=wrong[0], keys=str(sorted(rows[wrong[0]])),
                                      expected=str(sorted(keys)))


def _rows(rows, options, *_):
    name_key, needed = options.get("name_key", "variant"), int(options.get("min_rows", 1))
    names = [row.get(name_key) for row in rows]
    if any(not isinstance(n, str) or not n.strip() for n in names):
        return say("table.names", key=name_key)
    if len(set(names)) != len(names):
        return say("table.repeats", key=name_key, names=str(sorted({n for n in names if names.count(n) > 1})))
    return None if len(rows) >= needed else say("table.few_rows", rows=len(rows), needed=needed)


def _scalar(value):
    """A row's number as the student stored it: a NumPy scalar (``np.float32(loss)``, ``np.max(...)``)
    crosses the worker boundary as a 0-d array, and is the same number."""
    if isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "iuf":
        return value.item()
    return value


def _values(rows, keys, test, what):
    for i, row in enumerate(rows):
        for key in keys:
            value = _scalar(row.get(key))
            if isinstance(value, bool) or not isinstance(value, Real) or not test(float(value)):
                return say("table.value", row=i, key=key, value=repr(value), what=say(what))
    return None


def _losses(rows, options, *_):
    return _values(rows, options.get("loss_keys", ["min_train_loss", "min_val_loss"]),
                   lambda v: math.isfinite(v) and v > 0, "table.a_loss")


def _fractions(rows, options, *_):
    return _values(rows, options.get("fraction_keys", ["max_val_accuracy"]), lambda v: 0.0 <= v <= 1.0,
                   "table.a_fraction")


def _epochs(rows, options, *_):
    top, key = int(options["max_epochs"]), options.get("epochs_key", "epochs")
    values = [_scalar(row.get(key)) for row in rows]
    bad = [v for v in values if isinstance(v, bool) or not isinstance(v, Integral) or not 1 <= v <= top]
    return None if not bad else say("table.epochs", key=key, value=repr(bad[0]), top=top)


def _seconds(rows, options, *_):
    return _values(rows, [options.get("seconds_key", "seconds")], lambda v: math.isfinite(v) and v > 0,
                   "table.a_time")


def _structure(rows, options, keys, structure, reference):
    if structure == reference:
        return None
    return say("table.structure", got=_layers(structure), expected=_layers(reference))


def _layers(structure) -> str:
    if not isinstance(structure, list):
        return repr(structure)
    return "[" + ", ".join(f"{k}({a})" if a else str(k) for k, a in (tuple(s) for s in structure)) + "]"


def _percent_mistake(rows, options) -> Mistake | None:
    spec = options.get("percent_mistake")
    values = [_scalar(row.get(k)) for row in rows for k in options.get("fraction_keys", ["max_val_accuracy"])]
    if not spec or not values or not all(isinstance(v, Real) and 1.0 < v <= 100.0 for v in values):
        return None
    return Mistake(name=spec["name"], target="", function="", explanation=spec.get("explanation", ""),
                   hint=spec.get("hint", ""), explanation_fa=spec.get("explanation_fa", ""),
                   hint_fa=spec.get("hint_fa", ""))


RULE_CHECKS = {"keys": _keys, "rows": _rows, "losses": _losses, "fractions": _fractions, "epochs": _epochs,
               "seconds": _seconds, "structure": _structure}
