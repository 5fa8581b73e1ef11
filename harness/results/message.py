"""A message said to a student: an id in the catalogues plus its parameters.

``Message`` is a ``str`` (its English text, from the English catalogue), so code that
treats a check's message as text keeps working; it also keeps ``id`` and ``params`` so
a page can say it in another language after the fact (results.json stores both).  A
parameter may itself be a message (a clause that needs translating too), or a list of
messages (clauses said one after another, joined by ``CLAUSES``); any other parameter is a
value shown as it is (a number, a name, a shape, an error text).
"""
from __future__ import annotations

import string
from typing import Any

from harness.render.locale import en

CLAUSES = "; "  # between the clauses of a list parameter, in every language


class Message(str):
    id: str
    params: dict

    def __new__(cls, id: str, /, **params):
        self = super().__new__(cls, render(en.ENGINE[id], params, plain))  # an unknown id fails loudly
        self.id, self.params = id, params
        return self

    def __reduce__(self):  # pickled as what it is (Dask ships outcomes between processes)
        return _rebuild, (self.id, self.params)

    def to_json(self) -> dict:
        return {"id": self.id, "params": {k: _json(v) for k, v in self.params.items()}}


def _rebuild(id: str, params: dict) -> Message:
    return Message(id, **params)


def say(id: str, **params) -> Message:
    return Message(id, **params)


def maybe(id: str, value, **params) -> Message | str:
    """An optional clause: the message when ``value`` is set, else nothing."""
    return Message(id, **params) if value not in (None, "", [], ()) else ""


def to_json(text: Any) -> dict | None:
    """The stored form of a message; None for text that has none (written before messages had ids)."""
    return text.to_json() if isinstance(text, Message) else None


def from_json(data: Any) -> Message | None:
    """A stored message (``to_json``'s form) as a message again; None when it is not one, or names an id
    this version does not know (written by a newer one)."""
    if not is_message(data) or data["id"] not in en.ENGINE or not isinstance(data["params"], dict):
        return None
    return Message(data["id"], **{str(k): _param_from_json(v) for k, v in data["params"].items()})


def _param_from_json(value: Any) -> Any:
    if is_message(value):
        return from_json(value) or ""
    if is_clauses(value):
        return [c for c in map(from_json, value) if c is not None]
    return value


def is_message(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"id", "params"} and isinstance(value["id"], str)


def _json(value: Any) -> Any:
    if isinstance(value, Message):
        return value.to_json()
    if is_message(value):
        return value
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # a NumPy scalar
        return value.item()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def plain(value: Any, spec: str) -> str:
    """A parameter as English text: a nested message in English, a value formatted by its spec.

    A stored message whose id this version does not know (written by a newer one) says nothing."""
    if is_message(value):
        template = en.ENGINE.get(value["id"])
        return render(template, value["params"], plain) if template is not None else ""
    if is_clauses(value):
        return CLAUSES.join(plain(v, spec) for v in value)
    return formatted(value, spec)


def is_clauses(value: Any) -> bool:
    """A list parameter of messages (stored, or not yet): said clause by clause."""
    return isinstance(value, (list, tuple)) and bool(value) and \
        all(isinstance(v, Message) or is_message(v) for v in value)


def formatted(value: Any, spec: str) -> str:
    try:
        return format(value, spec)
    except (TypeError, ValueError):  # a NaN stored as "nan", a number given as text
        return str(value)


class _Formatter(string.Formatter):
    def __init__(self, show):
        self.show = show

    def format_field(self, value, format_spec):
        return self.show(value, format_spec)


def render(template: str, params: dict, show) -> str:
    """``template`` with each field replaced by ``show(value, spec)`` (a missing one left empty)."""
    values = {k: v.to_json() if isinstance(v, Message) else v for k, v in params.items()}
    return _Formatter(show).vformat(template, (), _Defaulting(values))


class _Defaulting(dict):
    def __missing__(self, key):
        return ""


def fields(template: str) -> set[str]:
    """The parameter names a catalogue entry uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
