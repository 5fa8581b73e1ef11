"""Answering probes: look a name up, call it with the job's inputs, return plain data.

A probe may allow leniency for notebooks that do not follow the template: aliases and
close spellings of the name (:mod:`.resolve`), adapted calls (:mod:`.adapters`), and a
listing of the arrays the notebook computed (:mod:`.discovery`).  What was used is
returned as the answer's ``resolution`` so the grader can say so.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

from harness.contract import plain
from harness.data.wrapping import WrappingArray
from harness.worker import adapters, behaviour
from harness.worker.arguments import Unbuildable, materialise
from harness.worker.capture import captured
from harness.worker.execute import describe_exception
from harness.worker.namespace_arrays import list_arrays
from harness.worker.plugins import collect
from harness.worker.resolve import Missing
from harness.worker.resolve import resolve as resolve_name

# Worker-side actions turn live objects (a Keras model, ...) into plain data.  One module
# per family in ``harness.worker.actions``, each exposing ACTIONS = {name: fn(value, options, namespace)}.
_ACTIONS: dict[str, Callable[[Any, dict, dict], Any]] | None = None


def actions() -> dict[str, Callable[[Any, dict, dict], Any]]:
    global _ACTIONS
    if _ACTIONS is None:
        from harness.worker import actions as package
        _ACTIONS = collect(package, "ACTIONS")
    return _ACTIONS


def resolve(namespace: dict, target: str) -> Any:
    """The exact name only (kept for callers that need no leniency)."""
    return resolve_name(namespace, {"target": target, "call": False}, {})


def run_probe(probe: dict, namespace: dict, inputs: dict, workdir: Path, output_limit: int) -> dict:
    """Fields of a ``probe_end`` event; arrays go to ``<id>.npz`` in the work directory."""
    started = time.perf_counter()
    value, error = None, None
    resolution: dict = {}
    with captured(output_limit) as out:
        try:
            result = _evaluate(probe, namespace, inputs, resolution)
            encoded, arrays = plain.encode(result, convert=to_plain)
            if arrays:
                plain.save_arrays(workdir / f"{probe['id']}.npz", arrays)
            value = encoded
        except Missing as exc:
            error = {"kind": "missing", "message": str(exc), "reason": exc.reason}
        except Unbuildable as exc:
            error = {"kind": "exception", "message": str(exc), "reason": exc.reason}
        except BaseException as exc:  # the student's code may raise anything, SystemExit included
            error = describe_exception(exc)
    fields = {"value": value, "error": error, "output": out.getvalue(),
              "seconds": round(time.perf_counter() - started, 4)}
    if resolution:
        fields["resolution"] = resolution
    return fields


def _evaluate(probe: dict, namespace: dict, inputs: dict, resolution: dict) -> Any:
    if probe.get("discover"):
        return _discover(probe, namespace, inputs)
    target = resolve_name(namespace, probe, resolution)
    spec = probe.get("adapters") or {}
    used: list = []
    try:
        if probe.get("call", True):
            if not callable(target):
                resolution["not_callable"] = "yes"
                raise TypeError(f"`{resolution.get('name', probe['target'])}` is a {type(target).__name__}, "
                                "not a function")
            args = [materialise(a, namespace, inputs, resolve) for a in probe.get("args", [])]
            kwargs = {k: materialise(v, namespace, inputs, resolve) for k, v in probe.get("kwargs", {}).items()}
            target = adapters.call(target, args, kwargs, spec, used, to_plain) if spec else target(*args, **kwargs)
        if spec:
            target = adapters.unpack(target, spec, to_plain, used)
        if probe.get("action"):
            target = actions()[probe["action"]](target, probe.get("options", {}), namespace)
    finally:
        if used:
            resolution["adaptations"] = used
    if resolution.get("how") == "exact" and not used:
        resolution.clear()  # the template was followed: nothing to report
    return target


def _discover(probe: dict, namespace: dict, inputs: dict) -> Any:
    what = probe["discover"]
    if what.get("kind") == "callables":
        try:
            found = resolve_name(namespace, {**probe, "call": True}, {})
        except Missing:
            found = None
        if callable(found):
            return []  # the name (or an alias) is a function: its own probe grades it
        args = [materialise(a, namespace, inputs, resolve) for a in probe.get("args", [])]
        kwargs = {k: materialise(v, namespace, inputs, resolve) for k, v in probe.get("kwargs", {}).items()}
        return behaviour.listing(namespace, probe, args, kwargs, to_plain, budget=probe.get("timeout", 30) / 2)
    if what.get("kind") == "models":
        try:
            found = resolve_name(namespace, {**probe, "call": True}, {})
        except Missing:
            found = None
        if found is not None and callable(found) and not behaviour.is_keras_model(found):
            return []  # a builder of that name (or an alias): its own probe grades it
        describe = actions()["describe_model"]
        return behaviour.models(namespace, lambda model: describe(model, probe.get("options", {}), namespace))
    if what.get("kind") == "shims":
        from harness.worker import shims
        return list(shims.USED)
    if what.get("kind") == "arrays" and what.get("shape") is not None:
        return list_arrays(namespace, what["shape"], to_plain)
    raise ValueError(f"unknown discovery {what.get('kind')!r}")


ARRAY_LIBRARIES = ("tensorflow", "keras", "jax", "jaxlib", "torch", "pandas")


def to_plain(value: Any) -> Any:
    """Tensors and data frames of known libraries become arrays; anything else stays as it is.

    Only types defined by these libraries are converted: calling ``__array__`` or
    ``numpy()`` on an object the student defined would run the student's code and let it
    choose what crosses the boundary under a disguise.
    """
    if isinstance(value, WrappingArray):  # the harness's own served array: a plain one crosses
        return value.view(np.ndarray)
    module = type(value).__module__ or ""
    if module.split(".")[0] not in ARRAY_LIBRARIES:
        return value
    for method in ("numpy", "to_numpy"):
        if callable(getattr(value, method, None)):
            converted = getattr(value, method)()
            if type(converted) is np.ndarray or isinstance(converted, np.generic):
                return converted
    return value
