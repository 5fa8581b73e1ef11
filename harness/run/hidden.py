"""What a hidden probe's answer may say beyond its value.

A hidden check shows the student only pass/fail and a safe summary (see
:mod:`harness.results.model`), but that summary is built from parts of the answer the worker
reports: the exception's type name, the name a lenient lookup used, the adaptations made
to a call.  While a hidden probe runs, the submission holds the hidden inputs and can shape
all of these (an exception class named after an input, a rewritten resolution), so here each
part is kept only where it could not have been made from an input: an exception type the
language defines, a name written in the submission's own code, an adaptation some public
probe reported word for word.  The value itself is only compared, never shown.
"""
from __future__ import annotations

import builtins
import re
from dataclasses import replace

from harness.contract.protocol import ADAPTERS, Answer

BUILTIN_EXCEPTIONS = frozenset(name for name, value in vars(builtins).items()
                               if isinstance(value, type) and issubclass(value, BaseException))
HOW = ("exact", "alias", "case", "fuzzy")
WORKER_ERRORS = ("missing", "exception", "limit")  # kinds a worker reports; the grader sets the others
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,79}")


def safe_answer(answer: Answer, answers: dict[str, Answer], source: dict) -> Answer:
    """``answer`` of a hidden probe, with every part a student may read cut to what the inputs cannot shape.

    ``answers`` are the probes answered so far (the public ones came first); ``source`` is the job's.
    """
    error = answer.error
    if error is not None:
        error = replace(error, kind=error.kind if error.kind in WORKER_ERRORS else "exception",
                        ename=error.ename if error.ename in BUILTIN_EXCEPTIONS else "")
    return replace(answer, error=error, resolution=_safe_resolution(answer.resolution, answers, source))


def _safe_resolution(resolution: dict, answers: dict[str, Answer], source: dict) -> dict:
    if not resolution:
        return {}
    written = _words(source)
    safe: dict = {}
    if resolution.get("how") in HOW:
        safe["how"] = resolution["how"]
    name = resolution.get("name", "")
    if IDENTIFIER.fullmatch(name) and name in written:
        safe["name"] = name
    if resolution.get("not_callable") == "yes":
        safe["not_callable"] = "yes"
    seen = {(a["name"], a["text"]) for other in answers.values() for a in other.resolution.get("adaptations", [])}
    adaptations = [a if (a["name"], a["text"]) in seen else {"name": a["name"], "text": ""}
                   for a in resolution.get("adaptations", []) if a.get("name") in ADAPTERS]
    if adaptations:
        safe["adaptations"] = adaptations
    return safe


def _words(source: dict) -> set[str]:
    """Every identifier written in the submission's cells (trusted module sources have none to check)."""
    found: set[str] = set()
    for cell in source.get("cells", []):
        found.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", cell.get("code", "")))
    return found
