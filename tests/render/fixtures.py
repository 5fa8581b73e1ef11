"""Results to render: the example class graded for real, and one made-up training check.

Shared by tests/render and tests/browser.
"""
from __future__ import annotations

import os
from pathlib import Path
from unittest import mock

from harness_testing import hw06_first_questions_course

from harness import api
from harness.results.model import CheckResult, SubmissionResult

REPO = Path(__file__).resolve().parents[2]


CLASS = Path(__file__).with_name("class")


def grade_example_class(out: Path, cache: Path, lang: str) -> Path:
    """A small real class graded into ``out`` (references cached in ``cache``).

    tests/render/class/ holds the first example class (hw06 Q1 and Q2: NumPy and prose,
    seconds to grade), graded against the course's own hw06 rubric cut to those two
    questions. It has every kind of page content a real class gives -- passes, named
    mistakes, failing cells, prose, a .py module -- and numbers the tests can rely on,
    whatever the full example class in submissions/ grows into.
    """
    course = hw06_first_questions_course(out.parent / f"{out.name}-course")
    with mock.patch.dict(os.environ, {"HARNESS_CACHE": str(cache), "TF_CPP_MIN_LOG_LEVEL": "2"}):
        api.grade(path=str(CLASS), out=str(out), jobs=2, course=str(course), lang=lang,
                  echo=lambda *_: None, progress=False)
    return out


def training_result(student: str = "s2302") -> SubmissionResult:
    """A check as the training and metrics kinds will write it: history and a confusion matrix."""
    history = {"student": {"loss": [2.1, 1.6, 1.35, 1.3, 1.32], "val_loss": [2.2, 1.9, 1.8, 1.85, 1.95],
                           "accuracy": [0.31, 0.48, 0.55, 0.57, 0.57], "val_accuracy": [0.3, 0.4, 0.43, 0.42, 0.41]},
               "reference": {"loss": [2.0, 1.2, 0.8, 0.6, 0.5], "val_loss": [2.0, 1.3, 0.95, 0.8, 0.75],
                             "accuracy": [0.35, 0.62, 0.74, 0.8, 0.84], "val_accuracy": [0.34, 0.6, 0.7, 0.74, 0.76]}}
    confusion = {"labels": ["0", "1", "2"], "student": [[40, 8, 2], [15, 30, 5], [9, 11, 30]],
                 "reference": [[47, 2, 1], [3, 44, 3], [2, 4, 44]]}
    checks = (
        CheckResult("Q3", 1, "train the CNN on the subset", "train", 1.0, 3.0, "public",
                    "validation accuracy 0.41 after 5 epochs; the reference reaches 0.76 (at least 0.6 needed)",
                    mistake={"name": "no-input-scaling", "explanation": "Pixels were left in 0..255, so the first "
                             "layer saturates and training stalls.", "hint": "Divide x_train by 255.0."},
                    details={"history": history, "data": {"source": "fixture", "name": "mnist", "samples": 512}}),
        CheckResult("Q3", 2, "confusion matrix on the test subset", "metrics", 0.0, 1.0, "public",
                    "class 1 recall 0.60, expected at least 0.80",
                    details={"confusion_matrix": confusion}),
        CheckResult("Q4", 1, "answer to Q4", "manual", 0.0, 4.0, "public", "Answer collected for manual grading.",
                    manual={"kind": "manual", "answered": True,
                            "answer": "با نرمال‌سازی ورودی (تقسیم بر 255) شبکه سریع‌تر همگرا می‌شود؛ "
                                      "learning rate = 0.01 بود."}),
    )
    return SubmissionResult(student, "hw01", "Feed-forward networks on MNIST", "submissions/s2302/hw01.ipynb",
                            checks, (("Q3", "Training a small CNN"), ("Q4", "Why scale the inputs? (prose)")),
                            environment={"device": "cpu", "data": {"source": "fixture", "name": "mnist"}},
                            seconds=12.4)
