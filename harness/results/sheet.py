"""Grading by hand: a sheet out of the results, points and comments back in.

``export_sheet`` lists every manual (prose) check of every graded submission, and every check
that needs review (the harness could not tell whether its zero is deserved; ``kind`` says
``review``, ``reason`` says why, and ``answer`` holds the cells most likely to hold the
answer, by file and cell number); a person fills in
``points`` (and ``comment``) in any spreadsheet program; ``import_sheet`` checks every
row, merges the good ones into the results (the points become the check's score, and
the points and comment are kept in its ``extra_data``) and reports the bad ones, which
change nothing.  A row with no points is not graded yet and is left alone, so the same
sheet can be imported again and again: a second import changes nothing.
"""
from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from harness.render.gradebook import _safe_cell
from harness.results.message import maybe, plain, say, to_json
from harness.results.model import CheckResult, SubmissionResult

COLUMNS = ["student", "assignment", "question", "check", "answer", "max_points", "points", "comment", "kind",
           "reason"]
PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫", "01234567890123456789.")
BOM = "\ufeff"  # so that spreadsheet programs read the Persian answers as UTF-8


class SheetError(Exception):
    """The sheet as a whole cannot be read (not a CSV, or its header lacks columns)."""


@dataclass
class ImportReport:
    applied: list[str] = field(default_factory=list)  # "<student> <assignment> <question>: 4 / 5"
    unchanged: int = 0
    not_graded: int = 0  # rows left without points
    problems: list[str] = field(default_factory=list)  # "row 4: unknown student 's9999'"
    results: list[SubmissionResult] = field(default_factory=list)  # every submission, after the merge
    changed: list[SubmissionResult] = field(default_factory=list)


def export_sheet(results: list[SubmissionResult]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in sorted(results, key=lambda r: (r.assignment, r.student)):
        for c in r.checks:
            if c.manual is not None:
                grade = c.manual.get("points")
                writer.writerow([_safe_cell(r.student), r.assignment, c.question, c.number,
                                 _safe_cell(c.manual.get("answer", "")), f"{c.max_score:g}",
                                 "" if grade is None else f"{grade:g}", _safe_cell(c.manual.get("comment", "")),
                                 "prose", ""])
            elif c.review is not None:
                grade = c.review.get("points")
                writer.writerow([_safe_cell(r.student), r.assignment, c.question, c.number,
                                 _safe_cell(likely_text(c.review)), f"{c.max_score:g}",
                                 "" if grade is None else f"{grade:g}", _safe_cell(c.review.get("comment", "")),
                                 "review", _safe_cell(plain(c.review.get("reason"), ""))])
    return BOM + buffer.getvalue()


def likely_text(review: dict) -> str:
    """The cells most likely to hold the answer, as a person reads them in one spreadsheet cell."""
    # "label" (as Jupyter shows the cell) since results kept it; the index among code cells before
    parts = [f"[{c.get('file', '')}, cell {c.get('label', c.get('cell', '?'))}]\n{c.get('excerpt', '')}"
             for c in review.get("likely", []) if isinstance(c, dict)]
    return "\n\n".join(parts) or "(no cell mentions it)"


def review_items(results: list[SubmissionResult]) -> int:
    return sum(1 for r in results for c in r.checks if c.review is not None)


def import_sheet(results: list[SubmissionResult], sheet_text: str) -> ImportReport:
    rows = _rows(sheet_text)
    by_key = {(r.student, r.assignment): r for r in results}
    grades: dict[tuple, tuple[float, str]] = {}
    report = ImportReport()
    for line, row in rows:
        key, grade, problem = _validate(row, by_key)
        if problem:
            report.problems.append(f"row {line}: {problem}")
        elif grade is None:
            report.not_graded += 1
        elif key in grades:
            report.problems.append(f"row {line}: {key[0]} {key[1]} {key[2]} check {key[3]} is graded twice")
        else:
            grades[key] = grade
    for r in results:
        merged = _merge(r, grades, report)
        report.results.append(merged)
        if merged != r:
            report.changed.append(merged)
    return report


def _rows(text: str) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text.removeprefix(BOM)))
    missing = [c for c in ("student", "assignment", "question", "points") if c not in (reader.fieldnames or [])]
    if missing:
        raise SheetError(f"the sheet has no column {', '.join(missing)} (expected: {', '.join(COLUMNS)})")
    return [(reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}) for row in reader]


def _validate(row: dict, by_key: dict) -> tuple[tuple, tuple | None, str]:
    student = row["student"].removeprefix("'")
    result = by_key.get((student, row["assignment"]))
    if result is None:
        known = any(s == student for s, _ in by_key)
        return (), None, (f"no {row['assignment']!r} submission for {student!r}" if known
                          else f"unknown student {student!r}")
    checks = [c for c in result.checks if (c.manual is not None or c.review is not None)
              and c.question == row["question"] and (not row.get("check") or str(c.number) == row["check"])]
    if len(checks) != 1:
        return (), None, (f"{row['assignment']} has no single prose check or check to review "
                          f"{row['question']} {row.get('check', '')}")
    check = checks[0]
    key = (student, result.assignment, check.question, check.number)
    text = row["points"].translate(PERSIAN_DIGITS).replace(",", ".")
    if not text:
        return key, None, ("a comment without points is not applied: give points too" if row.get("comment") else "")
    try:
        value = float(text)
    except ValueError:
        return key, None, f"points {row['points']!r} is not a number"
    if not math.isfinite(value) or value < 0 or value > check.max_score:
        return key, None, f"points {row['points']} is outside 0 to {check.max_score:g}"
    return key, (value, row.get("comment", "").removeprefix("'")), ""


def _merge(r: SubmissionResult, grades: dict, report: ImportReport) -> SubmissionResult:
    checks = []
    for c in r.checks:
        grade = grades.get((r.student, r.assignment, c.question, c.number))
        if grade is not None:
            updated = graded(c, *grade)
            if updated == c:
                report.unchanged += 1
            else:
                report.applied.append(f"{r.student} {r.assignment} {c.question}: {grade[0]:g} / {c.max_score:g}")
            c = updated
        checks.append(c)
    return replace(r, checks=tuple(checks))


def graded(c: CheckResult, points: float, comment: str) -> CheckResult:
    if c.manual is None and c.review is not None:
        # A person's points replace the automatic zero; the reason stays, for the record.
        review = {**c.review, "points": points, "comment": comment}
        message = say("review.resolved", points=points, max=c.max_score,
                      comment=maybe("manual.comment", comment, comment=comment))
        return replace(c, score=points, review=review, message=message, said=to_json(message))
    manual = {**(c.manual or {}), "points": points, "comment": comment}
    message = say("manual.graded", points=points, max=c.max_score, comment=maybe("manual.comment", comment,
                                                                                  comment=comment))
    return replace(c, score=points, manual=manual, message=message, said=to_json(message))


def read_sheet(path: Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SheetError(f"cannot read {path}: {exc}") from exc
