"""Finding a function by what it does: the student's own functions, called on a public input.

A notebook that defines ``layernorm_v2`` (or ``my_ln``) where the rubric asks for
``layer_norm`` has its answer in a function no name rule finds.  When the probe's name and
aliases resolve to no callable, each function *the notebook itself defined* (its globals are
the notebook's namespace: ``np.mean`` and other imported functions never qualify) is called
on the probe's inputs, which are a public check's, adapted as the probe allows, and every
result of the expected shape is listed.  The grader decides which, if any, is the answer
(it alone has the expected values); nothing here knows them.
"""
from __future__ import annotations

import time
import types
from typing import Any, Callable

from harness.contract.aliases import normal
from harness.worker import adapters

MAX_CANDIDATES = 20
# target -> the functions whose result on a public input had the expected shape.  A hidden
# check's probe calls only these (after its own public listing refreshed them, in the same
# worker): what a hidden input does can never bring a function forward.
_LISTED: dict[str, list[str]] = {}


def student_functions(namespace: dict, avoid=()) -> list[str]:
    """Top-level functions defined by the notebook's own code, never imported ones."""
    avoided = {normal(a) for a in avoid}
    return [name for name, value in list(namespace.items())
            if not name.startswith("_") and type(value) is types.FunctionType
            and value.__globals__ is namespace and normal(name) not in avoided][:MAX_CANDIDATES]


def listing(namespace: dict, probe: dict, args: list, kwargs: dict, to_plain: Callable[[Any], Any],
            budget: float) -> list[dict]:
    """``[{"name", "value", "adaptations"}]`` for each function whose result has the expected shape."""
    spec = probe.get("adapters") or {}
    shape = (probe.get("discover") or {}).get("shape")
    if shape is None:
        return []  # the reference gave no array: nothing to tell a right answer by
    started, found = time.perf_counter(), []
    names = student_functions(namespace, probe.get("avoid", ()))
    if probe["discover"].get("listed_only"):
        names = [n for n in _LISTED.get(probe["target"], []) if n in names]
    for name in names:
        if time.perf_counter() - started > budget:
            break
        used: list = []
        try:
            fn = namespace[name]
            result = adapters.call(fn, list(args), dict(kwargs), spec, used, to_plain) if spec else fn(*args, **kwargs)
            result = adapters.unpack(result, {**spec, "shape": shape}, to_plain, used)
            value = to_plain(result)
        except Exception:  # a function for something else: not a candidate
            continue
        if adapters._shape(value) == tuple(shape):
            found.append({"name": name, "value": value, "adaptations": [a for a in used if a.get("text")]})
    if not probe["discover"].get("listed_only"):
        _LISTED[probe["target"]] = [item["name"] for item in found]
    return found


def models(namespace: dict, describe: Callable[[Any], Any]) -> list[dict]:
    """``[{"name", "value"}]``: each Keras model the notebook left at top level, described as
    the check asks (``model_temp_1``, ``model_c``: a template's models live in variables)."""
    found = []
    for name, value in list(namespace.items()):
        if name.startswith("_") or isinstance(value, (type, types.ModuleType)) or not is_keras_model(value):
            continue
        try:
            found.append({"name": name, "value": describe(value)})
        except Exception:  # an unbuilt model: nothing to compare
            continue
        if len(found) >= MAX_CANDIDATES:
            break
    return found


def is_keras_model(value) -> bool:
    return any(getattr(cls, "__module__", "").split(".")[0] in ("keras", "tf_keras") and cls.__name__ in
               ("Model", "Functional", "Sequential") for cls in type(value).__mro__)
