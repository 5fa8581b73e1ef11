"""HTML pages (feedback per submission, the class report), from jinja2 templates.

Autoescaping is on; everything that came from a student (names, printed output,
tracebacks, prose) is first passed through ``clean``, which drops terminal escape
sequences and control characters and caps the length.  Pages are one file each:
inline CSS, pictures as inline SVG, no script and no external request.
"""
from __future__ import annotations

import re
from typing import Any

import jinja2
from markupsafe import Markup, escape

from harness.render.i18n import ANSI, CONTROL, catalogue
from harness.render.i18n import code_spans as _code_spans
from harness.render.report import assignment_reports
from harness.render.views import cell_error, describe_data, grid, question_views
from harness.results.cell_failures import failed_cells
from harness.results.model import SubmissionResult

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


def code_spans(text: Any) -> Markup:
    """Escape, then show `name(...)` in messages as code."""
    return _code_spans(escape(clean(text)))


def direction(text: Any) -> str:
    """rtl for prose mostly in Persian/Arabic script, even when it opens with a Latin word ("BERT ...")."""
    text = str(text)
    rtl = len(RTL_LETTERS.findall(text))
    return "rtl" if rtl > len(LATIN_LETTERS.findall(text)) else "ltr" if text.strip() else "auto"


RTL_LETTERS = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
LATIN_LETTERS = re.compile(r"[A-Za-z]")
_env.filters.update(clean=clean, number=number, points=points, code_spans=code_spans, direction=direction,
                    catalogued_code=_code_spans)  # for the catalogue's own (already escaped) sentences
_env.globals.update(grid=grid, cell_error=cell_error)


def feedback_page(result: SubmissionResult, lang: str | None = None, executed: str | None = None) -> str:
    """The student's page; ``executed`` names the page of the notebook as the grader ran it, when written."""
    words = catalogue(lang)
    questions = [(q, question_views(q.checks, words)) for q in result.by_question()]
    checks = [c for c in result.checks if c.manual is None]
    failed = failed_cells(result)
    pages = _executed_pages(result, failed) if executed else {}
    return _env.get_template("feedback.html.j2").render(
        executed_page=lambda cell: pages.get(id(cell), executed),
        r=result, questions=questions, t=words, environment=_environment(result, words), executed=executed,
        failed=failed,
        passed=sum(c.status == "passed" for c in checks), automatic=len(checks),
        percent=round(100 * result.auto_score / result.auto_max) if result.auto_max else 0,
        own_cells=[c for c in failed if not c.environment], environment_cells=[c for c in failed if c.environment],
        reports={(file, c.index): c for file, c in result.filed_cells()})  # an index alone repeats across files


def _executed_pages(result: SubmissionResult, failed: list) -> dict[int, str]:
    """Each failed cell's own file's executed copy (several files)."""
    from harness.render.executed import page_for

    if not result.cell_files:
        return {}
    return {id(cell): page_for(result, cell.file) for cell in failed}


def _environment(result: SubmissionResult, words) -> list[tuple[str, str]]:
    """Which device and data the grading used, for a student wondering why numbers differ."""
    env = result.environment or {}
    rows = [(words("device"), str(env.get("device", "cpu")))]
    sources = {describe_data(c.details.get("data")) for c in result.checks
               if c.visibility == "public" and isinstance(c.details, dict) and c.details.get("data")}
    sources |= {describe_data(env["data"])} if env.get("data") else set()
    rows += [(words("data"), s) for s in sorted(sources) if s]
    if env.get("restarts"):
        rows.append((words("restarts"), str(env["restarts"])))
    if result.seconds:
        rows.append((words("run time"), words("seconds", value=f"{result.seconds:.1f}")))
    return rows


def class_page(results: list[SubmissionResult], problems: list[str], lang: str | None = None) -> str:
    words = catalogue(lang)
    students = sorted({r.student for r in results})
    assignments = sorted({r.assignment for r in results})
    table = {(r.student, r.assignment): r for r in results}
    return _env.get_template("index.html.j2").render(students=students, assignments=assignments, table=table,
                                                     problems=problems, t=words,
                                                     reports=assignment_reports(results, words))
