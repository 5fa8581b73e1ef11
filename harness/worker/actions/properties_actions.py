"""Named properties of a function's output, evaluated in the worker.

Some targets draw random numbers (``rotate_batch`` picks a rotation per image), so a
student's output cannot equal the reference's value for value.  Instead the target is
called on inputs the action makes itself (``options.args``: literals, or tables like the
rubric's ``[inputs]`` with ``random = ...``) and each named property is evaluated on the
inputs and the output.  Only the verdicts cross the boundary: ``{name: {"ok", "why"}}``.
"""
from __future__ import annotations

import sys

from harness.contract.property_table import PROPERTIES
from harness.contract.seeded_arrays import seeded_array
from harness.worker.failure_reasons import NotInspectable


def check_properties(function, options: dict, namespace: dict) -> dict:
    if options.get("value"):
        # A variable: its value is the output.  A known mistake of a variable is a function of no
        # arguments returning the wrong value.
        args, result = [], function() if callable(function) else function
    else:
        if not callable(function):
            raise NotInspectable("function", function)
        args = [_argument(a, function, namespace) for a in options.get("args", [])]
        result = function(*args)
    names = list(options.get("properties", [])) + list(options.get("diagnostics", []))
    return {name: _verdict(PROPERTIES[name], args, result) for name in names}


def _argument(spec, function, namespace: dict):
    if isinstance(spec, dict) and "call" in spec:
        # Another function of the target's own module: the student's builder for the student,
        # the reference module's for the reference and its mistakes.
        module = sys.modules.get(getattr(function, "__module__", ""), None)
        builder = getattr(module, spec["call"], None) or namespace[spec["call"]]
        return builder(*[_argument(a, function, namespace) for a in spec.get("args", [])])
    if isinstance(spec, dict) and "random" in spec:
        return seeded_array(**spec)
    return spec


def _verdict(prop, args, result) -> dict:
    """A property returns (ok, why) or (ok, why, tag); the tag says *how* it failed, for matching mistakes."""
    try:
        ok, why, *tag = prop(args, result)
    except Exception as exc:  # a malformed output fails the property, it does not crash the check
        ok, why, tag = False, f"could not be evaluated: {type(exc).__name__}: {exc}", ["error"]
    return {"ok": bool(ok), "why": "" if ok else why, "tag": tag[0] if tag and not ok else ("ok" if ok else "failed")}


ACTIONS = {"check_properties": check_properties}
