"""HTML feedback pages, from jinja2 templates with autoescaping on.

Everything that came from a student (names, printed output, tracebacks, prose) is
escaped by jinja2 and first passed through ``clean``, which drops terminal escape
sequences and control characters and caps the length.
"""
from __future__ import annotations

import re
from typing import Any

import jinja2

from ..results import SubmissionResult

ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
MAX_TEXT = 20_000

_env = jinja2.Environment(loader=jinja2.PackageLoader("harness.render", "templates"),
                          autoescape=True, trim_blocks=True, lstrip_blocks=True,
                          undefined=jinja2.StrictUndefined)


def clean(text: Any, limit: int = MAX_TEXT) -> str:
    text = CONTROL.sub("", ANSI.sub("", str(text)))
    return text if len(text) <= limit else text[:limit] + f"\n[... {len(text) - limit} more characters]"


def number(value: Any) -> str:
    try:
        return f"{float(value):.6g}"
    except (TypeError, ValueError):
        return clean(value, 40)


def points(value: float) -> str:
    return f"{value:g}"


_env.filters.update(clean=clean, number=number, points=points)


def grid(details: dict) -> dict | None:
    """Expected and got side by side, row by row, for arrays small enough to read."""
    if "expected" not in details or "got" not in details:
        return None
    expected, got, mismatch = details["expected"], details["got"], details.get("mismatch")
    if not isinstance(expected, list) or not expected or isinstance(expected[0], list) and \
            any(isinstance(v, list) for row in expected for v in row):
        return None
    rows = lambda a: a if isinstance(a[0], list) else [a]  # noqa: E731 - one-line shape adapter
    return {"expected": rows(expected), "got": rows(got), "mismatch": rows(mismatch) if mismatch else None}


_env.globals["grid"] = grid


def feedback_page(result: SubmissionResult) -> str:
    return _env.get_template("feedback.html.j2").render(r=result, questions=result.by_question())


def class_page(results: list[SubmissionResult], problems: list[str]) -> str:
    students = sorted({r.student for r in results})
    assignments = sorted({r.assignment for r in results})
    table = {(r.student, r.assignment): r for r in results}
    return _env.get_template("index.html.j2").render(students=students, assignments=assignments,
                                                     table=table, problems=problems)
