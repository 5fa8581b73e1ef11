"""Finding the object a probe names in a notebook that may spell it differently.

The decision rules (aliases, whether close spellings count, names never to take) come
from the rubric through the probe; the namespace is only here, so the choice is made
here and reported back in the answer's ``resolution``.
"""
from __future__ import annotations

import difflib
import types
from typing import Any

from harness.contract.aliases import best_match, match_name
from harness.contract.protocol import reason


class Missing(LookupError):
    """The target is not there.  ``reason`` says why as data (:data:`protocol.WORKER_REASONS`): the grader
    words it in the page's language, so no sentence is written here."""

    def __init__(self, reason: dict):
        super().__init__(reason["id"])
        self.reason = reason


def resolve(namespace: dict, probe: dict, resolution: dict) -> Any:
    """The target's value; records in ``resolution`` which name was used and how."""
    target = probe["target"]
    head, *rest = target.split(".")
    wants_callable = probe.get("call", True) and not rest
    name = _choose(namespace, head, probe, wants_callable)
    if name is None:
        raise Missing(_missing_reason(namespace, head, probe))
    resolution.update(name=name, how=match_name(name, head, probe.get("aliases", ()), True).how
                      if name != head else "exact")
    value = namespace[name]
    for part in rest:
        if not hasattr(value, part):
            raise Missing(reason("reason.no_attribute", name=target[:200], head=head[:200], part=part[:200]))
        value = getattr(value, part)
    return value


def _choose(namespace: dict, head: str, probe: dict, wants_callable: bool) -> str | None:
    """The exact name when it fits; else the best alias or close spelling that does.

    "Fits" means callable when the probe calls: a notebook whose ``layer_norm`` is an
    array but whose ``layernorm_forward`` is a function is graded on the function.
    """
    def fits(name: str) -> bool:
        return not wants_callable or callable(namespace[name])

    if head in namespace and fits(head):
        return head
    aliases = tuple(probe.get("aliases", ()))
    if aliases or probe.get("fuzzy"):
        names = [n for n in namespace if not n.startswith("_") and fits(n) and _written_by_student(namespace, n)]
        match = best_match(names, head, aliases, bool(probe.get("fuzzy")), probe.get("avoid", ()))
        if match is not None:
            return match.name
    return head if head in namespace else None


def _written_by_student(namespace: dict, name: str) -> bool:
    """Whether a student would recognise ``name`` as theirs: not a module (``layers``, ``np``) nor a function
    or class some library defined (``from keras.layers import Dense``, the stand-ins the worker provides).
    Values they assigned count, whatever their type."""
    value = namespace[name]
    if isinstance(value, types.ModuleType):
        return False
    own = namespace.get("__name__")  # the notebook's module ("__main__"); absent: provenance unknown, keep all
    if own is not None and callable(value) and isinstance(getattr(value, "__qualname__", None), str):
        return getattr(value, "__module__", None) == own  # a definition (not an instance): the student's own?
    return True


def _missing_reason(namespace: dict, name: str, probe: dict) -> dict:
    """The name, the aliases also tried, and the student's closest name ("did you mean"), if any."""
    candidates = [n for n in namespace if not n.startswith("_") and _written_by_student(namespace, n)]
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    tried = [str(a) for a in probe.get("aliases", ()) if a != name]
    return reason("reason.missing", name=name, tried=tried[:6], close=close[0][:200] if close else "")
