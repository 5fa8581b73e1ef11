"""Answering probes: look a name up, call it with the job's inputs, return plain data."""
from __future__ import annotations

import difflib
import importlib
import pkgutil
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

from .. import plain
from .arguments import materialise
from .capture import captured
from .execute import describe_exception

# Worker-side actions turn live objects (a Keras model, ...) into plain data.  One module
# per family in ``harness.worker.actions``, each exposing ACTIONS = {name: fn(value, options, namespace)}.
_ACTIONS: dict[str, Callable[[Any, dict, dict], Any]] | None = None


def actions() -> dict[str, Callable[[Any, dict, dict], Any]]:
    global _ACTIONS
    if _ACTIONS is None:
        _ACTIONS = {}
        from . import actions as package
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            _ACTIONS.update(getattr(module, "ACTIONS", {}))
    return _ACTIONS


class Missing(LookupError):
    pass


def resolve(namespace: dict, target: str) -> Any:
    head, *rest = target.split(".")
    if head not in namespace:
        raise Missing(_missing_message(namespace, head))
    value = namespace[head]
    for part in rest:
        if not hasattr(value, part):
            raise Missing(f"`{target}` is not defined: `{head}` has no attribute `{part}`")
        value = getattr(value, part)
    return value


def _missing_message(namespace: dict, name: str) -> str:
    candidates = [n for n in namespace if not n.startswith("_")]
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    hint = f"; did you mean `{close[0]}`? (it must be named exactly `{name}`)" if close else ""
    return f"`{name}` is not defined after running the submission{hint}"


def run_probe(probe: dict, namespace: dict, inputs: dict, workdir: Path, output_limit: int) -> dict:
    """Fields of a ``probe_end`` event; arrays go to ``<id>.npz`` in the work directory."""
    started = time.perf_counter()
    value, error = None, None
    with captured(output_limit) as out:
        try:
            result = _evaluate(probe, namespace, inputs)
            encoded, arrays = plain.encode(result, convert=to_plain)
            if arrays:
                plain.save_arrays(workdir / f"{probe['id']}.npz", arrays)
            value = encoded
        except Missing as exc:
            error = {"kind": "missing", "message": str(exc)}
        except BaseException as exc:  # the student's code may raise anything, SystemExit included
            error = describe_exception(exc)
    return {"value": value, "error": error, "output": out.getvalue(),
            "seconds": round(time.perf_counter() - started, 4)}


def _evaluate(probe: dict, namespace: dict, inputs: dict) -> Any:
    target = resolve(namespace, probe["target"])
    if probe.get("call", True):
        if not callable(target):
            raise TypeError(f"`{probe['target']}` is a {type(target).__name__}, not a function")
        args = [materialise(a, namespace, inputs, resolve) for a in probe.get("args", [])]
        kwargs = {k: materialise(v, namespace, inputs, resolve) for k, v in probe.get("kwargs", {}).items()}
        target = target(*args, **kwargs)
    if probe.get("action"):
        target = actions()[probe["action"]](target, probe.get("options", {}), namespace)
    return target


ARRAY_LIBRARIES = ("tensorflow", "keras", "jax", "jaxlib", "torch", "pandas")


def to_plain(value: Any) -> Any:
    """Tensors and data frames of known libraries become arrays; anything else stays as it is.

    Only types defined by these libraries are converted: calling ``__array__`` or
    ``numpy()`` on an object the student defined would run the student's code and let it
    choose what crosses the boundary under a disguise.
    """
    module = type(value).__module__ or ""
    if module.split(".")[0] not in ARRAY_LIBRARIES:
        return value
    for method in ("numpy", "to_numpy"):
        if callable(getattr(value, method, None)):
            converted = getattr(value, method)()
            if type(converted) is np.ndarray or isinstance(converted, np.generic):
                return converted
    return value
