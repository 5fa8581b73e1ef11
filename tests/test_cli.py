"""The command line: verbs, usage errors (exit 2), and a student's check of one file."""
import subprocess
import sys

import pytest
from harness_testing import REPO, write_notebook

from harness.spec.course import Course

HW06 = Course(REPO).rubric("hw06")


def harness(*args, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "harness", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def test_a_reader_that_stops_early_gets_no_traceback():
    with subprocess.Popen([sys.executable, "-m", "harness", "list"], cwd=REPO, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as listing:
        listing.stdout.close()  # gone before the first line, as `harness list | true` would be
        errors = listing.stderr.read()
    assert "Traceback" not in errors and listing.returncode != 0


def test_list_shows_assignments_questions_and_points():
    run = harness("list")
    assert run.returncode == 0
    assert "hw06" in run.stdout and "Q1 Batch and layer normalisation: 10 points" in run.stdout


@pytest.mark.parametrize("args, message", [
    (["grade", "no/such/folder"], "does not exist"),
    (["grade", "submissions", "--assignment", "hw99"], "unknown assignment 'hw99'"),
    (["grade", "submissions", "--jobs", "0"], "--jobs must be a whole number of at least 1, not '0'"),
    (["grade", "submissions", "--jobs", "abc"], "--jobs must be a whole number of at least 1, not 'abc'"),
    (["validate", "--min-score", "2"], "--min-score must be a number from 0 to 1, not '2'"),
    (["frobnicate"], "invalid choice"),
])
def test_usage_errors_exit_2_with_a_one_line_reason(args, message):
    run = harness(*args)
    assert run.returncode == 2
    assert message in run.stderr


def test_version_names_the_release():
    from harness import __version__

    run = harness("--version")
    assert run.returncode == 0 and run.stdout.strip() == f"harness {__version__}"


def test_an_unknown_file_name_lists_the_assignments(tmp_path):
    path = tmp_path / "my_homework.py"
    path.write_text("x = 1\n")
    run = harness("check", str(path))
    assert run.returncode == 2 and "hw06" in run.stderr


@pytest.mark.slow  # a whole `harness check` with TensorFlow (20 s)
def test_check_runs_only_public_checks_and_says_how_many_are_hidden(tmp_path):
    path = write_notebook(tmp_path / "hw06.ipynb", [
        ("code", "import numpy as np\n"
                 "def batch_norm(x, eps=0.0):\n    return (x - x.mean(0)) / np.sqrt(x.var(0) + eps)\n"
                 "def layer_norm(x, eps=0.0):\n    return (x - x.mean(1)) / np.sqrt(x.var(1) + eps)\n"),
        ("md", "## Q2\nBERT masks tokens."),
    ])
    run = harness("check", str(path), "--out", str(tmp_path / "fb"))
    assert run.returncode == 0, run.stderr
    assert "[passed] batch_norm on the 5x5 array" in run.stdout
    assert "[failed] layer_norm on the 5x5 array" in run.stdout and "keepdims" in run.stdout
    hidden = sum(c.visibility == "hidden" for q in HW06.questions for c in q.checks)
    assert f"{hidden} hidden checks" in run.stdout and "3x7" not in run.stdout
    assert "[to be graded] answer to Q2" in run.stdout and "[passed] answer to Q2" not in run.stdout
    assert run.stdout.splitlines()[0].startswith("Checking hw06.ipynb as hw06")
    assert (tmp_path / "fb" / tmp_path.name / "hw06" / "feedback.html").exists()


@pytest.mark.slow  # grades three submissions through workers (2 min)
def test_grading_exits_0_when_students_fail(tmp_path):
    write_notebook(tmp_path / "class" / "zed" / "hw06.ipynb", [("code", "raise RuntimeError('nothing done')")])
    run = harness("grade", str(tmp_path / "class"), "--out", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    automatic = sum(c.points for q in HW06.questions for c in q.checks if c.kind != "manual")
    assert f"0 / {automatic:g}" in run.stdout
