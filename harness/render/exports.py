"""Reading graded results back from an output folder, and CSVs for learning-management systems.

Canvas's gradebook import wants ``Student, ID, SIS User ID, SIS Login ID, Section`` and
then one column per assignment (a new column name creates a new assignment), with an
optional ``Points Possible`` row; a row is matched on any of the ID columns, so the
student id goes in ``SIS User ID``.  Moodle's "Import grades from CSV" maps one column
to a user field (``ID number`` here) and each other column to a grade item or its
feedback, so each assignment has a score column and a feedback column.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from harness.render.gradebook import _safe_cell
from harness.results.model import SubmissionResult
from harness.results.store import RESULTS, read_result, results_files

FORMATS = ("canvas", "moodle")


class ExportError(Exception):
    """The output folder holds nothing to export, or a results.json cannot be read."""


def read_results(out: Path) -> list[SubmissionResult]:
    """Every ``<student>/<assignment>/results.json`` under ``out``, sorted by student and assignment."""
    paths = results_files(out)
    if not paths:
        raise ExportError(f"no {RESULTS} files under {out}/ (grade first: harness grade PATH --out {out})")
    results = []
    for path in paths:
        try:
            results.append(read_result(path))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ExportError(f"{path}: not a {RESULTS} this harness wrote ({exc})") from exc
    return sorted(results, key=lambda r: (r.student, r.assignment))


def export_csv(results: list[SubmissionResult], fmt: str) -> str:
    if fmt == "canvas":
        return _canvas(results)
    if fmt == "moodle":
        return _moodle(results)
    raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _canvas(results: list[SubmissionResult]) -> str:
    assignments = _assignments(results)
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *assignments]
    rows = [["Points Possible", "", "", "", "", *(f"{top:g}" for top in assignments.values())]]
    for student, by_assignment in _by_student(results).items():
        scores = [f"{by_assignment[a].score:g}" if a in by_assignment else "" for a in assignments]
        rows.append([student, "", student, "", "", *scores])
    return _write(header, rows)


def _moodle(results: list[SubmissionResult]) -> str:
    assignments = _assignments(results)
    header = ["ID number", *(name for a in assignments for name in (a, f"{a} feedback"))]
    rows = []
    for student, by_assignment in _by_student(results).items():
        row = [student]
        for a in assignments:
            r = by_assignment.get(a)
            row += [f"{r.score:g}", feedback_line(r)] if r else ["", ""]
        rows.append(row)
    return _write(header, rows)


def feedback_line(r: SubmissionResult) -> str:
    """'Q1 6/10; Q2 4/5. Named mistakes: no-keepdims.' — short enough for a gradebook cell."""
    if r.problem:
        return f"Not graded: {r.problem}"[:500]
    parts = "; ".join(f"{q.id} {q.score:g}/{q.max_score:g}" for q in r.by_question())
    mistakes = sorted(set(r.mistakes()))
    return parts + "." + (f" Named mistakes: {', '.join(mistakes)}." if mistakes else "")


def _assignments(results: list[SubmissionResult]) -> dict[str, float]:
    tops: dict[str, float] = {}
    for r in sorted(results, key=lambda r: r.assignment):
        tops[r.assignment] = max(tops.get(r.assignment, 0.0), r.max_score)
    return tops


def _by_student(results: list[SubmissionResult]) -> dict[str, dict[str, SubmissionResult]]:
    out: dict[str, dict[str, SubmissionResult]] = {}
    for r in sorted(results, key=lambda r: (r.student, r.assignment)):
        out.setdefault(r.student, {})[r.assignment] = r
    return out


def _write(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[_safe_cell(str(v)) for v in row] for row in rows])
    return buffer.getvalue()
