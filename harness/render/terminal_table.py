"""The table printed at the end of ``harness grade``: one row per submission, at most ``WIDTH`` columns.

Automatic points and prose points (graded later by a person) are separate columns. Long lists
(failed cells, named mistakes) are cut to fit, saying how many more there are: the class page
(index.html) and each student's page hold them all.
"""
from __future__ import annotations

from pathlib import Path

from tabulate import tabulate

from harness.results.model import SubmissionResult
from harness.results.store import CLASS_PAGE

WIDTH = 100
LIMITS = {"student": 16, "assignment": 10, "failed cells": 14}


def summary_table(results: list[SubmissionResult], width: int = WIDTH) -> str:
    rows = []
    for r in sorted(results, key=lambda r: (r.student, r.assignment)):
        rows.append([_cut(r.student, LIMITS["student"]), _cut(r.assignment, LIMITS["assignment"]),
                     f"{r.auto_score:g} / {r.auto_max:g}", _prose(r), _failed(r), _state(r)])
    headers = ["student", "assignment", "auto", "prose", "failed cells", "problem / named mistakes"]
    fixed = tabulate([row[:-1] for row in rows], headers=headers[:-1])
    room = max(12, width - max(len(line) for line in fixed.splitlines()) - 2)
    for row in rows:
        row[-1] = _list_cut(row[-1], room)
    return tabulate(rows, headers=headers)


def _prose(r: SubmissionResult) -> str:
    if not r.prose_max:
        return ""
    if r.prose_waiting:
        return f"{r.prose_waiting:g} to grade"
    return f"{r.prose_score:g} / {r.prose_max:g}"


def _failed(r: SubmissionResult) -> str:
    # Of several files, each label with its file's stem (a cell's number repeats across files).
    labels = [f"{Path(file).stem}:{r.cell_label(c.index, file)}" if file else r.cell_label(c.index)
              for file, c in r.filed_cells() if c.status not in ("ok", "skipped")]
    return _list_cut(", ".join(labels), LIMITS["failed cells"])


def _state(r: SubmissionResult) -> str:
    if r.problem:
        return " ".join(r.problem.split())
    return ", ".join(sorted(set(r.mistakes())))


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "~"


def _list_cut(text: str, limit: int) -> str:
    """A comma-separated list cut to ``limit`` characters at an item, with "+N" for the rest."""
    if len(text) <= limit:
        return text
    items = text.split(", ")
    if len(items) == 1:
        return _cut(text, limit)
    kept: list[str] = []
    for i, item in enumerate(items):
        rest = len(items) - i - 1
        candidate = ", ".join([*kept, item]) + (f" +{rest}" if rest else "")
        if len(candidate) > limit:
            break
        kept.append(item)
    more = len(items) - len(kept)
    return (", ".join(kept) + f" +{more}") if kept else _cut(f"{len(items)} (see {CLASS_PAGE})", limit)
