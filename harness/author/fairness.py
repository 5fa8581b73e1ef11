"""Specificity of a rubric: do right answers written another way still earn every point?

The mutation score measures how many wrong answers a rubric catches; it says nothing about
right answers it marks down.  A course pack's fair-answer suite, ``fair/<assignment>/<QID>/
<name>.py|.ipynb`` beside ``rubrics/`` and ``reference/``, holds complete submissions that
each answer one question correctly in a way COURSE.md allows (another name, another
library call, another layer order...).  Each is graded on its question alone; the share
that earns every automatic point is the question's fairness score, which must be 1.0.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from harness.intake.discover import Submission
from harness.results.model import SubmissionResult
from harness.spec.course import Course
from harness.spec.rubric import Question, Rubric

FAIR_DIR = "fair"
SUFFIXES = (".py", ".ipynb")
ENOUGH = 5  # fewer fair answers than this for a question with code checks is reported


@dataclass(frozen=True)
class FairAnswer:
    question: str
    name: str
    path: Path

    def submission(self, rubric: Rubric) -> Submission:
        return Submission(f"fair-{self.question}-{self.name}", f"{rubric.id}@{self.question}", self.path)


@dataclass(frozen=True)
class FairVerdict:
    answer: FairAnswer
    full: bool
    lost: tuple[str, ...]  # "Q2.3 name: message" for each automatic check not passed, or the problem


def fair_answers(course: Course, rubric: Rubric) -> dict[str, list[FairAnswer]]:
    """question id -> its fair answers, in name order; folders naming no question are ignored
    (reported by :func:`stray_folders`)."""
    root = course.root / FAIR_DIR / rubric.id
    found: dict[str, list[FairAnswer]] = {q.id: [] for q in rubric.questions}
    for question in found:
        folder = root / question
        if folder.is_dir():
            found[question] = [FairAnswer(question, p.stem, p) for p in sorted(folder.iterdir())
                               if p.is_file() and p.suffix in SUFFIXES and not p.name.startswith(".")]
    return found


def stray_folders(course: Course, rubric: Rubric) -> list[str]:
    """Folders under fair/<assignment>/ that name no question of the rubric (a renamed question?)."""
    root = course.root / FAIR_DIR / rubric.id
    ids = {q.id for q in rubric.questions}
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.name not in ids) if root.is_dir() else []


def has_code_checks(question: Question) -> bool:
    return any(c.kind != "manual" for c in question.checks)


def judge(answer: FairAnswer, result: SubmissionResult) -> FairVerdict:
    automatic = [c for c in result.checks if c.manual is None and c.question == answer.question]
    lost = [f"{c.question}.{c.number} {c.name}: {' '.join(str(c.message).split())[:200]}"
            for c in automatic if c.status != "passed"]
    if result.problem:
        lost.insert(0, f"not graded: {result.problem}")
    return FairVerdict(answer, not lost, tuple(lost))


def score(verdicts: list[FairVerdict]) -> float | None:
    """Fair answers given full automatic marks / fair answers; None when there are none."""
    return sum(v.full for v in verdicts) / len(verdicts) if verdicts else None
