"""``vectors`` checks: word-vector answers on fixed gensim KeyedVectors
(built in the worker with ``{ build = "word_vectors" }`` or ``{ build = "planted_vectors" }``).

Options:
  form  "neighbours" (default): a list of (word, similarity) pairs as ``most_similar``
        returns; words equal in order, similarities within rtol/atol.
        "projection": an (n, 2) array (PCA) equal up to the sign of each column: the sign
        of a principal component is arbitrary, so column j is flipped by
        sign(sum(a_j * b_j)) before comparing.
        "values": plain numbers (distances), within rtol/atol.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from harness.checks import register
from harness.checks.function import FunctionCheck
from harness.checks.metrics import grade_by
from harness.contract.plain import Opaque
from harness.grading.compare import Comparison, compare
from harness.results.message import say
from harness.spec.rubric import RubricError
from harness.spec.typed_tables import entry

FORMS = ("neighbours", "projection", "values")


def _pairs(value):
    if isinstance(value, Opaque) or not isinstance(value, (list, tuple)):
        return None
    pairs = []
    for item in value:
        if not isinstance(item, (list, tuple)) or len(item) != 2 or not isinstance(item[0], str):
            return None
        pairs.append((item[0], item[1]))
    return pairs


def compare_neighbours(expected, got, *, rtol: float, atol: float) -> Comparison:
    want, have = _pairs(expected), _pairs(got)
    if have is None:
        return Comparison(False, say("vectors.not_pairs"))
    if [w for w, _ in have] != [w for w, _ in want]:
        return Comparison(False, say("vectors.words", expected=str([w for w, _ in want]),
                                     got=str([w for w, _ in have])))
    return compare([s for _, s in want], [s for _, s in have], rtol=rtol, atol=atol, path="similarities")


def compare_projection(expected, got, *, rtol: float, atol: float) -> Comparison:
    want = np.asarray(expected, dtype=float)
    try:
        have = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return Comparison(False, say("vectors.not_array", shape=str(want.shape), type=type(got).__name__))
    if have.shape != want.shape:
        return Comparison(False, say("vectors.shape", expected=str(want.shape), got=str(have.shape)))
    signs = np.sign(np.sum(want * have, axis=0))
    signs[signs == 0] = 1.0
    result = compare(want, have * signs, rtol=rtol, atol=atol)
    if result.ok:
        return result
    return Comparison(False, say("vectors.flipped", message=result.message), result.details)


@dataclass(frozen=True, kw_only=True)
class VectorsOptions:
    form: str = entry("neighbours", "'neighbours' (most_similar pairs), 'projection' (an (n, 2) PCA, up to sign) "
                                    "or 'values' (numbers)")


@register
class VectorsCheck(FunctionCheck):
    name = "vectors"
    Options = VectorsOptions
    help = "word-vector answers: neighbour lists, distances, or a 2-D PCA equal up to column signs"

    def validate(self, check, question, where):
        super().validate(check, question, where)
        if self.options(check).form not in FORMS:
            raise RubricError(f"{where}: options.form must be one of {', '.join(FORMS)}")

    def grade(self, ctx):
        form, check = self.options(ctx.check).form, ctx.check
        rule = {"neighbours": compare_neighbours, "projection": compare_projection}.get(form, compare)
        return grade_by(ctx, "main", lambda e, g: rule(e, g, rtol=check.rtol, atol=check.atol))
