"""The result model (check -> question -> submission) and its canonical JSON form.

results.json follows Gradescope's format: top-level ``score``, ``max_score``, ``tests``;
each test has ``name``, ``number`` (the question id), ``score``, ``max_score``,
``status``, ``output`` and ``visibility``.  A hidden check's ``output`` says only
whether it passed (and which known mistake it matched), so nothing about hidden inputs
or expected values reaches a student; the full message stays in ``extra_data`` for
the instructor.
"""
from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from harness.contract.protocol import CellReport
from harness.results.message import is_message

CELL_NAME = re.compile(r"<cell (\d+)>")  # how the worker names a cell in a traceback (harness/worker/execute.py)

FORMAT_VERSION = 1
GRADER_COULD_NOT = "The grader could not check this; your instructor has been told."


@dataclass(frozen=True)
class CheckResult:
    question: str
    number: int
    name: str
    kind: str
    score: float
    max_score: float
    visibility: str  # "public" or "hidden"
    message: str
    mistake: dict | None = None  # {"name", "explanation", "hint"}
    details: dict = field(default_factory=dict)
    manual: dict | None = None  # {"kind": "manual", "answered": bool, "answer": str}
    output: str = ""  # what the student's code printed during this check
    grader_error: bool = False
    hidden_summary: str = ""  # a reason safe to show for a hidden check
    # The two texts above as message ids and parameters (harness/message.py), so a page can say
    # them in its own language; None for results written before messages had ids.
    said: dict | None = None
    hidden_said: dict | None = None
    file: str = ""  # the file that answered, when the submission is several files
    # Set when the harness cannot tell whether the zero is deserved (harness/grading/review.py):
    # {"reason": message json, "likely": [{"file", "cell", "label", "excerpt"}], and once a person
    # decided, "points" and "comment"}.
    review: dict | None = None

    @property
    def needs_review(self) -> bool:
        """Waiting for a person: the harness could not tell, and nobody has decided yet."""
        return self.review is not None and self.review.get("points") is None

    @property
    def status(self) -> str:
        if self.manual is not None:
            return "passed" if self.manual["answered"] else "failed"
        return "passed" if self.score >= self.max_score and not self.grader_error else "failed"

    @property
    def prose(self) -> bool:
        """A question a person grades (kind "manual"): its points are not automatic."""
        return self.manual is not None

    @property
    def verdict(self) -> str:
        """What a person reads: passed / failed for automatic checks; prose is "to be graded" until a
        person gives points ("graded" after), or "no answer" (``status`` stays Gradescope's pair)."""
        if self.manual is None:
            return self.status
        if self.manual.get("points") is not None:
            return "graded"
        return "to be graded" if self.manual.get("answered") else "no answer"

    @property
    def student_message(self) -> str:
        """What a student may see: everything for public checks, pass/fail for hidden ones."""
        if self.visibility == "public" or self.manual is not None:
            return self.message
        text = "Passed." if self.status == "passed" else "Failed."
        if self.hidden_summary and self.status == "failed":
            text += f" {self.hidden_summary}"
        if self.mistake:
            text += f" {self.mistake['explanation']}"
        if self.grader_error:
            text += f" {GRADER_COULD_NOT}"
        return text


@dataclass(frozen=True)
class QuestionSummary:
    id: str
    title: str
    score: float
    max_score: float
    checks: tuple[CheckResult, ...]


