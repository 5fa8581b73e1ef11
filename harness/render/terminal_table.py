"""The table printed at the end of ``harness grade``."""
from __future__ import annotations

from tabulate import tabulate

from harness.results.model import SubmissionResult


def summary_table(results: list[SubmissionResult]) -> str:
    rows = []
    for r in sorted(results, key=lambda r: (r.student, r.assignment)):
        mistakes = ", ".join(sorted(set(r.mistakes())))
        state = r.problem[:60] if r.problem else mistakes
        rows.append([r.student, r.assignment, f"{r.score:g} / {r.max_score:g}", _errors(r), state])
    return tabulate(rows, headers=["student", "assignment", "score", "failed cells", "problem / named mistakes"])


def _errors(r: SubmissionResult) -> str:
    bad = [c.index for c in r.cells if c.status not in ("ok", "skipped")]
    return ", ".join(map(str, bad)) if bad else ""
