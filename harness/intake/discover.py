"""Finding submissions: a class folder, one student's folder, or one file.

A class folder holds ``<student>/<assignment>.ipynb`` (or ``.py``); a student folder holds
the assignment files directly.  The assignment comes from the file name: the id
itself, the id in capitals without leading zeros, or the id followed by a suffix all name it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".ipynb", ".py")
IGNORED_DIRS = {".ipynb_checkpoints", "__pycache__", ".git"}
ASSIGNMENT_LIKE = re.compile(r"(?:hw|homework|assignment)[\s_\-]*\d+")


class DiscoveryError(ValueError):
    """PATH itself is unusable (a usage error, exit status 2)."""


@dataclass(frozen=True)
class Submission:
    student: str
    assignment: str | None  # None when it could not be inferred
    path: Path
    problem: str = ""  # why it cannot be graded as it is (unknown or duplicate assignment, ...)


def discover(path: Path, assignments: list[str], forced: str | None = None) -> list[Submission]:
    path = Path(path)
    if not path.exists():
        raise DiscoveryError(f"{path} does not exist")
    if forced is not None and forced not in assignments:
        raise DiscoveryError(f"unknown assignment '{forced}'; this course has: {', '.join(assignments)}")
    if path.is_file():
        if path.suffix not in SUFFIXES:
            raise DiscoveryError(f"{path.name} is not a notebook (.ipynb) or module (.py)")
        submission = _classify(path.parent.name or "student", path, assignments, forced)
        if submission.assignment is None:
            raise DiscoveryError(submission.problem)
        return [submission]
    if _files(path):
        return _student(path.name, path, assignments, forced)
    found = []
    for folder in sorted(p for p in path.iterdir() if p.is_dir() and p.name not in IGNORED_DIRS):
        found.extend(_student(folder.name, folder, assignments, forced))
    if not found:
        raise DiscoveryError(f"{path} holds no submissions (expected <student>/<assignment>.ipynb or .py)")
    return found


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and (p.is_file() or p.is_symlink()))


def _student(student: str, folder: Path, assignments: list[str], forced: str | None) -> list[Submission]:
    by_assignment: dict[str, list[Submission]] = {}
    unknown = []
    for file in _files(folder):
        if forced is not None and _names_another(file, forced, assignments):
            continue  # `--assignment X` on a folder grades its X files, not every file as X
        submission = _classify(student, file, assignments, forced)
        if submission.assignment is None:
            unknown.append(submission)
        else:
            by_assignment.setdefault(submission.assignment, []).append(submission)
    result = []
    for assignment, subs in sorted(by_assignment.items()):
        if len(subs) > 1:
            names = ", ".join(s.path.name for s in subs)
            result.append(Submission(student, assignment, subs[0].path,
                                     f"two files were handed in for {assignment} ({names}); "
                                     "hand in exactly one so it is clear which to grade"))
        else:
            result.append(subs[0])
    # Helper modules beside a notebook (utils.py) are normal; files named like an assignment are reported.
    return result + [s for s in unknown if ASSIGNMENT_LIKE.search(s.path.stem.lower())] if result else unknown


def _classify(student: str, file: Path, assignments: list[str], forced: str | None) -> Submission:
    if forced is not None:
        return Submission(student, forced, file)
    matches = infer_assignment(file.stem, assignments)
    if len(matches) == 1:
        return Submission(student, matches[0], file)
    listing = ", ".join(assignments)
    named = ASSIGNMENT_LIKE.search(file.stem.lower())
    if named and not matches:
        return Submission(student, None, file, f"{file.name}: this course has no rubric for {named.group(0)} "
                                               f"(it has {listing})")
    if matches:
        why = f"{file.name} could be any of {', '.join(matches)}; rename it to one of them or pass --assignment"
    else:
        why = f"cannot tell which assignment {file.name} is; name it after one of: {listing} (or pass --assignment)"
    return Submission(student, None, file, why)


def _names_another(file: Path, forced: str, assignments: list[str]) -> bool:
    """Whether the file's name says it is some other assignment than ``forced``."""
    matches = infer_assignment(file.stem, assignments)
    if matches:
        return forced not in matches
    return ASSIGNMENT_LIKE.search(file.stem.lower()) is not None


def infer_assignment(stem: str, assignments: list[str]) -> list[str]:
    normal = stem.lower()
    if normal in assignments:
        return [normal]
    found = []
    for number in re.findall(r"(?:hw|homework|ex|assignment)[\s_\-]*0*(\d+)", normal):
        found.extend(a for a in assignments if _number(a) == int(number) and a not in found)
    return found


def _number(assignment: str) -> int | None:
    match = re.search(r"(\d+)$", assignment)
    return int(match.group(1)) if match else None