@dataclass(frozen=True)
class SubmissionResult:
    student: str
    assignment: str
    title: str
    path: str
    checks: tuple[CheckResult, ...]
    questions: tuple[tuple[str, str], ...]  # (id, title) in rubric order
    cells: tuple[CellReport, ...] = ()
    problem: str = ""  # set when the file could not be graded at all
    notes: tuple[str, ...] = ()
    environment: dict = field(default_factory=dict)
    seconds: float = 0.0
    # Per code cell (by index), the number Jupyter shows the student: see ``cell_label``.
    cell_labels: tuple[str, ...] = ()
    # For each failed cell (by index), the names its code would have bound: what a later "X is not
    # defined" is traced back to (harness/results/cell_failures.py).
    cell_names: dict = field(default_factory=dict)
    files: tuple[str, ...] = ()  # every file of the submission, when there are several
    cell_files: tuple[str, ...] = ()  # the file each of ``cells`` belongs to, when there are several
    # When there are several files, ``cell_labels`` and ``cell_names`` stay empty: a cell's index means a
    # different cell in each file. These hold them per file instead (by file name, then by index).
    file_cell_labels: dict = field(default_factory=dict)  # {file: (label, ...)}
    file_cell_names: dict = field(default_factory=dict)  # {file: {index: (name, ...)}}

    @property
    def score(self) -> float:
        return round(sum(c.score for c in self.checks), 6)

    @property
    def max_score(self) -> float:
        return round(sum(c.max_score for c in self.checks), 6)

    @property
    def auto_score(self) -> float:
        return round(sum(c.score for c in self.checks if not c.prose), 6)

    @property
    def auto_max(self) -> float:
        return round(sum(c.max_score for c in self.checks if not c.prose), 6)

    @property
    def prose_max(self) -> float:
        return round(sum(c.max_score for c in self.checks if c.prose), 6)

    @property
    def prose_score(self) -> float:
        """Points a person has given to prose answers so far."""
        return round(sum(c.score for c in self.checks if c.prose and c.verdict == "graded"), 6)

    @property
    def prose_waiting(self) -> float:
        """Prose points no person has graded yet (answered or not)."""
        return round(sum(c.max_score for c in self.checks if c.prose and c.verdict != "graded"), 6)

    def cell_label(self, index: int, file: str = "") -> str:
        """The cell as the student finds it in Jupyter: ``[7]`` (its execution count) when it has one, else
        its position among all cells, markdown included, from 1 (see :func:`harness.intake.notebook.cell_label`);
        ``file``: which of several files the cell is in. Results written before labels were kept fall back to
        the position among code cells, from 1."""
        labels = self.file_cell_labels.get(file, ()) if file else self.cell_labels
        if 0 <= index < len(labels):
            return labels[index]
        return str(index + 1)

    def cells_named(self, text: str, file: str = "") -> str:
        """``text`` (an error or traceback from the worker, which names cells ``<cell 2>`` by their position
        among code cells from 0) with each cell named as :meth:`cell_label` does: ``cell 5``."""
        return CELL_NAME.sub(lambda m: f"cell {self.cell_label(int(m.group(1)), file)}", text or "")

    @property
    def cell_definitions(self) -> dict[int, frozenset[str]]:
        return self.definitions_in()

    def definitions_in(self, file: str = "") -> dict[int, frozenset[str]]:
        """For each failed cell (of ``file``, when there are several), the names its code would have bound."""
        names = self.file_cell_names.get(file, {}) if file else self.cell_names
        return {int(k): frozenset(v) for k, v in names.items()}

    def filed_cells(self) -> list[tuple[str, CellReport]]:
        """Each of ``cells`` with the file it belongs to ("" for a one-file submission)."""
        return list(zip(self.cell_files or ("",) * len(self.cells), self.cells))

    def by_question(self) -> list[QuestionSummary]:
        out = []
        for qid, title in self.questions:
            checks = tuple(c for c in self.checks if c.question == qid)
            out.append(QuestionSummary(qid, title, round(sum(c.score for c in checks), 6),
                                       round(sum(c.max_score for c in checks), 6), checks))
        return out

    def mistakes(self) -> list[str]:
        return [c.mistake["name"] for c in self.checks if c.mistake]

    def review(self) -> list[str]:
        """The questions waiting for a person (rubric order)."""
        pending = {c.question for c in self.checks if c.needs_review}
        return [qid for qid, _ in self.questions if qid in pending]

    def reviewed(self) -> list[str]:
        """The questions a person has decided after the harness asked."""
        done = {c.question for c in self.checks if c.review is not None and not c.needs_review}
        return [qid for qid, _ in self.questions if qid in done and qid not in self.review()]

    def answered_by(self) -> dict[str, list[str]]:
        """Question id -> the files its answers came from (only for a submission of several files)."""
        found: dict[str, list[str]] = {}
        for c in self.checks:
            if c.file and c.file not in found.setdefault(c.question, []):
                found[c.question].append(c.file)
        return {q: files for q, files in found.items() if files}

    def to_json(self) -> dict:
        tests = [_test_json(c) for c in self.checks]
        output = self.problem or f"{self.auto_score:g} / {self.auto_max:g} automatic points." + (
            f" {self.prose_waiting:g} prose points to be graded by a person." if self.prose_waiting else "")
        return _finite({
            "score": self.score, "max_score": self.max_score, "output": output,
            "visibility": "visible", "stdout_visibility": "hidden", "execution_time": self.seconds,
            "tests": tests,
            "extra_data": {"format": FORMAT_VERSION, "student": self.student, "assignment": self.assignment,
                           "title": self.title, "file": self.path, "problem": self.problem,
                           "notes": list(self.notes), "environment": self.environment,
                           "questions": [list(q) for q in self.questions],
                           "cells": [asdict(c) for c in self.cells], "cell_labels": list(self.cell_labels),
                           "cell_names": {str(k): sorted(v) for k, v in self.cell_names.items()},
                           "review": self.review(), "reviewed": self.reviewed(),
                           **({"files": list(self.files), "cell_files": list(self.cell_files),
                               "answered_by": self.answered_by()} if self.files else {}),
                           # only when kept (results written before have neither, and read back the same)
                           **({"file_cell_labels": {f: list(v) for f, v in self.file_cell_labels.items()},
                               "file_cell_names": {f: {str(k): sorted(v) for k, v in names.items()}
                                                   for f, names in self.file_cell_names.items()}}
                              if self.file_cell_labels or self.file_cell_names else {})},
        })

    @classmethod
    def from_json(cls, data: dict) -> "SubmissionResult":
        """Read back a results.json this module wrote: the one reader (through
        :func:`harness.results.store.read_result`) for resuming, exports, pages and manual grading.
        Writing what it reads gives the same JSON (tests/test_results_store.py); hidden checks'
        details and prints were never written, so they come back without them.
        """
        extra = data["extra_data"]
        return cls(student=extra["student"], assignment=extra["assignment"], title=extra.get("title", ""),
                   path=extra.get("file", ""), checks=tuple(_check_from_json(t) for t in data["tests"]),
                   questions=tuple(tuple(q) for q in extra.get("questions", [])),
                   cells=tuple(CellReport(**c) for c in extra.get("cells", [])), problem=extra.get("problem", ""),
                   notes=tuple(extra.get("notes", [])), environment=dict(extra.get("environment", {})),
                   seconds=float(data.get("execution_time", 0.0)),
                   cell_labels=tuple(str(label) for label in extra.get("cell_labels", [])),
                   cell_names={int(k): tuple(v) for k, v in dict(extra.get("cell_names", {})).items()},
                   files=tuple(extra.get("files", [])), cell_files=tuple(extra.get("cell_files", [])),
                   file_cell_labels={str(f): tuple(str(label) for label in v)
                                     for f, v in dict(extra.get("file_cell_labels", {})).items()},
                   file_cell_names={str(f): {int(k): tuple(v) for k, v in dict(names).items()}
                                    for f, names in dict(extra.get("file_cell_names", {})).items()})


