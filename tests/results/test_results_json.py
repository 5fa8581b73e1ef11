import csv
import io
import json

from harness.contract.protocol import CellReport
from harness.render.gradebook import gradebook_csv
from harness.render.html import class_page, feedback_page
from harness.results.model import CheckResult, SubmissionResult


def result(student="s1", message="20 of 25 values differ", visibility="public", **kw):
    checks = (
        CheckResult("Q1", 1, "layer_norm on the 5x5 array", "function", 0.0, 2.0, visibility, message,
                    mistake={"name": "no-keepdims", "explanation": "row stats broadcast", "hint": "keepdims=True"},
                    details={"expected": [[1.0, 2.0]], "got": [[1.0, float("nan")]], "mismatch": [[False, True]]}),
        CheckResult("Q2", 1, "answer to Q2", "manual", 0.0, 5.0, "public", "collected",
                    manual={"kind": "manual", "answered": True, "answer": "<b>BERT</b>"}),
    )
    return SubmissionResult(student, "hw06", "Normalisation", "x.ipynb", checks, (("Q1", "Norm"), ("Q2", "BERT")),
                            cells=(CellReport(1, "error", error="NameError: plt"),), **kw)


def test_results_json_follows_gradescope_and_stays_valid_json():
    data = result().to_json()
    text = json.dumps(data, allow_nan=False)  # NaN in the details must not break the file
    assert data["score"] == 0 and data["max_score"] == 7
    test = data["tests"][0]
    assert {"name", "number", "score", "max_score", "status", "output", "visibility"} <= set(test)
    assert test["number"] == "Q1" and test["status"] == "failed"
    assert data["tests"][1]["extra_data"] == {"kind": "manual", "check": 1, "instructor_message": "collected",
                                              "answered": True, "answer": "<b>BERT</b>"}
    assert "nan" in text


def test_a_hidden_check_shows_students_only_pass_or_fail_and_the_named_mistake():
    data = result(message="worst at index [2, 3]: expected 1.2959", visibility="hidden").to_json()
    output = data["tests"][0]["output"]
    assert "1.2959" not in output and output.startswith("Failed.") and "row stats broadcast" in output
    assert data["tests"][0]["visibility"] == "hidden"


def test_feedback_pages_escape_everything_from_the_student():
    evil = result(student="<script>alert(1)</script>", message="\x1b[31m<img src=x onerror=alert(1)>")
    page = feedback_page(evil)
    assert "<script>alert" not in page and "<img" not in page and "<b>BERT" not in page
    assert "&lt;img" in page and "\x1b" not in page
    assert 'class="bad"' in page  # the mismatching cell is highlighted
    assert "NameError: plt" in page


def test_the_class_page_links_each_student():
    page = class_page([result(student="s1"), result(student="s 2")], ["x.py: unknown assignment"])
    assert 'href="s1/hw06/feedback.html"' in page and "s%202/hw06" in page and "unknown assignment" in page


def test_the_gradebook_has_a_row_per_student_and_cannot_smuggle_formulas():
    rows = list(csv.DictReader(io.StringIO(gradebook_csv([result(student="=HYPERLINK(1)"), result(student="s2")]))))
    assert [r["student"] for r in rows] == ["'=HYPERLINK(1)", "s2"]
    assert rows[0]["hw06 Q2"] == "0" and rows[0]["hw06 max"] == "7"
