"""Grading hw06 notebooks written the way real students write them, not as the template asks."""
from __future__ import annotations

import pytest
from harness_testing import REPO, write_notebook

from harness.grading.pipeline import ExpectedStore, Settings, grade_submission
from harness.intake.discover import Submission
from harness.spec.course import Course

SEED_ARRAY = """\
import numpy as np
arr = np.array([[20, 17, 32, 42, 65], [13, 65, 96, 53, 21], [45, 63, 74, 38, 64],
                [23, 76, 40, 34, 26], [14, 66, 78, 49, 23]])
"""


@pytest.fixture(scope="session")
def hw06_grader(tmp_path_factory):
    """grade(cells) -> SubmissionResult for an hw06 notebook made of these code cells."""
    course = Course(REPO)
    settings = Settings()
    store = ExpectedStore(course, settings)
    folder = tmp_path_factory.mktemp("realnb")
    count = [0]

    def grade(*cells: str, assignment: str = "hw06"):
        count[0] += 1
        path = write_notebook(folder / f"s{count[0]}" / f"{assignment}.ipynb", [("code", c) for c in cells])
        return grade_submission(Submission(f"s{count[0]}", assignment, path), course, settings, store)

    return grade


def q1(result) -> float:
    return sum(c.score for c in result.checks if c.question == "Q1")


def check(result, name: str):
    return next(c for c in result.checks if c.name == name)


BN_PUBLIC = "batch_norm on the 5x5 array"
LN_PUBLIC = "layer_norm on the 5x5 array"
