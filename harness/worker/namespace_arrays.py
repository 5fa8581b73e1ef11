"""Value discovery: the arrays a notebook left at top level, for questions with fixed inputs.

A notebook that computes the answer inline (``ln = (x - x.mean(1, keepdims=True)) / ...``)
defines no function to call, but its result is still in the namespace.  Only arrays of
the expected shape (or its transpose) are listed; the grader decides which one, if any,
is the answer.  Nothing here knows the expected values.
"""
from __future__ import annotations

import types
from typing import Any, Callable

import numpy as np

MAX_CANDIDATES = 40
NUMBER_TYPES = (int, float, np.integer, np.floating, np.bool_)


def list_arrays(namespace: dict, shape, to_plain: Callable[[Any], Any]) -> list[dict]:
    """``[{"name": ..., "value": ndarray}]`` for each top-level array of ``shape`` or its transpose."""
    wanted = {tuple(shape), tuple(shape)[::-1]}
    found = []
    for name, value in list(namespace.items()):
        if name.startswith("_") or isinstance(value, (types.ModuleType, types.FunctionType, type)):
            continue
        array = _as_array(to_plain(value))
        if array is not None and array.shape in wanted:
            found.append({"name": name, "value": array})
            if len(found) >= MAX_CANDIDATES:
                break
    return found


def _as_array(value: Any) -> np.ndarray | None:
    if type(value) is np.ndarray:
        return value if value.dtype.kind in "biuf" else None
    if type(value) in (list, tuple) and _numbers_only(value, depth=0):
        try:
            array = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            return None  # ragged
        return array
    return None


def _numbers_only(value, depth: int) -> bool:
    """Nested lists of plain numbers or arrays (a list of rows built in a loop), nothing else."""
    if depth > 3 or len(value) > 10_000:
        return False
    for item in value:
        if type(item) in (list, tuple):
            if not _numbers_only(item, depth + 1):
                return False
        elif type(item) is np.ndarray:
            if item.dtype.kind not in "biuf":
                return False
        elif not isinstance(item, NUMBER_TYPES):
            return False
    return True
