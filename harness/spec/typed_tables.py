"""TOML tables read into typed dataclasses, with the help text of each field.

The rubric's model and every check kind's ``Options`` are such dataclasses: a field is
declared with :func:`entry` (its default and its help), an unknown key is refused with the
nearest valid name, and a value of the wrong type is refused with where it was found.
"""
from __future__ import annotations

import difflib
import typing
from dataclasses import MISSING, field, fields
from typing import Any


class RubricError(ValueError):
    """A rubric that cannot be trusted to grade anyone."""


def entry(default=MISSING, help: str = "", factory=MISSING):
    """A dataclass field carrying its help text (shown in errors and by `harness list`)."""
    if factory is not MISSING:
        return field(default_factory=factory, metadata={"help": help})
    return field(default=default, metadata={"help": help})


def described_fields(cls) -> list[tuple[str, str, Any, str]]:
    """(name, type, default, help) of each field, for documentation."""
    hints = typing.get_type_hints(cls)
    out = []
    for spec in fields(cls):
        default = (spec.default if spec.default is not MISSING else
                   spec.default_factory() if spec.default_factory is not MISSING else "(required)")
        hint = hints[spec.name]
        kind = str(hint).replace("typing.", "") if typing.get_origin(hint) else getattr(hint, "__name__", str(hint))
        out.append((spec.name, kind, default, spec.metadata.get("help", "")))
    return out


def build_typed(cls, data: Any, where: str, synonyms: dict[str, str] | None = None):
    """``data`` (a TOML table) as an instance of the dataclass ``cls``, or a RubricError saying where and why.

    ``synonyms`` maps names people reach for to the field they mean, for the "did you mean" hint.
    """
    if not isinstance(data, dict):
        raise RubricError(f"{where}: expected a table, got {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in fields(cls)}
    unknown = [key for key in data if key not in known]
    if unknown:
        key = unknown[0]
        synonyms = {k: v for k, v in (synonyms or {}).items() if v.split("'")[0] in known}
        close = difflib.get_close_matches(key, [*known, *synonyms], n=1)
        suggestion = synonyms.get(close[0], close[0]) if close else None
        hint = f"; did you mean '{suggestion}'?" if close else f"; valid keys: {', '.join(known)}"
        raise RubricError(f"{where}: unknown key '{key}'{hint}")
    values = {}
    for name, spec in known.items():
        if name in data:
            values[name] = _convert(hints[name], data[name], f"{where}.{name}", synonyms)
        elif spec.default is MISSING and spec.default_factory is MISSING:
            raise RubricError(f"{where}: missing required key '{name}' ({spec.metadata['help']})")
    return cls(**values)


def _convert(hint, value, where, synonyms=None):
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return value
    if isinstance(hint, type) and hasattr(hint, "__dataclass_fields__"):
        return build_typed(hint, value, where, synonyms)
    if origin is list:
        if not isinstance(value, list):
            raise RubricError(f"{where}: expected a list")
        return [_convert(args[0], v, f"{where}[{i}]", synonyms) for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise RubricError(f"{where}: expected a table")
        return {k: _convert(args[1], v, f"{where}.{k}", synonyms) for k, v in value.items()}
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        if value is None and type(None) in args:
            return None
        return _convert(next(a for a in args if a is not type(None)), value, where, synonyms)
    if hint is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(hint, type) and not isinstance(value, hint) or isinstance(value, bool) and hint is not bool:
        raise RubricError(f"{where}: expected {hint.__name__}, got {type(value).__name__} {value!r}")
    return value
