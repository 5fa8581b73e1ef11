"""Signature adapters: calling a student's function that takes the right data in another form.

Each adapter preserves the meaning of the call, so it can make a right answer readable
but never make a wrong one right: neutral values (``gamma = 1``, ``beta = 0``) leave a
normalisation unchanged, a renamed keyword carries the same value, the first element of
``(out, cache)`` is the student's own output, and a Keras loss gets the same three
arrays stacked the way Keras losses receive them.  Every adaptation used is recorded
and named in the feedback; the rubric may forbid any of them.
"""
from __future__ import annotations

import inspect
from typing import Any, Callable

import numpy as np

from harness.contract.protocol import ADAPTERS as ALL

# Parameters that are one value per feature: given as a vector as long as the last axis.
PER_FEATURE = {"gamma", "beta", "scale", "shift", "weight", "bias"}
SYNONYMS = {"eps": ("epsilon", "eps_", "e"), "epsilon": ("eps",), "alpha": ("margin",), "margin": ("alpha",)}


def call(fn: Callable, args: list, kwargs: dict, spec: dict, used: list, to_plain: Callable) -> Any:
    """``fn(*args, **kwargs)``, adapted where the plain call cannot bind and the rubric allows."""
    allowed = set(spec.get("allowed", ALL))
    signature = _signature(fn)
    if signature is None or _binds(signature, args, kwargs):
        return fn(*args, **kwargs)
    if "rename-kwargs" in allowed:
        kwargs = _renamed_kwargs(signature, kwargs, used)
    if "keras-loss" in allowed and _looks_like_keras_loss(signature, args):
        return _call_as_keras_loss(fn, signature, args, kwargs, spec, used, to_plain)
    if "neutral-params" in allowed:
        kwargs = _with_neutral_values(signature, args, kwargs, spec.get("neutral", {}), used)
    return fn(*args, **kwargs)


def _signature(fn) -> inspect.Signature | None:
    try:
        return inspect.signature(fn)
    except (TypeError, ValueError):
        return None


def _binds(signature: inspect.Signature, args, kwargs) -> bool:
    try:
        signature.bind(*args, **kwargs)
        return True
    except TypeError:
        return False


def _renamed_kwargs(signature, kwargs: dict, used: list) -> dict:
    params = signature.parameters
    if any(p.kind is p.VAR_KEYWORD for p in params.values()):
        return kwargs
    out = {}
    for key, value in kwargs.items():
        other = next((s for s in SYNONYMS.get(key, ()) if s in params and s not in kwargs), None)
        if key not in params and other is not None:
            used.append({"name": "rename-kwargs", "text": f"passed `{key}` as `{other}`"})
            key = other
        out[key] = value
    return out


