"""The class gradebook: one row per student, a column per assignment and per question."""
from __future__ import annotations

import csv
import io

from harness.results.model import SubmissionResult


def gradebook_csv(results: list[SubmissionResult]) -> str:
    columns: list[str] = []
    rows: dict[str, dict[str, str]] = {}
    for r in sorted(results, key=lambda r: (r.assignment, r.student)):
        row = rows.setdefault(r.student, {"student": r.student})
        for name, value in [(r.assignment, r.score), *((f"{r.assignment} {q.id}", q.score) for q in r.by_question())]:
            if name not in columns:
                columns.append(name)
            row[name] = f"{value:g}"
        # The total above mixes points a check gave with prose points a person gives later: these keep
        # them apart (a prose answer not graded yet counts 0 in the total and is "to grade" here).
        for name, value in ((f"{r.assignment} max", r.max_score), (f"{r.assignment} auto", r.auto_score),
                            (f"{r.assignment} auto max", r.auto_max),
                            (f"{r.assignment} prose to grade", r.prose_waiting)):
            if name not in columns:
                columns.append(name)
            row[name] = f"{value:g}"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["student", *columns], lineterminator="\n")
    writer.writeheader()
    for student in sorted(rows):
        writer.writerow({key: _safe_cell(value) for key, value in rows[student].items()})
    return out.getvalue()


def _safe_cell(value: str) -> str:
    """Spreadsheet programs run cells that start with = + - @ as formulas; a student id must not."""
    return "'" + value if value[:1] in ("=", "+", "@") or (value[:1] == "-" and not _is_number(value)) else value


def _is_number(value: str) -> bool:
    try:
        float(value)
        return True
    except ValueError:
        return False
