"""Grading an answer the notebook computed without defining the function the rubric names.

The worker lists the top-level arrays of the expected shape; the printed outputs of the
cells that ran are parsed here (plain text, never evaluated).  Each candidate, as it is
and transposed, is matched against the reference answer and each known mistake's; the
best match is graded and named.  A discovered value earns at most the check's
``discovery`` fraction: hidden inputs still need a callable.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from harness.contract.aliases import relatedness
from harness.grading.compare import as_number_array, compare

NUMBER = re.compile(r"[-+]?(?:nan|inf|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")
MAX_TEXT = 200_000


@dataclass(frozen=True)
class Candidate:
    label: str         # "variable `ln`", "the array printed by cell 3"
    name: str          # the variable's name, "" for printed arrays
    value: np.ndarray
    atol: float = 0.0  # the rounding of a printed array


def printed_arrays(cells, shape) -> list[Candidate]:
    """Arrays of ``shape`` (or its transpose) in what the cells printed, in either form:
    ``array([[1., 2.], ...])`` (a repr) or ``[[1. 2.]\\n [3. 4.]]`` (print)."""
    wanted = {tuple(shape), tuple(shape)[::-1]}
    found = []
    for cell in cells:
        text = (cell.output or "")[:MAX_TEXT]
        for value, atol in _nested_lists(text):
            if value.shape in wanted:
                found.append(Candidate(f"the array printed by cell {cell.index}", "", value, atol))
    return found


def _nested_lists(text: str):
    position = text.find("[")
    while position != -1:
        parsed = _parse(text, position)
        if parsed is None:
            position = text.find("[", position + 1)
            continue
        value, end, atol = parsed
        yield value, atol
        position = text.find("[", end)


def _parse(text: str, start: int):
    """A bracketed block of numbers starting at ``start``: (array, end, atol) or None."""
    depth, stack, tokens, i = 0, [[]], [], start
    while i < len(text):
        char = text[i]
        if char == "[":
            depth += 1
            stack.append([])
            i += 1
        elif char == "]":
            depth -= 1
            if depth < 0:
                return None
            done = stack.pop()
            stack[-1].append(done)
            i += 1
            if depth == 0:
                break
        elif char in " \t\n,":
            i += 1
        else:
            match = NUMBER.match(text, i)
            if match is None or depth == 0:
                return None
            tokens.append(match.group())
            stack[-1].append(float(match.group()))
            i = match.end()
    if depth != 0 or not tokens:
        return None
    try:
        array = np.array(stack[0][0], dtype=np.float64)
    except ValueError:
        return None  # ragged
    return array, i, _rounding(tokens)


def _rounding(tokens: list[str]) -> float:
    """Half the finest step the printed digits show: 8 decimals -> 5e-9, precision=3 -> 5e-4."""
    steps = []
    for token in tokens:
        mantissa, _, exponent = token.lower().partition("e")
        decimals = len(mantissa.partition(".")[2]) if "." in mantissa else 0
        steps.append(10.0 ** (int(exponent or 0) - decimals))
    return 0.5 * min(steps) * 1.01


def variables(answer) -> list[Candidate]:
    """The worker's listing, decoded: [{"name", "value"}, ...]."""
    if answer is None or not answer.ok or not isinstance(answer.value, list):
        return []
    out = []
    for item in answer.value:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            value = as_number_array(item.get("value"))
            if value is not None:
                out.append(Candidate(f"variable `{item['name']}`", item["name"], value))
    return out


def ranked(candidates, target: str, aliases, other_targets, claimed) -> list[Candidate]:
    """Candidates worth grading, most telling first.

    A variable named for the target (``layer_norm``, ``ln``) is the student's answer even
    when another array would score better; one named for another target of the question
    (``bn``) or equal to another target's right answer on the same input is not.
    """
    def score(c: Candidate) -> int:
        return relatedness(c.name, target, aliases) if c.name else 0

    kept = [c for c in candidates
            if score(c) > 0 or not any(relatedness(c.name, t) > 0 for t in other_targets if c.name)]
    kept = [c for c in kept if score(c) > 0 or not any(_equal(c.value, v, 0.0) for v in claimed)]
    best = max((score(c) for c in kept), default=0)
    return [c for c in kept if score(c) == best]


def _equal(value, other, atol) -> bool:
    other = as_number_array(other)
    return other is not None and other.shape == value.shape and np.allclose(value, other, rtol=1e-6, atol=atol)


def best_match(candidates, expected, mistakes, rtol: float, atol: float):
    """(candidate, transposed, mistake-or-None) for the best match, or None.

    Order: right as it is, right transposed, a known mistake as it is, transposed.
    """
    orientations = [(c, False, c.value) for c in candidates] + \
                   [(c, True, c.value.T) for c in candidates if c.value.ndim == 2]
    for mistake, value in [(None, expected), *mistakes]:
        for transposed in (False, True):
            for c, t, array in orientations:
                if t == transposed and compare(value, array, rtol=rtol, atol=max(atol, c.atol)).ok:
                    return c, t, mistake
    return None
