"""Which sentence of the released contract licenses each hidden check's inputs.

A hidden check grades students on inputs they never see; it is fair only when COURSE.md
(or the template's prompt) promises that such inputs are allowed.  Each hidden check
quotes that sentence in its ``contract`` field.  This is for instructors only: the
template, feedback and results.json never include it (tests/instructor prove it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from harness.spec.course import Course
from harness.spec.rubric import Rubric

CONTRACT_FILE = "COURSE.md"


@dataclass(frozen=True)
class HiddenCheck:
    assignment: str
    where: str  # "Q2.3"
    name: str
    contract: str
    found: bool | None  # the sentence is in the course's COURSE.md; None when there is no such file


def hidden_checks(course: Course, rubric: Rubric) -> list[HiddenCheck]:
    text = _contract_text(course)
    out = []
    for question in rubric.questions:
        for number, check in enumerate(question.checks, 1):
            if check.visibility != "hidden" or check.kind == "manual":
                continue
            sentence = check.contract.strip()
            found = None if text is None or not sentence else _normalised(sentence) in text
            out.append(HiddenCheck(rubric.id, f"{question.id}.{number}", check.name, sentence, found))
    return out


def without_contract(checks: list[HiddenCheck]) -> list[HiddenCheck]:
    return [c for c in checks if not c.contract]


def listing(checks: list[HiddenCheck]) -> str:
    """Each hidden check and the sentence licensing it, for the instructor."""
    lines = ["hidden checks and the contract sentence licensing their inputs:"]
    for c in checks:
        quoted = f'"{c.contract}"' if c.contract else "NO CONTRACT SENTENCE (add contract = \"...\")"
        if c.found is False:
            quoted += f"  [not found in {CONTRACT_FILE}]"
        lines.append(f"  {c.assignment} {c.where} {c.name}: {quoted}")
    return "\n".join(lines) if checks else "no hidden checks"


def _contract_text(course: Course) -> str | None:
    path = course.root / CONTRACT_FILE
    return _normalised(path.read_text(encoding="utf-8")) if path.is_file() else None


def _normalised(text: str) -> str:
    """Compared without markdown emphasis, quotes' style, case or line breaks."""
    text = re.sub(r"[*_`>]", "", text.replace("’", "'").replace("“", '"').replace("”", '"'))
    return " ".join(text.lower().split())
