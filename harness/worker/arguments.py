"""Turning a probe's encoded arguments into live objects inside the worker.

Besides plain data, an argument may be
  {"__call__": name, "args": [...], "kwargs": {...}}   the result of calling a name of the same
                                                       namespace (the student's own builder for a
                                                       student probe, the reference's for the reference)
  {"__build__": name, "params": {...}}                 an object made by a trusted builder
                                                       (a dataset, a Keras History, word vectors, ...)
  {"__build__": name, "params": {...}, "of": lookup}   the same, given one of the namespace's objects:
                                                       ``lookup`` is a probe's name fields (target,
                                                       aliases, fuzzy, avoid); the builder gets the object
                                                       as ``of`` and the name it was found under as ``of_name``
"""
from __future__ import annotations

from typing import Any, Callable

from harness.contract import plain
from harness.worker.plugins import collect
from harness.worker.resolve import Missing
from harness.worker.resolve import resolve as resolve_name

_BUILDERS: dict[str, Callable[..., Any]] | None = None


class Unbuildable(Exception):
    """An argument the submission cannot be given (the hypermodel a builder reads is not there, or declares
    no hyper-parameter of the asked range).  ``reason`` says why as data (:data:`protocol.WORKER_REASONS`).
    The probe fails as an exception of the harness's (the target is defined: not a missing name, which
    would send the check to review as "not located"), said as its reason, not as the target's own error."""

    def __init__(self, reason: dict):
        super().__init__(reason["id"])
        self.reason = reason


def builders() -> dict[str, Callable[..., Any]]:
    global _BUILDERS
    if _BUILDERS is None:
        from harness.worker import builders as package
        _BUILDERS = collect(package, "BUILDERS")
    return _BUILDERS


def materialise(arg: Any, namespace: dict, inputs: dict, resolve: Callable[[dict, str], Any]) -> Any:
    if isinstance(arg, dict) and "__call__" in arg:
        function = resolve(namespace, arg["__call__"])
        args = [materialise(a, namespace, inputs, resolve) for a in arg.get("args", [])]
        kwargs = {k: materialise(v, namespace, inputs, resolve) for k, v in arg.get("kwargs", {}).items()}
        return function(*args, **kwargs)
    if isinstance(arg, dict) and "__build__" in arg:
        params = plain.decode(arg.get("params", {"__dict__": []}), inputs)
        if isinstance(arg.get("of"), dict):
            params["of"], params["of_name"] = _found(namespace, arg["of"])
        return builders()[arg["__build__"]](**params)
    return plain.decode(arg, inputs)


def _found(namespace: dict, lookup: dict) -> tuple[Any, str]:
    """The object a builder reads (the submission's hypermodel, say), by the leniency its probe's target
    gets; a name that is not there is the same typed reason as a missing target, given as Unbuildable."""
    resolution: dict = {}
    target = str(lookup.get("target", ""))
    fields = {k: lookup[k] for k in ("aliases", "fuzzy", "avoid") if k in lookup}
    try:
        found = resolve_name(namespace, {"target": target, "call": True, **fields}, resolution)
    except Missing as exc:
        raise Unbuildable(exc.reason) from exc
    return found, (resolution.get("name", target) if "." not in target else target)
