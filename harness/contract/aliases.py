"""Matching the names a notebook defines with the names a rubric asks for.

Pure functions on strings, used on both sides of the boundary: the worker resolves a
probe's target with them (it has the namespace), the grader ranks discovered variables
with them (it has only their names).  Nothing here runs or imports student code.

A name is compared in its *normal form*: lower case, without underscores, so
``LayerNorm``, ``layer_norm`` and ``layernorm`` are one name.  A misspelling is a small
edit distance between normal forms, counting a swap of two neighbouring letters as one
edit (``noramlization`` is one edit from ``normalization``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

SPLIT = re.compile(r"[_\W]+|(?<=[a-z0-9])(?=[A-Z])")


def normal(name: str) -> str:
    return name.replace("_", "").lower()


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insert, delete, substitute, swap neighbours."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[-1]


def allowed_edits(name: str) -> int:
    """Short names tolerate one slip, long ones two: ``bn`` must not match ``ln``."""
    size = len(normal(name))
    return 0 if size < 5 else 1 if size < 12 else 2


@dataclass(frozen=True)
class Match:
    name: str   # the name found in the notebook
    how: str    # "exact" | "alias" | "case" (same normal form) | "fuzzy" (edit distance)
    distance: int = 0


def match_name(found: str, target: str, aliases=(), fuzzy: bool = True) -> Match | None:
    """How ``found`` stands for ``target`` (or one of its aliases), or None."""
    if found == target:
        return Match(found, "exact")
    if found in aliases:
        return Match(found, "alias")
    wanted = [target, *aliases]
    if not fuzzy:
        return None
    if any(normal(found) == normal(w) for w in wanted):
        return Match(found, "case")
    close = [d for d, w in ((edit_distance(normal(found), normal(w)), w) for w in wanted)
             if 0 < d <= min(allowed_edits(found), allowed_edits(w))]
    return Match(found, "fuzzy", min(close)) if close else None


RANK = {"exact": 0, "alias": 1, "case": 2, "fuzzy": 3}


def best_match(names, target: str, aliases=(), fuzzy: bool = True, avoid=()) -> Match | None:
    """The candidate that best stands for ``target``; names in ``avoid`` (other targets of
    the same question, and their aliases) are never taken for it."""
    avoided = {normal(a) for a in avoid}
    found = [m for m in (match_name(n, target, aliases, fuzzy) for n in names)
             if m is not None and (m.how in ("exact", "alias") or normal(m.name) not in avoided)]
    if not found:
        return None
    return min(found, key=lambda m: (RANK[m.how], m.distance, m.name))


def words(name: str) -> list[str]:
    return [w.lower() for w in SPLIT.split(name) if w]


def relatedness(name: str, target: str, aliases=()) -> int:
    """How strongly a *variable* name suggests it holds ``target``'s result.

    3: the target or an alias, in any case;  2: a close misspelling;  1: shares the
    target's distinctive word or is its initials (``ln``, ``layer_out``);  0: unrelated.
    Used to pick among discovered arrays, so it is looser than :func:`match_name`.
    """
    match = match_name(name, target, aliases, fuzzy=True)
    if match is not None:
        return 3 if match.how != "fuzzy" else 2
    mine = words(name)
    for wanted in (target, *aliases):
        theirs = words(wanted)
        initials = "".join(w[0] for w in theirs)
        if len(theirs) > 1 and (normal(name) == initials or (mine and mine[0] == initials)):
            return 1
        if theirs and mine and theirs[0] == mine[0] and len(theirs[0]) > 2:
            return 1
    return 0
