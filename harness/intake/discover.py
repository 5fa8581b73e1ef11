"""Finding submissions: a class folder, one student's folder, or one file.

A student's assignment is one file or several, as students hand them in:

- ``<student>/<assignment>.ipynb``, the assignment read from the file name (the id itself,
  the id in capitals without leading zeros, or the id followed by a suffix all name it), or
  several such files (``DL_<ID>_Q3.ipynb``, ``DL_<ID>_Q4.ipynb``);
- ``<student>/<assignment>/Q1.ipynb, Q3.ipynb, ...``: a folder named after the assignment
  holds it, whatever its files are called (nbgrader's ``submitted/<student>/<assignment>/``);
- ``<student>/Q1.ipynb, Q3.ipynb`` with ``--assignment <id>``: every file of the folder.

Modules beside them that name no assignment (``utils.py``) travel with the assignment, so
that its files can import them; which files run as programs is decided when grading
(:mod:`harness.intake.assignment_files`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".ipynb", ".py")
IGNORED_DIRS = {".ipynb_checkpoints", "__pycache__", ".git", ".config", "sample_data"}
ASSIGNMENT_LIKE = re.compile(r"(?:hw|homework|assignment)[\s_\-]*\d+")
MAX_DEPTH = 3  # folders inside an assignment's folder that are still searched for its files


class DiscoveryError(ValueError):
    """PATH itself is unusable (a usage error, exit status 2)."""


@dataclass(frozen=True)
class Submission:
    student: str
    assignment: str | None  # None when it could not be inferred
    path: Path  # the first file (the only one, for a one-file submission)
    problem: str = ""  # why it cannot be graded as it is (unknown assignment, ...)
    files: tuple[Path, ...] = ()  # every file of the assignment, when there are several

    @property
    def all_files(self) -> tuple[Path, ...]:
        return self.files or (self.path,)


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
    named = _folder_assignment(path, assignments, forced)
    if named is not None and _files(path, deep=True):
        # One student's assignment folder (<student>/<assignment>/): every file in it is that assignment.
        return [_together(path.parent.name or "student", named, _files(path, deep=True))]
    if _files(path) or _assignment_folders(path, assignments, forced):
        return _student(path.name, path, assignments, forced)
    found = []
    for folder in _subfolders(path):
        found.extend(_student(folder.name, folder, assignments, forced))
    if not found:
        raise DiscoveryError(f"{path} holds no submissions (expected <student>/<assignment>.ipynb or .py, "
                             "or <student>/<assignment>/<files>)")
    return found


def _subfolders(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir() and p.name not in IGNORED_DIRS
                  and not p.name.startswith("."))


def _files(folder: Path, deep: bool = False, depth: int = 0) -> list[Path]:
    found = sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and (p.is_file() or p.is_symlink())
                   and not p.name.startswith("."))
    if deep and depth < MAX_DEPTH:
        for sub in _subfolders(folder):
            found.extend(_files(sub, deep, depth + 1))
    return found


def _folder_assignment(folder: Path, assignments: list[str], forced: str | None) -> str | None:
    """The assignment a folder is named after (as a file would be, or ``assignment<N>``), if exactly one."""
    matches = infer_assignment(folder.name, assignments)
    if len(matches) != 1:
        return None
    return matches[0] if forced in (None, matches[0]) else None


def _assignment_folders(folder: Path, assignments: list[str], forced: str | None) -> list[tuple[str, Path]]:
    found = []
    for sub in _subfolders(folder):
        named = _folder_assignment(sub, assignments, forced)
        if named is not None and _files(sub, deep=True):
            found.append((named, sub))
    return found


def _together(student: str, assignment: str, files: list[Path]) -> Submission:
    files = sorted(files, key=_file_order)
    return Submission(student, assignment, files[0], files=tuple(files) if len(files) > 1 else ())


def _file_order(path: Path) -> tuple:
    """Notebooks first, then modules; by name, numbers compared as numbers (Q2 before Q10)."""
    parts = [int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", str(path))]
    return (path.suffix != ".ipynb", [(isinstance(p, int), p) for p in parts])


def _student(student: str, folder: Path, assignments: list[str], forced: str | None) -> list[Submission]:
    by_assignment: dict[str, list[Path]] = {}
    for assignment, sub in _assignment_folders(folder, assignments, forced):
        by_assignment.setdefault(assignment, []).extend(_files(sub, deep=True))
    unknown, reported = [], []
    for file in _files(folder):
        if forced is not None and _names_another(file, forced, assignments):
            continue  # `--assignment X` on a folder grades its X files, not every file as X
        submission = _classify(student, file, assignments, forced)
        if submission.assignment is not None:
            by_assignment.setdefault(submission.assignment, []).append(file)
        elif ASSIGNMENT_LIKE.search(file.stem.lower()) or _could_be_several(file, assignments):
            reported.append(submission)  # named like an assignment this course lacks, or ambiguous
        else:
            unknown.append(submission)
    if not by_assignment:
        return reported + _undecided(student, unknown, assignments)
    # Modules beside the assignment's files that name no assignment (utils.py) are theirs to import;
    # a notebook that names none (scratch.ipynb) is reported rather than silently left out.
    helpers = [s.path for s in unknown if s.path.suffix == ".py"]
    result = [_together(student, a, files + [h for h in helpers if h not in files])
              for a, files in sorted(by_assignment.items())]
    return result + reported + [s for s in unknown if s.path.suffix != ".py"]


def _could_be_several(file: Path, assignments: list[str]) -> bool:
    return len(infer_assignment(file.stem, assignments)) > 1


def _undecided(student: str, unknown: list[Submission], assignments: list[str]) -> list[Submission]:
    """Files naming no assignment, with nothing else to go by: one line for the student, not one per file."""
    if len(unknown) <= 1:
        return unknown
    names = ", ".join(s.path.name for s in unknown)
    why = (f"cannot tell which assignment {names} are; name the folder after one of: "
           f"{', '.join(assignments)} (<student>/<assignment>/...), or pass --assignment")
    return [Submission(student, None, unknown[0].path, why, files=tuple(s.path for s in unknown))]


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
