"""A rubric's [limits] reach the worker: a lower limit than the default is enforced."""
from __future__ import annotations

from pathlib import Path

import pytest

from harness.grading.pipeline import Settings, _student_job
from harness.intake.notebook import load_source
from harness.run import isolation
from harness.run.supervise import run_job
from harness.spec.plan import plan
from harness.spec.rubric import RubricError
from harness.spec.rubric_loader import load_rubric

RUBRIC = '''
id = "hw99"
title = "Limits"
reference = "reference.hw99"

[limits]
{limits}

[[questions]]
id = "Q1"
title = "Resources"
points = 2
module = "q1"
  [[questions.checks]]
  kind = "function"
  target = "write_file"
  args = [3]
  points = 1
  [[questions.checks]]
  kind = "function"
  target = "start_threads"
  args = [100]
  points = 1
'''
SUBMISSION = '''
import threading, time

def write_file(mib):
    with open("out.bin", "wb") as handle:
        handle.write(b"x" * (mib * 2**20))
    return mib

def start_threads(wanted):
    started = 0
    try:
        while started < wanted:
            threading.Thread(target=time.sleep, args=(5,), daemon=True).start()
            started += 1
    except RuntimeError:
        pass
    return started
'''


def _rubric(tmp_path: Path, limits: str):
    path = tmp_path / "rubrics" / "hw99.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(RUBRIC.format(limits=limits))
    return load_rubric(path)


def _answers(tmp_path: Path, limits: str) -> dict:
    rubric = _rubric(tmp_path, limits)
    submission = tmp_path / "hw99.py"
    submission.write_text(SUBMISSION)
    record = run_job(_student_job(load_source(submission), rubric, plan(rubric), Settings()))
    return {key.split(".")[1]: answer for key, answer in record.answers.items() if key.startswith("Q1.")}


def test_the_defaults_let_the_submission_write_and_start_what_it_asks(tmp_path):
    answers = _answers(tmp_path, "")
    assert answers["1"].value == 3, answers["1"].error
    assert answers["2"].value == 100


def test_a_rubric_with_lower_limits_gets_them_enforced(tmp_path):
    answers = _answers(tmp_path, "file_mb = 2\nprocesses = 40")
    assert answers["1"].error.kind == "limit" and "file size limit" in answers["1"].error.message
    if isolation.level().jail:  # a process limit needs a uid of the worker's own
        assert answers["2"].value < 40


@pytest.mark.parametrize("wrong, suggested", [("max_processes", "processes"), ("max_file_mb", "file_mb"),
                                              ("max_output_kb", "output_kb"), ("memory", "memory_mb")])
def test_a_misspelt_limit_is_refused_with_the_nearest_name(tmp_path, wrong, suggested):
    with pytest.raises(RubricError, match=f"unknown key '{wrong}'; did you mean '{suggested}'"):
        _rubric(tmp_path, f"{wrong} = 10")


@pytest.mark.parametrize("limit", ["processes = 0", "file_mb = -1", "memory_mb = 0", "check_seconds = 0"])
def test_a_limit_that_is_not_positive_is_refused(tmp_path, limit):
    with pytest.raises(RubricError, match="must be positive"):
        _rubric(tmp_path, limit)
