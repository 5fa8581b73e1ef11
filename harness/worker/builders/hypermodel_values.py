"""Hyper-parameter values under the submission's own names, found by kind and range.

A rubric cannot list every name a student may give a hyper-parameter (COURSE.md: search spaces
"are matched by kind and range, not by name"; ``best_model(hp_values)`` receives "a dict keyed by
the submission's own hyper-parameter names").  It says which value each hyper-parameter takes by
its kind and range instead, as keras-tuner's own arguments::

    { build = "best_values", of = "build_hypermodel", values = [
        { kind = "Int", min_value = 16, max_value = 512, step = 16, value = 352 },
        { kind = "Choice", values = [0.01, 0.001, 0.0001], value = 0.001 } ] }

Here the submission's ``of`` (found as its probe's target is, aliases included) is called on a fresh
HyperParameters; its declared space and the rubric's entries are described by the same code
(``describe_entry``) and matched by the same rule (:func:`harness.contract.search_space.match`) as the
``tuner`` check's "space" aspect.  The reference's names come out for the reference, so its answers
do not change.  A hyper-parameter no declared one answers is a typed reason (the check fails saying
what was looked for), never a KeyError inside the student's function.
"""
from __future__ import annotations

from typing import Any

from harness.contract.protocol import reason
from harness.contract.search_space import listing, match, notation
from harness.worker.actions.tuner_actions import describe_entry
from harness.worker.arguments import Unbuildable

KINDS = ("Int", "Float", "Choice", "Boolean", "Fixed")


def best_values(of, values: list, of_name: str = "build_hypermodel") -> dict:
    """``{their_name: value}``, as ``tuner.get_best_hyperparameters()[0].values`` gives it."""
    return dict(_named(of, values, of_name))


def hyperparameters(values: dict | list | None = None, of=None, of_name: str = "build_hypermodel"):
    """A fresh keras-tuner HyperParameters with some values fixed: by name (a table), or by kind and
    range in the hypermodel ``of`` (a list of entries, as for ``best_values``)."""
    import keras_tuner

    if isinstance(values, list):
        if of is None:
            raise ValueError("rubric: 'hyperparameters' with a list of kinds and ranges needs 'of', "
                             "the hypermodel whose names they are")
        pairs = _named(of, values, of_name)
    else:
        pairs = list((values or {}).items())
    hp = keras_tuner.HyperParameters()
    for name, value in pairs:
        hp.Fixed(name, value)
    return hp


def _named(of, values: list, of_name: str) -> list[tuple[str, Any]]:
    wanted = [_wanted(entry) for entry in values]
    chosen = [entry["value"] for entry in values]
    declared = _declared(of, of_name)
    found = match(wanted, declared, chosen)
    unmatched = [f"{notation(w)} = {v!r}" for w, v, i in zip(wanted, chosen, found) if i is None]
    if unmatched:
        what = "; ".join(unmatched)[:200]
        if not declared:
            raise Unbuildable(reason("reason.hp_none_declared", of=of_name[:200], wanted=what))
        raise Unbuildable(reason("reason.hp_unmatched", of=of_name[:200], wanted=what, declared=listing(declared)[:200]))
    return [(declared[i]["name"], value) for i, value in zip(found, chosen)]


def _wanted(entry: dict) -> dict:
    """The rubric's entry described as a declared one: keras-tuner itself fills the defaults (sampling, step)."""
    import keras_tuner

    if not isinstance(entry, dict) or entry.get("kind") not in KINDS or "value" not in entry:
        raise ValueError(f"rubric: each hyper-parameter is {{ kind = one of {KINDS}, its range as keras-tuner's "
                         f"arguments, value = ... }}, not {entry!r}")
    scratch = keras_tuner.HyperParameters()
    arguments = {k: v for k, v in entry.items() if k not in ("kind", "value")}
    if entry["kind"] == "Fixed":
        arguments = {"value": entry["value"]}
    getattr(scratch, entry["kind"])("wanted", **arguments)
    return describe_entry(scratch.space[-1])


def _declared(of, of_name: str) -> list[dict]:
    import keras_tuner

    hp = keras_tuner.HyperParameters()
    try:
        of(hp)
    except Exception as exc:  # the student's hypermodel (or a non-function): said as such, not as the target's error
        raise Unbuildable(reason("reason.hp_space_unread", of=of_name[:200],
                             error=f"{type(exc).__name__}: {exc}"[:200])) from exc
    return [describe_entry(h) for h in hp.space]


BUILDERS = {"best_values": best_values, "hyperparameters": hyperparameters}
