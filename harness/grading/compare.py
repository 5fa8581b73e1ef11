"""Compare a student's answer with an expected one, explaining any difference.

Runs in the grader only, on decoded plain data.  Numbers are compared the way NumPy's
``isclose`` does (``|got - expected| <= atol + rtol * |expected|``); lists, tuples and
float32 arrays that are numerically right pass.  Empty arrays, wrong shapes, and NaN or
infinite values where finite ones are expected never pass.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from harness.contract.plain import Opaque, StringArray
from harness.results.message import maybe, say

PREVIEW_ELEMENTS = 64


@dataclass(frozen=True)
class Comparison:
    ok: bool
    message: str = ""
    details: dict = field(default_factory=dict)


PASS = Comparison(True, say("compare.match"))


class NotComparable(Exception):
    """The expected value itself cannot be compared: a rubric or reference problem."""


def compare(expected: Any, got: Any, *, rtol: float, atol: float, path: str = "") -> Comparison:
    where = maybe("compare.at", path, path=path)
    if isinstance(expected, Opaque):
        raise NotComparable(f"the reference answer{where} is a {expected.type_name}, not plain data")
    if isinstance(got, Opaque):
        return Comparison(False, say("compare.opaque", type=got.type_name, where=where,
                                     why=maybe("compare.why", got.why, why=got.why)), {"got_repr": got.text})
    if isinstance(expected, dict):
        return _compare_dicts(expected, got, rtol, atol, path)
    if expected is None or isinstance(expected, str):
        if got == expected and type(got) is type(expected):
            return PASS
        return Comparison(False, say("compare.not_equal", expected=repr(expected), where=where, got=_short(got)))
    if isinstance(expected, StringArray) or _is_sequence_of_non_numbers(expected):
        return _compare_sequences(list(expected), got, rtol, atol, path)
    return compare_numbers(expected, got, rtol=rtol, atol=atol, path=path)


def _compare_dicts(expected: dict, got: Any, rtol, atol, path) -> Comparison:
    if not isinstance(got, dict):
        return Comparison(False, say("compare.not_dict", keys=str(sorted(map(str, expected))), got=_short(got)))
    missing = [key for key in expected if key not in got]
    if missing:
        return Comparison(False, say("compare.missing_keys", keys=str(missing),
                                     where=maybe("compare.in", path, path=path)),
                          {"got_keys": sorted(map(str, got))[:50]})
    for key, value in expected.items():
        result = compare(value, got[key], rtol=rtol, atol=atol, path=f"{path}[{key!r}]")
        if not result.ok:
            return result
    return PASS


def _compare_sequences(expected: list, got: Any, rtol, atol, path) -> Comparison:
    if isinstance(got, (tuple, StringArray)):
        got = list(got)
    if not isinstance(got, list):
        return Comparison(False, say("compare.not_list", count=len(expected), got=_short(got)))
    if len(got) != len(expected):
        return Comparison(False, say("compare.length", expected=len(expected), got=len(got),
                                     where=maybe("compare.at", path, path=path)))
    for i, (e, g) in enumerate(zip(expected, got)):
        result = compare(e, g, rtol=rtol, atol=atol, path=f"{path}[{i}]")
        if not result.ok:
            return result
    return PASS


def _is_sequence_of_non_numbers(value: Any) -> bool:
    if not isinstance(value, (list, tuple)):
        return False
    if any(isinstance(v, (str, dict, list, tuple, type(None))) and not _is_number_like(v) for v in value):
        return True
    return as_number_array(value) is None  # ragged, e.g. a tuple of arrays of different shapes


def _is_number_like(value: Any) -> bool:
    return as_number_array(value) is not None


def as_number_array(value: Any) -> np.ndarray | None:
    """A float/int/bool ndarray for plain numeric data, else None (never guesses)."""
    if isinstance(value, (Opaque, StringArray, str, dict)) or value is None:
        return None
    if isinstance(value, np.ndarray):
        return value if value.dtype.kind in "biuf" else None
    if isinstance(value, (bool, int, float)):
        return np.asarray(value)
    if isinstance(value, (list, tuple)):
        try:
            array = np.asarray(value)
        except (ValueError, TypeError):
            return None  # ragged
        return array if array.dtype.kind in "biuf" else None
    return None


def compare_numbers(expected: Any, got: Any, *, rtol: float, atol: float, path: str = "") -> Comparison:
    where = maybe("compare.at", path, path=path)
    exp = as_number_array(expected)
    if exp is None:
        raise NotComparable(f"the reference answer{where} is not numeric: {_short(expected)}")
    arr = as_number_array(got)
    if arr is None:
        return Comparison(False, say("compare.not_numbers", shape=str(exp.shape), where=where, got=_short(got)))
    details = {"expected_shape": list(exp.shape), "got_shape": list(arr.shape), "got_dtype": str(arr.dtype)}
    if arr.size == 0 and exp.size != 0:
        return Comparison(False, say("compare.empty", where=where, shape=str(exp.shape)), details)
    if arr.shape != exp.shape:
        return _shape_problem(exp, arr, rtol, atol, where, details)
    exp_f, arr_f = exp.astype(np.float64), arr.astype(np.float64)
    bad_nonfinite = ~np.isfinite(arr_f) & ~((arr_f == exp_f) | (np.isnan(arr_f) & np.isnan(exp_f)))
    if bad_nonfinite.any():
        index = tuple(int(i) for i in np.argwhere(bad_nonfinite)[0])
        details.update(_previews(exp_f, arr_f, bad_nonfinite))
        return Comparison(False, say("compare.nonfinite", got=str(arr_f[index]), index=str(list(index)), where=where,
                                     expected=float(exp_f[index])), details)
    both_finite = np.isfinite(exp_f) & np.isfinite(arr_f)
    with np.errstate(invalid="ignore", over="ignore"):
        abs_err = np.where(both_finite, np.abs(arr_f - exp_f), 0.0)
    tolerance = atol + rtol * np.abs(np.where(both_finite, exp_f, 0.0))
    mismatch = (abs_err > tolerance) | (np.isfinite(exp_f) != np.isfinite(arr_f))
    with np.errstate(divide="ignore", invalid="ignore"):
        rel_err = np.where(exp_f != 0, abs_err / np.abs(exp_f), np.where(abs_err > 0, np.inf, 0.0))
    details.update(max_abs_error=float(abs_err.max(initial=0.0)), max_rel_error=float(rel_err.max(initial=0.0)),
                   rtol=rtol, atol=atol)
    if not mismatch.any():
        return Comparison(True, say("compare.match"), details)
    if arr_f.ndim == 2 and arr_f.shape[0] == arr_f.shape[1] and np.allclose(arr_f.T, exp_f, rtol=rtol, atol=atol):
        details["hint"] = "transposed"
        return Comparison(False, say("compare.transposed", where=where), details)
    worst = np.unravel_index(int(np.argmax(np.where(mismatch, abs_err - tolerance, -np.inf))), arr_f.shape)
    worst_index = [int(i) for i in worst]
    details.update(_previews(exp_f, arr_f, mismatch), worst_index=worst_index,
                   mismatches=int(mismatch.sum()))
    message = say("compare.mismatch", count=int(mismatch.sum()), size=int(arr_f.size), where=where,
                  at=maybe("compare.index", worst_index, index=str(worst_index)), expected=float(exp_f[worst]),
                  got=float(arr_f[worst]), abs_error=details["max_abs_error"], rel_error=details["max_rel_error"])
    return Comparison(False, message, details)


def _shape_problem(exp, arr, rtol, atol, where, details) -> Comparison:
    shapes = {"got": str(arr.shape), "where": where, "expected": str(exp.shape)}
    if arr.ndim == 2 and arr.shape == exp.shape[::-1]:
        if np.allclose(arr.T.astype(float), exp.astype(float), rtol=rtol, atol=atol):
            details["hint"] = "transposed"
            return Comparison(False, say("compare.shape_transposed", **shapes), details)
    if arr.size == exp.size and np.squeeze(arr).shape == np.squeeze(exp).shape:
        details["hint"] = "extra axes"
        return Comparison(False, say("compare.shape_axes", **shapes), details)
    return Comparison(False, say("compare.shape", **shapes), details)


def _previews(exp: np.ndarray, got: np.ndarray, mismatch: np.ndarray) -> dict:
    if exp.size > PREVIEW_ELEMENTS:
        return {}
    return {"expected": exp.tolist(), "got": got.tolist(), "mismatch": mismatch.tolist()}


def _short(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return say("short.array", shape=str(value.shape), dtype=str(value.dtype))
    if isinstance(value, (list, tuple)):
        return say("short.sequence", type=type(value).__name__, count=len(value))
    if isinstance(value, Opaque):
        return say("short.opaque", type=value.type_name)
    return say("short.value", type=type(value).__name__, text=repr(value)[:60])
