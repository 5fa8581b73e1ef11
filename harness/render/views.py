"""What a feedback page shows about one check, worked out before the template runs.

A check's ``details`` is plain data written by its kind; this module recognises the
shapes the pages can draw: expected against got (small arrays, with the mismatching
cells), ``history`` (per-epoch metrics of the student's and the reference's training),
``confusion_matrix`` and ``data`` (which data the check ran on).  Anything else is
ignored.  Hidden checks never get here with details: their pages show only the verdict.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from harness.render import plots
from harness.results.legacy_reasons import from_old_text
from harness.results.message import Message, from_json, is_message, say
from harness.results.model import CheckResult


@dataclass
class CheckView:
    check: CheckResult
    badge: str  # css class: passed | failed | manual | graded
    label: str
    message: Markup
    message_lang: str
    grid: dict | None = None
    pictures: list = field(default_factory=list)
    shape: str = ""
    data: str = ""
    mistake_again: bool = False  # named in full by an earlier check of the same question
    review: Markup | None = None  # why a person will look at it (in the page's language)
    review_lang: str = ""


def check_view(c: CheckResult, words) -> CheckView:
    message, lang = _message(c, words)
    badge, label = c.status, words(c.status)
    if c.manual is not None:  # prose: "to be graded" (or "no answer") until a person gives points
        badge = "graded" if _manually_graded(c) else "manual"
        label = words({"graded": "graded", "to be graded": "to be graded"}.get(c.verdict, "no answer badge"))
    elif c.review is not None:
        badge = "review" if c.needs_review else "reviewed"
        label = words(badge)
    view = CheckView(c, badge, label, message, lang)
    if c.needs_review:
        view.review, view.review_lang = words.say(c.review.get("reason"))
    details = c.details if c.visibility == "public" and isinstance(c.details, dict) else {}
    if not details:
        return view
    view.data = describe_data(details.get("data"))
    if c.status == "failed":
        view.grid = grid(details)
        view.shape = _shape_note(details, words)
        view.pictures.extend(_difference(details, view.grid, words))
    history = details.get("history")
    if isinstance(history, dict):
        view.pictures.extend(plots.training_curves(history, words))
    view.pictures.extend(_confusion(details.get("confusion_matrix", details.get("confusion")), words))
    return view


def question_views(checks, words) -> list[CheckView]:
    """Views of one question's checks; a mistake is explained once, then only named."""
    views, explained = [], set()
    for c in checks:
        view = check_view(c, words)
        if c.mistake:
            view.mistake_again = c.mistake.get("name") in explained
            explained.add(c.mistake.get("name"))
        views.append(view)
    return views


def _message(c: CheckResult, words) -> tuple[Markup, str]:
    """The message in the page's language, without what the page shows elsewhere: the verdict (a badge)
    and the mistake (a box). A hidden check says only its safe summary."""
    if c.said and c.said["id"] not in words.engine:  # written by a newer harness: its English text
        return words.say(_old_message(c))
    if c.visibility == "hidden" and c.manual is None and (c.said or c.hidden_said):
        parts = [words.say(c.hidden_said)] if c.hidden_said and c.status == "failed" else []
        parts += [words.say({"id": "grader.could_not", "params": {}})] if c.grader_error else []
        parts = parts or [words.say({"id": f"hidden.{c.status}", "params": {}})]
        langs = {lang for _, lang in parts}
        return Markup(" ").join(html for html, _ in parts), langs.pop() if len(langs) == 1 else "en"
    if c.said:
        return words.say(_without_explanation(c.said))
    return words.say(_old_message(c))


def _without_explanation(said: dict) -> dict:
    """A stored message with the known mistake's explanation taken out (the mistake box shows it)."""
    if said["id"] == "check.mistake":
        return _without_explanation(said["params"]["message"]) if is_message(said["params"]["message"]) \
            else {"id": "text", "params": {"text": said["params"]["message"]}}
    params = {k: _without_explanation(v) if is_message(v) else v for k, v in said["params"].items()}
    if "explanation" in params:
        params["explanation"] = ""
    return {"id": said["id"], "params": params}


