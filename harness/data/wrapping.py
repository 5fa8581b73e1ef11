"""Served arrays that answer for the real dataset's range.

Notebooks index the real datasets: ``x_test_1[4179]`` of MNIST's 10,000 test images,
``np.random.randint(10000)``, ``x_train.reshape(60000, 784)``.  The served subset is
smaller, so these would fail for a reason that is not the student's.  Rather than tile
the subset up to the real length (which would multiply every ``fit``, ``evaluate`` and
``predict`` on the CPU budget by up to a hundred, and weight the classes unevenly), the
served arrays keep the subset's size and read an index past its end modulo the served
length: ``x_test[4179]`` is served image ``4179 % n`` and ``y_test[4179]`` is its own
label, so a prediction checked against it is still a fair question.  The real length
in a ``reshape`` reads as the served one.  Every such reading is recorded and shown.
"""
from __future__ import annotations

import numpy as np

_used: dict[str, str] = {}


def used() -> dict[str, str]:
    return dict(_used)


def wrapping(array: np.ndarray, real_length: int, label: str) -> np.ndarray:
    out = np.asarray(array).view(WrappingArray)
    out._harness_real, out._harness_label = int(real_length), label
    return out


class WrappingArray(np.ndarray):
    """An ndarray whose first axis answers for ``real_length`` items by wrapping around."""

    _harness_real = 0
    _harness_label = ""

    def __array_finalize__(self, obj):
        self._harness_real = getattr(obj, "_harness_real", 0)
        self._harness_label = getattr(obj, "_harness_label", "")

    def __getitem__(self, key):
        first, rest = (key[0], key[1:]) if isinstance(key, tuple) and key else (key, None)
        wrapped = self._wrapped(first)
        if wrapped is not first:
            key = (wrapped, *rest) if rest is not None else wrapped
        result = super().__getitem__(key)
        if isinstance(result, WrappingArray) and _integer(wrapped):
            return result.view(np.ndarray)  # one item: its own axes are not the dataset's
        return result

    def reshape(self, *shape, **kwargs):
        dims = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
        n = len(self) if self.ndim else 0
        if dims and self._harness_real and n and n != self._harness_real and _int_like(dims[0]) \
                and int(dims[0]) == self._harness_real:
            _used.setdefault(f"reshape:{self._harness_label}",
                             f"reshape({self._harness_real}, ...) of {self._harness_label} read as "
                             f"reshape({n}, ...): {n} items are served")
            dims = (n, *dims[1:])
            return super().reshape(dims, **kwargs)
        return super().reshape(*shape, **kwargs)

    def _wrapped(self, index):
        if not self.ndim or not self._harness_real:
            return index
        n = self.shape[0]
        if n == 0 or n >= self._harness_real:
            return index
        if _int_like(index) and not isinstance(index, (bool, np.bool_)):
            i = int(index)
            if n <= i < self._harness_real or -self._harness_real <= i < -n:
                self._note(i, n)
                return i % n
            return index
        if isinstance(index, slice) and index.step in (None, 1) and _int_like(index.start) and index.start >= n:
            stop = index.stop if index.stop is not None else self._harness_real
            if _int_like(stop) and index.start < stop <= self._harness_real and stop - index.start <= n:
                start = index.start % n
                if start + (stop - index.start) <= n:
                    self._note(index.start, n)
                    return slice(start, start + (stop - index.start))
            return index
        if isinstance(index, (list, np.ndarray)) and not isinstance(index, WrappingArray):
            keys = np.asarray(index)
            if keys.dtype.kind in "iu" and keys.size and (keys >= n).any() and (keys < self._harness_real).all():
                self._note(int(keys.max()), n)
                return np.where(keys < 0, keys, keys % n)
        return index

    def _note(self, index: int, n: int) -> None:
        _used.setdefault(f"index:{self._harness_label}",
                         f"indices past the {n} served items of {self._harness_label} (the real one has "
                         f"{self._harness_real}) were read modulo {n}, e.g. [{index}] as [{index % n}]")


def _int_like(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _integer(index) -> bool:
    return _int_like(index)