def _with_neutral_values(signature, args, kwargs: dict, neutral: dict, used: list) -> dict:
    """Fill required parameters the call does not supply, by name, with values that change nothing."""
    positional = [p for p in signature.parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    unbound = [p for p in positional[len(args):] if p.name not in kwargs and p.default is p.empty]
    features = _feature_count(args)
    out, filled = dict(kwargs), []
    for param in unbound:
        value = _neutral_value(param.name, neutral, kwargs, features)
        if value is None:
            return kwargs  # an extra parameter with no obvious neutral value: do not guess
        out[param.name] = value
        filled.append(f"{param.name} = {_shown(value)}")
        if isinstance(value, dict):  # eps travels inside the cs231n dict, not beside it
            for key in ("eps", "epsilon"):
                if key not in signature.parameters and out.pop(key, None) is not None:
                    filled[-1] += f" (carrying {key})"
    if filled:
        used.append({"name": "neutral-params", "text": "called with " + ", ".join(filled)
                     + " (neutral values for the extra parameters)"})
    return out


def _neutral_value(name: str, neutral: dict, kwargs: dict, features: int | None):
    eps = next((kwargs[k] for k in ("eps", "epsilon") if k in kwargs), neutral.get("eps"))
    if name.endswith("_param") or name in ("params", "param"):  # cs231n: bn_param = {"mode", "eps"}
        return {"mode": "train", "eps": 0.0 if eps is None else eps}
    key = "eps" if name in ("eps", "epsilon", "eps_") else name
    if key == "eps" and eps is not None:
        return eps
    if key not in neutral:
        return None
    value = neutral[key]
    if name in PER_FEATURE and features is not None and isinstance(value, (int, float)):
        return np.full(features, float(value))
    return value


def _feature_count(args) -> int | None:
    first = args[0] if args else None
    if type(first) is np.ndarray and first.ndim >= 1:
        return int(first.shape[-1])
    return None


def _shown(value) -> str:
    if isinstance(value, np.ndarray):  # never its length: that would describe a hidden input
        return f"{value.flat[0]:g} per feature" if value.size else "[]"
    return repr(value)


def _looks_like_keras_loss(signature, args) -> bool:
    names = list(signature.parameters)
    arrays = [a for a in args if type(a) is np.ndarray]
    return "y_pred" in names and len(args) == 3 and len(arrays) == 3 \
        and len({a.shape for a in arrays}) == 1


def _call_as_keras_loss(fn, signature, args, kwargs, spec: dict, used: list, to_plain: Callable):
    """``loss(y_true, y_pred)`` with ``y_pred`` = stack of anchor, positive, negative.

    Stacked on a new first axis, ``a, p, n = y_pred`` and ``y_pred[0]`` both work; a loss
    that slices a concatenation instead (``y_pred[:, :d]``) gets that form when the
    stacked one fails or gives an answer of the wrong shape.  Choosing the form by shape
    only reads the answer right; it never changes its values.
    """
    names = list(signature.parameters)
    kwargs = {k: v for k, v in kwargs.items() if k in signature.parameters
              or any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values())}
    lead = [np.zeros(len(args[0]))] if names.index("y_pred") > 0 else []
    forms = [("np.stack([anchor, positive, negative])", lambda: np.stack(args)),
             ("np.concatenate([anchor, positive, negative], axis=-1)", lambda: np.concatenate(args, axis=-1))]
    fits = (lambda r: True) if spec.get("shape") is None else (lambda r: _shape(to_plain(r)) == tuple(spec["shape"]))
    tried, error = [], None
    for form, y_pred in forms:
        try:
            tried.append((form, fn(*lead, y_pred(), **kwargs)))
        except Exception as exc:  # the other form may suit this loss
            error = error or exc
            continue
        if fits(tried[-1][1]):
            break
    if not tried:
        raise error
    form, result = next((t for t in tried if fits(t[1])), tried[0])
    used.append({"name": "keras-loss", "text": f"called as a Keras loss `{fn.__name__}("
                 + ("y_true, " if lead else "") + f"y_pred)` with y_pred = {form}"})
    return result


def unpack(result: Any, spec: dict, to_plain: Callable, used: list) -> Any:
    """``(out, cache)`` -> ``out`` when only the first element has the expected shape."""
    shape = spec.get("shape")
    allowed = set(spec.get("allowed", ALL))
    if shape is None or "first-of-tuple" not in allowed or type(result) not in (tuple, list):
        return result
    if not 2 <= len(result) <= 5 or _shape(to_plain(result[0])) != tuple(shape):
        return result
    if _shape(result) == tuple(shape):
        return result
    used.append({"name": "first-of-tuple", "text": f"took the first of the {len(result)} values returned"})
    return result[0]


def _shape(value) -> tuple | None:
    if type(value) is np.ndarray or isinstance(value, np.generic):
        return tuple(np.shape(value))
    if type(value) in (list, tuple):
        try:
            array = np.asarray(value, dtype=float)  # plain numbers only; anything else is not an answer
        except (TypeError, ValueError):
            return None
        return array.shape
    if type(value) in (int, float):
        return ()
    return None