def _old_message(c: CheckResult) -> str:
    """A message stored without an id (results.json written before ids): English, as written."""
    text = c.student_message
    explanation = (c.mistake or {}).get("explanation")
    if explanation and explanation in text:
        text = text.replace(explanation, "").strip().removesuffix(".").strip()
        text = f"{text}." if text else ""
    if c.visibility == "hidden" and c.manual is None:
        text = text.removeprefix("Passed.").removeprefix("Failed.").strip()
        text = text or ("Passed." if c.status == "passed" else "Failed.")
    return text


CELL_ERROR = re.compile(r"^cell (\d+): (.*)$", re.S)


def cell_error(text: str, words, label: str | None = None, reason: dict | None = None) -> tuple[Markup, str]:
    """A failed cell's reason in the page's language when the supervisor gave it (``reason``: a time or
    resource limit, a crash); an exception's own ``text`` stays as the program wrote it. The supervisor names
    the cell by its index among code cells: ``label`` (``SubmissionResult.cell_label``) is how the student
    finds it."""
    found = CELL_ERROR.match(text or "")
    said = from_json(reason)
    if said is None and reason is None:  # results.json written before reasons had ids: read back the English
        said = from_old_text(found.group(2) if found else text)
    if not isinstance(said, Message):
        return words.say(text)
    cell = label if label is not None else (str(int(found.group(1)) + 1) if found else "")
    return words.say(say("cell.error", cell=cell, reason=said) if found else said)


def _manually_graded(c: CheckResult) -> bool:
    return c.manual is not None and c.manual.get("points") is not None


def grid(details: dict) -> dict | None:
    """Expected and got side by side, row by row, for arrays small enough to read."""
    if "expected" not in details or "got" not in details:
        return None
    expected, got, mismatch = details["expected"], details["got"], details.get("mismatch")
    if not isinstance(expected, list) or not expected or not isinstance(got, list) or not got:
        return None
    if isinstance(expected[0], list) and any(isinstance(v, list) for row in expected for v in row):
        return None  # 3-D and up: the message says where; a table would not help
    rows = lambda a: a if isinstance(a[0], list) else [a]  # noqa: E731 - one-line shape adapter
    bad = rows(mismatch) if mismatch else None
    count = sum(bool(v) for row in bad for v in row) if bad else 0
    return {"expected": rows(expected), "got": rows(got), "mismatch": bad, "bad": count,
            "size": sum(len(r) for r in rows(expected))}


def _difference(details: dict, g: dict | None, words) -> list:
    """A heat map of yours − expected: the pattern of a mistake (a row, a column) is seen at once."""
    if not g or len(g["expected"]) != len(g["got"]):
        return []
    try:
        diff = [[float(b) - float(a) for a, b in zip(ra, rb, strict=True)] for ra, rb in zip(g["expected"], g["got"])]
    except (TypeError, ValueError):
        return []
    picture = plots.heatmap(diff, title=words("difference"), diverging=True, highlight=g["mismatch"])
    return [picture] if picture is not None else []


def _confusion(value: Any, words) -> list:
    if isinstance(value, list):
        value = {"student": value}
    if not isinstance(value, dict):
        return []
    labels = value.get("labels")
    out = []
    for key, who in (("student", "confusion yours"), ("reference", "confusion reference")):
        matrix = value.get(key)
        if isinstance(matrix, list):
            picture = plots.heatmap(matrix, title=f"{words('confusion matrix')} · {words(who)}",
                                    row_label=words("true class"), col_label=words("predicted class"),
                                    labels=labels if isinstance(labels, list) else None)
            if picture is not None:
                out.append(picture)
    return out


def _shape_note(details: dict, words) -> str:
    expected, got = details.get("expected_shape"), details.get("got_shape")
    if expected is None or got is None or expected == got:
        return ""
    return words("expected shape", expected=_tuple(expected), got=_tuple(got))


def _tuple(shape) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def describe_data(data: Any) -> str:
    """'fixture: mnist 256 samples' from {"source": "fixture", "name": "mnist", "samples": 256}."""
    if isinstance(data, str):
        return data
    if not isinstance(data, dict):
        return ""
    parts = [str(data.get(k)) for k in ("source", "name", "subset") if data.get(k)]
    for key in ("samples", "shape"):
        if data.get(key) is not None:
            parts.append(f"{key} {data[key]}")
    return " · ".join(parts)
