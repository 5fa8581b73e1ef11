"""`harness check` as a student meets it: in a terminal (a pseudo-terminal driven by pexpect), on
notebooks broken the usual ways. Each test asserts what the student sees, in order, and when.

The first line must come within FIRST_LINE seconds (2 s; ``HARNESS_TIME_FACTOR`` scales every
limit here on a machine known to be slower or shared).
"""
import json
import os
import sys
import time

import pexpect
import pytest
from harness_testing import REPO, write_notebook

FACTOR = float(os.environ.get("HARNESS_TIME_FACTOR", "1"))
FIRST_LINE = 2.0 * FACTOR

BATCH_NORM = ("import numpy as np\n"
              "def batch_norm(x, eps=0.0):\n"
              "    return (x - x.mean(0)) / np.sqrt(x.var(0) + eps)\n"
              "def layer_norm(x, eps=0.0):\n"
              "    return (x - x.mean(1, keepdims=True)) / np.sqrt(x.var(1, keepdims=True) + eps)\n")
LAYER_NORM = "import numpy as np\n" + BATCH_NORM[BATCH_NORM.index("def layer_norm"):]


class Student:
    """One `harness check` in a terminal, with the time each expected line appeared."""

    def __init__(self, notebook, *args, timeout=600):
        env = {**os.environ, "PYTHONPATH": str(REPO), "TF_CPP_MIN_LOG_LEVEL": "2", "COLUMNS": "100"}
        env.pop("CI", None)
        self.started = time.monotonic()
        self.child = pexpect.spawn(sys.executable, ["-m", "harness", "check", str(notebook), *args], cwd=str(REPO),
                                   env=env, encoding="utf-8", timeout=timeout, dimensions=(50, 100))
        self.seen = []

    def sees(self, pattern: str) -> float:
        """Wait for ``pattern`` (a regular expression) after what was seen so far; its time from the start."""
        self.child.expect(pattern)
        self.seen.append(self.child.after)
        return time.monotonic() - self.started

    def finishes(self) -> str:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.before

    @property
    def status(self):
        return self.child.exitstatus


@pytest.mark.slow
def test_a_syntax_error_is_shown_at_the_students_line_and_explains_the_names_it_left_undefined(tmp_path):
    notebook = write_notebook(tmp_path / "hw06.ipynb", [
        ("md", "# Homework 6"),
        ("code", "import numpy as np\n"),
        ("code", "def batch_norm(x, eps=0.0):\n    mu = x.mean(0)\n    return = (x - mu)\n"),
        ("code", "print(batch_norm(np.ones((2, 2))))\n"),
        ("code", LAYER_NORM),
    ])
    student = Student(notebook, "--out", str(tmp_path / "fb"))
    assert student.sees(r"Checking hw06\.ipynb as hw06 .*?\d+ questions, \d+ checks to run now") < FIRST_LINE
    student.sees(r"cell 3, line 3: SyntaxError: invalid syntax")  # Jupyter's count: markdown included, from 1
    student.sees(r"cell 4, line 1: NameError: name 'batch_norm' is not defined \(because cell 3 failed first\)")
    student.sees(r"\[failed\] batch_norm on the 5x5 array: `batch_norm` is not defined because cell 3 raised "
                 r"SyntaxError at line 3")
    student.sees(r"\[passed\] layer_norm on the 5x5 array")
    student.sees(r"\[no answer\] answer to Q2")  # no answer in the notebook: not "passed", not "to be graded"
    student.sees(r"auto 2 / \d+, prose \d+ points to be graded")
    rest = student.finishes()
    assert student.status == 0
    transcript = "".join(student.seen) + rest
    assert "ast.py" not in transcript and "did you mean" not in transcript
    page = next((tmp_path / "fb").glob("*/hw06/feedback.html")).read_text(encoding="utf-8")
    assert 'File &#34;cell 3&#34;, line 3' in page and "ast.py" not in page
    assert 'cell <bdi class="n" dir="ltr">3</bdi></strong> · line <bdi class="n" dir="ltr">3</bdi>' in page


@pytest.mark.slow
def test_an_endless_loop_costs_the_self_check_budget_and_is_named_not_passed(tmp_path):
    notebook = write_notebook(tmp_path / "hw06.ipynb", [
        ("code", BATCH_NORM),
        ("md", "Now wait."),
        ("code", "while True:\n    pass\n"),
    ])
    student = Student(notebook, "--out", str(tmp_path / "fb"))
    assert student.sees(r"Checking hw06\.ipynb") < FIRST_LINE
    budget = 30  # hw06's [limits] self_check_seconds
    seconds = student.sees(r"cell 3: it used more than 30 s of CPU time")
    student.sees(r"\[passed\] batch_norm on the 5x5 array")
    student.finishes()
    total = time.monotonic() - student.started
    assert seconds >= budget and total < budget + 90 * FACTOR, total


@pytest.mark.slow
def test_a_missing_function_offers_only_names_the_student_wrote(tmp_path):
    notebook = write_notebook(tmp_path / "hw06.ipynb", [
        ("code", "import numpy as np\nfrom numpy import mean as batch_norms\n"
                 "def layer_norm(x, eps=0.0):\n"
                 "    return (x - x.mean(1, keepdims=True)) / np.sqrt(x.var(1, keepdims=True) + eps)\n"),
    ])
    student = Student(notebook, "--out", str(tmp_path / "fb"))
    assert student.sees(r"Checking hw06\.ipynb") < FIRST_LINE
    student.sees(r"\[failed\] batch_norm on the 5x5 array: `batch_norm` is not defined after running the submission")
    student.sees(r"auto 2 / \d+")
    rest = student.finishes()
    assert "batch_norms" not in "".join(student.seen) + rest  # numpy's function, not the student's name
    assert "cell " not in "".join(student.seen)  # no cell failed


def test_a_truncated_notebook_gets_one_message_and_no_check_counts(tmp_path):
    text = json.dumps({"cells": [{"cell_type": "code", "source": BATCH_NORM, "metadata": {}, "outputs": [],
                                  "execution_count": None}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    notebook = tmp_path / "hw06.ipynb"
    notebook.write_text(text[: len(text) // 2], encoding="utf-8")
    student = Student(notebook, "--out", str(tmp_path / "fb"), timeout=120)
    assert student.sees(r"hw06\.ipynb could not be checked: hw06\.ipynb is not valid JSON") < 30 * FACTOR
    rest = student.finishes()
    transcript = "".join(student.seen) + rest
    assert transcript.count("not valid JSON") == 1 and "hidden" not in transcript and "Checking" not in transcript
    assert "feedback page:" in rest and student.status == 0


@pytest.mark.slow
def test_an_unchanged_file_is_answered_from_the_last_check_at_once(tmp_path):
    notebook = write_notebook(tmp_path / "hw06.ipynb", [("code", BATCH_NORM)])
    first = Student(notebook, "--out", str(tmp_path / "fb"))
    first.sees(r"auto 4 / \d+")
    first.finishes()
    again = Student(notebook, "--out", str(tmp_path / "fb"))
    again.sees(r"\[passed\] batch_norm on the 5x5 array")
    seconds = again.sees(r"unchanged since the last check")
    again.finishes()
    assert seconds < 5 * FACTOR
    notebook.write_text(notebook.read_text(encoding="utf-8").replace("eps=0.0", "eps=0.0 "), encoding="utf-8")
    changed = Student(notebook, "--out", str(tmp_path / "fb"))
    rest = changed.finishes()
    assert "unchanged since the last check" not in rest and "auto 4 / " in rest
