"""Plain data: the only kind of value that crosses the worker boundary.

A value is encoded as JSON-able structure plus a dict of NumPy arrays that travel in an
``.npz`` file (``allow_pickle=False`` on both sides).  Nothing is ever pickled, so a
worker that lies can at worst send wrong numbers, never code.

Encoded forms:
  None, bool, int, str, finite float   as themselves
  non-finite float                     {"__float__": "nan" | "inf" | "-inf"}
  list                                 [...]
  tuple                                {"__tuple__": [...]}
  dict with str keys                   {"__dict__": [[key, value], ...]}   (keeps key order, no clashes)
  ndarray of bool/int/uint/float       {"__array__": "<key in the npz>"}
  anything else                        {"__object__": "<type name>", "repr": "<capped repr>"}
"""
from __future__ import annotations

import math
import os
import stat
import zipfile
from typing import Any, Callable

import numpy as np

MAX_DEPTH = 20
MAX_ITEMS = 10_000
MAX_STR = 20_000
NUMERIC_KINDS = "biuf"


class Encoder:
    """Turns one value into plain data, collecting its arrays."""

    def __init__(self, prefix: str = "a", convert: Callable[[Any], Any] | None = None):
        self.prefix = prefix
        self.convert = convert
        self.arrays: dict[str, np.ndarray] = {}

    def encode(self, value: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            return _opaque(value, "nested too deeply")
        if value is None or type(value) in (bool, int):
            return value
        if isinstance(value, Opaque):  # already decoded once (e.g. re-encoded for a cache)
            return {"__object__": value.type_name, "repr": value.text, **({"why": value.why} if value.why else {})}
        if isinstance(value, StringArray):
            return {"__strings__": list(value), "shape": list(value.shape)}
        if type(value) is str:
            return value[:MAX_STR]
        if type(value) is float:
            return value if math.isfinite(value) else {"__float__": repr(value)}
        if type(value) in (list, tuple):
            items = [self.encode(v, depth + 1) for v in list(value)[:MAX_ITEMS]]
            return items if type(value) is list else {"__tuple__": items}
        if type(value) is dict:
            return self._encode_dict(value, depth)
        if type(value) is np.ndarray or isinstance(value, np.generic):
            return self._encode_array(np.asarray(value))
        if self.convert is not None:
            converted = self.convert(value)
            if converted is not value:
                return self.encode(converted, depth + 1)
        return _opaque(value)

    def _encode_dict(self, value: dict, depth: int) -> Any:
        pairs = []
        for key, item in list(value.items())[:MAX_ITEMS]:
            if type(key) not in (str, int):
                return _opaque(value, "dict keys must be strings or integers")
            pairs.append([key, self.encode(item, depth + 1)])
        return {"__dict__": pairs}

    def _encode_array(self, array: np.ndarray) -> Any:
        if array.dtype.kind not in NUMERIC_KINDS:
            if array.dtype.kind in "US":
                return {"__strings__": [str(s)[:MAX_STR] for s in array.ravel().tolist()[:MAX_ITEMS]],
                        "shape": list(array.shape)}
            return _opaque(array, f"array of dtype {array.dtype} is not a number array")
        key = f"{self.prefix}{len(self.arrays)}"
        # A copy in a fresh base ndarray: drops subclasses, views and memory tricks.
        self.arrays[key] = np.array(array, copy=True, subok=False)
        return {"__array__": key}


def _opaque(value: Any, why: str | None = None) -> dict:
    try:
        text = repr(value)
    except BaseException as exc:  # a student's __repr__ may raise anything
        text = f"<repr raised {type(exc).__name__}>"
    out = {"__object__": type(value).__name__[:200], "repr": text[:2000]}
    if why:
        out["why"] = why
    return out


def encode(value: Any, prefix: str = "a", convert: Callable[[Any], Any] | None = None
           ) -> tuple[Any, dict[str, np.ndarray]]:
    encoder = Encoder(prefix, convert)
    return encoder.encode(value), encoder.arrays


class Opaque:
    """A value the worker could not turn into plain data (a model, a generator, ...)."""

    def __init__(self, type_name: str, text: str, why: str | None = None):
        self.type_name, self.text, self.why = type_name, text, why

    def __repr__(self) -> str:
        return f"<{self.type_name}: {self.text[:80]}>"


class StringArray(list):
    """An array of strings, kept as a list of str with its shape."""

    def __init__(self, items, shape):
        super().__init__(items)
        self.shape = tuple(shape)


def decode(value: Any, arrays: dict[str, np.ndarray]) -> Any:
    """Inverse of :func:`encode`; rejects anything malformed instead of guessing."""
    if value is None or type(value) in (bool, int, float, str):
        return value
    if type(value) is list:
        return [decode(v, arrays) for v in value]
    if type(value) is not dict or len(value) == 0:
        raise ValueError(f"malformed plain value: {type(value).__name__}")
    if "__array__" in value:
        return np.array(arrays[value["__array__"]], copy=True)  # each use gets its own copy
    if "__float__" in value:
        return float(value["__float__"])
    if "__tuple__" in value:
        return tuple(decode(v, arrays) for v in value["__tuple__"])
    if "__dict__" in value:
        return {key: decode(item, arrays) for key, item in value["__dict__"]}
    if "__strings__" in value:
        return StringArray(value["__strings__"], value.get("shape", [len(value["__strings__"])]))
    if "__object__" in value:
        return Opaque(str(value["__object__"]), str(value.get("repr", "")), value.get("why"))
    raise ValueError(f"malformed plain value with keys {sorted(value)[:5]}")


def save_arrays(path, arrays: dict[str, np.ndarray]) -> None:
    np.savez(path, **arrays)


MAX_NPZ_BYTES = 512 * 2**20  # compressed or not: the grader never inflates more than this


def load_arrays(path, missing_ok: bool = False, max_bytes: int = MAX_NPZ_BYTES) -> dict[str, np.ndarray]:
    """Arrays a worker wrote, read as untrusted data.

    The file must be a regular file reached without a symlink and with one link (so it
    cannot be the grader's cache or anyone else's file); its members' declared sizes
    must fit ``max_bytes`` (a zip bomb is refused before it inflates, and zipfile stops
    at the declared size); only bool, integer and float arrays are accepted; never pickle.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        if missing_ok:
            return {}
        raise
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
            raise ValueError("the arrays file is not a plain file of its own")
        if info.st_size > max_bytes:
            raise ValueError(f"the arrays file is larger than {max_bytes // 2**20} MiB")
        with zipfile.ZipFile(handle) as archive:
            if sum(member.file_size for member in archive.infolist()) > max_bytes:
                raise ValueError(f"the arrays would take more than {max_bytes // 2**20} MiB")
        handle.seek(0)
        with np.load(handle, allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
    for key, array in arrays.items():
        if type(array) is not np.ndarray or array.dtype.kind not in NUMERIC_KINDS:
            raise ValueError(f"array {key[:40]!r} of dtype {array.dtype} is not a number array")
    return arrays
