"""Seeded random arrays, made the same way on both sides of the boundary.

The grader materialises a rubric's ``[inputs]`` with them (:mod:`harness.spec.inputs`); a
``properties`` check's worker-made inputs use the same recipe, so a table in the rubric
means one array wherever it is made.
"""
from __future__ import annotations

import numpy as np

RANDOM_KINDS = ("normal", "uniform", "integers")


def seeded_array(random: str, shape=(), seed: int = 0, loc: float = 0.0, scale: float = 1.0,
                 low: float = 0.0, high: float = 1.0, dtype: str | None = None, **_ignored) -> np.ndarray:
    rng = np.random.default_rng(seed)
    shape = tuple(shape)
    if random == "normal":
        array = rng.normal(loc, scale, size=shape)
    elif random == "uniform":
        array = rng.uniform(low, high, size=shape)
    elif random == "integers":
        array = rng.integers(int(low), int(high), size=shape)
    else:
        raise ValueError(f"unknown random kind '{random}' (use {', '.join(map(repr, RANDOM_KINDS))})")
    return array.astype(dtype) if dtype else array
