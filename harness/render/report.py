"""The class report's numbers: score distribution, pass rates per question, common mistakes."""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from harness.render import plots
from harness.results.model import SubmissionResult

BANDS = 10  # score bands of 10 % each


@dataclass
class AssignmentReport:
    id: str
    title: str
    max_score: float
    count: int
    mean: float
    median: float
    distribution: object = None  # svg
    pass_chart: object = None  # svg
    questions: list = field(default_factory=list)  # dicts: id, title, full, count, mean, max
    mistakes: list = field(default_factory=list)  # dicts: name, question, count, students
    pending_manual: int = 0
    review: list = field(default_factory=list)  # dicts: student, question, reason (message json), file
    reviewed: int = 0  # questions a person decided after the harness asked


def assignment_reports(results: list[SubmissionResult], words) -> list[AssignmentReport]:
    by_assignment: dict[str, list[SubmissionResult]] = {}
    for r in results:
        by_assignment.setdefault(r.assignment, []).append(r)
    return [_report(rs, words) for _, rs in sorted(by_assignment.items())]


def _report(results: list[SubmissionResult], words) -> AssignmentReport:
    first = results[0]
    graded = [r for r in results if not r.problem]
    scores = [r.auto_score for r in graded]  # prose points wait for a person: not part of these figures
    top = max(r.auto_max for r in results) or 1.0
    report = AssignmentReport(first.assignment, first.title, top, len(results),
                              statistics.fmean(scores) if scores else 0.0,
                              statistics.median(scores) if scores else 0.0)
    report.distribution = plots.bar_chart(_bands(scores, top), title=words("score distribution"))
    report.questions = _questions(graded or results)
    report.pass_chart = plots.bar_chart([(q["id"], 100 * q["full"] / max(1, q["count"])) for q in report.questions],
                                        title=words("pass rates"), maximum=100, unit="%")
    report.mistakes = _mistakes(results)
    report.review = review_queue(results)
    report.reviewed = sum(len(r.reviewed()) for r in results)
    report.pending_manual = sum(1 for r in results for c in r.checks
                                if c.manual is not None and c.manual.get("answered") and c.manual.get("points") is None)
    return report


def _bands(scores: list[float], top: float) -> list[tuple[str, float]]:
    counts = [0] * BANDS
    for s in scores:
        counts[min(BANDS - 1, int(BANDS * max(0.0, s) / top))] += 1
    return [(f"{100 * i // BANDS}–{100 * (i + 1) // BANDS}", n) for i, n in enumerate(counts)]


def _questions(results: list[SubmissionResult]) -> list[dict]:
    rows: dict[str, dict] = {}
    for r in results:
        for q in r.by_question():
            row = rows.setdefault(q.id, {"id": q.id, "title": q.title, "full": 0, "count": 0, "total": 0.0,
                                         "max": q.max_score})
            row["count"] += 1
            row["total"] += q.score
            row["full"] += q.max_score > 0 and q.score >= q.max_score
    for row in rows.values():
        row["mean"] = row["total"] / max(1, row["count"])
    return list(rows.values())


def _mistakes(results: list[SubmissionResult]) -> list[dict]:
    """Each named mistake once per student, most common first."""
    seen: Counter = Counter()
    students: dict[tuple, list[str]] = {}
    for r in results:
        for key in sorted({(c.question, c.mistake["name"]) for c in r.checks if c.mistake}):
            seen[key] += 1
            students.setdefault(key, []).append(r.student)
    return [{"question": q, "name": name, "count": n, "students": students[(q, name)]}
            for (q, name), n in sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))][:12]


def review_queue(results: list[SubmissionResult]) -> list[dict]:
    """One row per question waiting for a person, with the first check's reason."""
    rows = []
    for r in sorted(results, key=lambda r: r.student):
        for qid in r.review():
            first = next(c for c in r.checks if c.question == qid and c.needs_review)
            rows.append({"student": r.student, "question": qid, "reason": first.review.get("reason"),
                         "file": first.file, "executed": executed_link(r, first.review)})
    return rows


def executed_link(result: SubmissionResult, review: dict) -> str:
    """The student's executed copy, relative to their folder, at the cell most likely to hold the answer
    ('' when no copy is written: nothing ran)."""
    from harness.render.executed import anchor, page_for

    if not result.cells:
        return ""
    likely = [c for c in review.get("likely", []) if isinstance(c, dict) and isinstance(c.get("cell"), int)]
    page = page_for(result, likely[0].get("file", "") if likely else "")
    return f"{page}#cell-id={anchor(likely[0]['cell'])}" if likely else page
