"""Picking up an interrupted ``harness grade`` where it stopped.

Each graded submission's folder gets ``.complete`` last, after ``results.json`` and
``feedback.html`` (each written atomically).  The marker holds a fingerprint of what was
graded: the submission's bytes, the rubric, which checks ran, and what the expected
values depend on (:func:`harness.grading.reference_print.reference_print`, as
:mod:`harness.grading.expected` keys its cache; device and data folder).  A run that finds a
marker whose fingerprint still matches, and a ``results.json`` that parses, reuses that
result; anything else (no marker after a kill -9, a truncated or hand-edited file, a
changed submission or rubric) is graded again.  ``force`` re-grades everything.
A cache of expected values is a separate matter (:mod:`harness.grading.expected`).

This module imports only the standard library at the top: :mod:`harness.results.unchanged` uses
it to answer a re-run of an unchanged class without loading the grading engine.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from harness.results.store import (FEEDBACK, MARKER, folder_of, read_result, results_file, submission_dir,
                                   write_atomic)

if TYPE_CHECKING:
    from harness.results.model import SubmissionResult


def installed_state() -> list[tuple[str, int]]:
    """Each import folder and when its listing last changed: installing, upgrading or removing a
    distribution adds or removes its ``*.dist-info`` folder there, so equal states mean equal versions."""
    state = []
    for entry in sys.path:
        folder = os.path.abspath(entry or ".")
        try:
            state.append((folder, os.stat(folder).st_mtime_ns))
        except OSError:
            continue
    return state


def submission_prints(submissions, rubric_paths: dict[str, str], references: dict[str, str],
                      visibilities: tuple[str, ...]) -> dict[tuple[str, str], str]:
    """(student, assignment) -> the fingerprint its ``.complete`` marker must hold, in the order given."""
    return {(s.student, s.assignment): fingerprint(s.path, rubric_paths[s.assignment], visibilities,
                                                   references[s.assignment], getattr(s, "files", ()))
            for s in submissions}


def fingerprint(submission_path: Path, rubric_path: str, visibilities: tuple[str, ...],
                references: str = "", files: tuple = ()) -> str:
    """A one-file submission's print is what it always was; several files are each hashed, with their names."""
    digest = hashlib.sha256()
    digest.update(references.encode() + b"\0")
    for extra in files:
        digest.update(Path(extra).name.encode() + b"\0")
        try:
            digest.update(Path(extra).read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
    for part in (Path(submission_path), Path(rubric_path)):
        try:
            digest.update(part.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    digest.update(",".join(visibilities).encode())
    return digest.hexdigest()


def earlier_seconds(submissions: list, out: Path) -> list[float | None]:
    """How long each submission took when it was last graded into ``out`` (its ``results.json``), or None."""
    def seconds(s) -> float | None:
        try:
            data = json.loads(results_file(out, s.student, s.assignment).read_bytes())
            return float(data["execution_time"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    return [seconds(s) for s in submissions]


def longest_first(submissions: list, out: Path) -> list:
    """The submissions in the order to start them so that a long one does not run alone at the end
    while the other workers idle: by how long each took last time (its earlier ``results.json``),
    or, unless every one has such a time, by file size (a notebook that trains more is longer)."""
    def size(s) -> int:
        try:
            return sum(Path(f).stat().st_size for f in getattr(s, "files", ()) or (s.path,))
        except OSError:
            return 0

    earlier = earlier_seconds(submissions, out)
    if None in earlier:
        return sorted(submissions, key=size, reverse=True)
    order = sorted(range(len(submissions)), key=lambda i: earlier[i], reverse=True)
    return [submissions[i] for i in order]


def mark_complete(out: Path, result: SubmissionResult, print_: str) -> None:
    write_atomic(submission_dir(out, result) / MARKER, print_ + "\n")


def finished(out: Path, student: str, assignment: str, print_: str) -> SubmissionResult | None:
    """The earlier result for this submission, if it was completely written for the same input."""
    folder = folder_of(out, student, assignment)
    try:
        if (folder / MARKER).read_text(encoding="utf-8").strip() != print_:
            return None
        if not (folder / FEEDBACK).read_text(encoding="utf-8").rstrip().endswith("</html>"):
            return None
        return read_result(results_file(out, student, assignment))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