def _test_json(c: CheckResult) -> dict:
    extra: dict[str, Any] = {"kind": c.kind, "check": c.number, "instructor_message": c.message}
    if c.mistake:
        extra["mistake"] = c.mistake
    if c.manual is not None:
        extra.update(c.manual)
    if c.visibility == "public" and c.details:
        extra["details"] = c.details
    if c.visibility == "public" and c.output:
        extra["printed"] = c.output
    if c.grader_error:
        extra["grader_error"] = True
    if c.hidden_summary:
        extra["hidden_summary"] = c.hidden_summary
    if c.said:
        extra["message"] = c.said
    if c.hidden_said:
        extra["hidden_message"] = c.hidden_said
    if c.file:
        extra["file"] = c.file
    if c.review is not None:
        extra["needs_review"] = c.needs_review
        extra["review"] = c.review
    return {"name": f"{c.question} · {c.name}", "number": c.question, "score": c.score,
            "max_score": c.max_score, "status": c.status, "output": c.student_message,
            "visibility": "visible" if c.visibility == "public" else "hidden", "extra_data": extra}


MANUAL_FIELDS = ("kind", "answered", "answer", "points", "comment")


def _check_from_json(test: dict) -> CheckResult:
    extra = test.get("extra_data", {})
    manual = {k: extra[k] for k in MANUAL_FIELDS if k in extra} if "answered" in extra else None
    name = test["name"].split(" · ", 1)[-1]
    return CheckResult(question=test["number"], number=int(extra.get("check", 0)), name=name,
                       kind=extra.get("kind", ""), score=float(test["score"]), max_score=float(test["max_score"]),
                       visibility="public" if test.get("visibility") == "visible" else "hidden",
                       message=extra.get("instructor_message", test.get("output", "")), mistake=extra.get("mistake"),
                       details=extra.get("details", {}), manual=manual, output=extra.get("printed", ""),
                       grader_error=bool(extra.get("grader_error")), hidden_summary=_hidden_summary(test, extra),
                       said=_said(extra.get("message")), hidden_said=_said(extra.get("hidden_message")),
                       file=extra.get("file", ""), review=extra.get("review") if isinstance(extra.get("review"), dict)
                       else None)


def _said(value: Any) -> dict | None:
    return value if is_message(value) else None


def _hidden_summary(test: dict, extra: dict) -> str:
    """Stored since format 1 files gained it; recovered from a hidden check's output before that."""
    if "hidden_summary" in extra or test.get("visibility") == "visible" or test.get("status") != "failed":
        return extra.get("hidden_summary", "")
    text = test.get("output", "").removeprefix("Failed.")
    for known in ((extra.get("mistake") or {}).get("explanation", ""), GRADER_COULD_NOT):
        text = text.replace(f" {known}", "") if known else text
    return text.strip()


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity: write them as strings so results.json stays valid."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value
