"""Picking up an interrupted ``harness grade`` where it stopped.

Each graded submission's folder gets ``.complete`` last, after ``results.json`` and
``feedback.html`` (each written atomically).  The marker holds a fingerprint of what was
graded: the submission's bytes, the rubric, which checks ran, and what the expected
values depend on (the reference package's source and the library versions, as
:mod:`harness.expected` keys its cache; device and data folder).  A run that finds a
marker whose fingerprint still matches, and a ``results.json`` that parses, reuses that
result; anything else (no marker after a kill -9, a truncated or hand-edited file, a
changed submission or rubric) is graded again.  ``force`` re-grades everything.
A cache of expected values is a separate matter (:mod:`harness.expected`).
"""
from __future__ import annotations

import hashlib
import json
import platform
from importlib import metadata
from pathlib import Path

from .output import submission_dir, write_atomic
from .protocol import CellReport
from .results import CheckResult, SubmissionResult

MARKER = ".complete"


def references_print(reference_dir: Path, setup: dict | None = None) -> str:
    """The ingredients of the expected-values cache key that a rubric file does not show."""
    from .expected import VERSIONED

    digest = hashlib.sha256()
    for path in sorted(Path(reference_dir).rglob("*.py")):
        digest.update(str(path.relative_to(reference_dir)).encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(json.dumps({"setup": setup or {}, "python": platform.python_version(),
                              **{name: _version(name) for name in VERSIONED}}, sort_keys=True).encode())
    return digest.hexdigest()


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def fingerprint(submission_path: Path, rubric_path: str, visibilities: tuple[str, ...],
                references: str = "") -> str:
    digest = hashlib.sha256()
    digest.update(references.encode() + b"\0")
    for part in (Path(submission_path), Path(rubric_path)):
        try:
            digest.update(part.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    digest.update(",".join(visibilities).encode())
    return digest.hexdigest()


def mark_complete(out: Path, result: SubmissionResult, print_: str) -> None:
    write_atomic(submission_dir(out, result) / MARKER, print_ + "\n")


def finished(out: Path, student: str, assignment: str, print_: str) -> SubmissionResult | None:
    """The earlier result for this submission, if it was completely written for the same input."""
    folder = submission_dir(out, _Key(student, assignment))
    try:
        if (folder / MARKER).read_text(encoding="utf-8").strip() != print_:
            return None
        if not (folder / "feedback.html").read_text(encoding="utf-8").rstrip().endswith("</html>"):
            return None
        return load_result(folder / "results.json")
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


class _Key:
    def __init__(self, student: str, assignment: str):
        self.student, self.assignment = student, assignment


def load_result(path: Path) -> SubmissionResult:
    """The inverse of ``SubmissionResult.to_json``, enough for the gradebook and the class page."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    extra = data["extra_data"]
    checks = tuple(_check(t) for t in data["tests"])
    return SubmissionResult(
        student=extra["student"], assignment=extra["assignment"], title=extra["title"], path=extra["file"],
        checks=checks, questions=tuple(tuple(q) for q in extra["questions"]),
        cells=tuple(CellReport(**c) for c in extra["cells"]), problem=extra["problem"],
        notes=tuple(extra["notes"]), environment=extra["environment"], seconds=float(data["execution_time"]))


def _check(test: dict) -> CheckResult:
    extra = test["extra_data"]
    manual = {k: extra[k] for k in ("kind", "answered", "answer") if k in extra} if "answered" in extra else None
    return CheckResult(
        question=test["number"], number=int(extra["check"]), name=test["name"].split(" · ", 1)[-1],
        kind=extra["kind"], score=float(test["score"]), max_score=float(test["max_score"]),
        visibility="public" if test["visibility"] == "visible" else "hidden",
        message=extra["instructor_message"], mistake=extra.get("mistake"), details=extra.get("details", {}),
        manual=manual, output=extra.get("printed", ""), grader_error=bool(extra.get("grader_error")))
