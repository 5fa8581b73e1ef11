"""Telling a library-version failure from a student's mistake.

A notebook written for older NumPy or Keras can fail on a removed name before its answer
runs.  The worker's shims cover the common ones (see harness/worker/shims.py) and report
which they used; a failure they do not cover is named here as an environment problem,
so the feedback says it is not the student's mistake.
"""
from __future__ import annotations

import re

LIBRARIES = r"(numpy|keras|tensorflow|tf|np|sklearn|scipy|pandas|matplotlib|gensim|keras_tuner|kerastuner|torch)"
PATTERNS = [
    re.compile(r"^ModuleNotFoundError: No module named"),
    re.compile(rf"^ImportError: cannot import name .* from '?{LIBRARIES}\b"),
    re.compile(rf"^AttributeError: module '{LIBRARIES}[\w.]*' has no attribute"),
    re.compile(r"Argument\(s\) not recognized|Unrecognized keyword arguments? (passed )?to"),
    re.compile(r"can only be called for the variables it was originally built with"),
    # Colab's world: Drive, uploads and downloads that a grading worker does not have.  A course
    # dataset file is served (harness/data/files.py); any other file under /content is not.
    re.compile(r"(FileNotFoundError|No such file or directory|NotFoundError).*['\"]?/content/"),
    re.compile(r"network access is disabled while grading"),
    re.compile(r"^ValueError: Dataset .* not found \(the grading harness serves only"),
]
MISSING_FILE = re.compile(r"No such file or directory: '([^']+)'|/content/[^'\"\s]+")


# Failures of what surrounds the code, which a student can neither see nor fix here: the grader has no
# network (a download, a pip install), or a file or folder the notebook read is not on the grading
# machine (a Colab drive, a Kaggle folder) and the harness could not serve it (harness/data/).
NETWORK = [
    re.compile(r"URLError|urlopen error|HTTPError|HTTP Error \d+|ConnectionError|ConnectTimeout|"
               r"Max retries exceeded|NewConnectionError|gaierror|Temporary failure in name resolution|"
               r"Name or service not known|Network is unreachable|No address associated with hostname|"
               r"Connection refused|RemoteDisconnected|ProxyError"),
    re.compile(r"Exception: URL fetch failure"),  # keras.utils.get_file
]
DATA = [
    re.compile(r"^(FileNotFoundError|IsADirectoryError|NotADirectoryError): "),
    re.compile(r"^OSError: .*No such file or directory"),
]


def is_environment_problem(error: str) -> bool:
    """A library-version failure (what the old-API note lists)."""
    return any(p.search(error) for p in PATTERNS)


def environment_cause(error: str) -> str:
    """What around the code made a cell fail: "library", "network", "data"; "" when it is the code's own."""
    text = error or ""
    if any(p.search(text) for p in NETWORK):
        return "network"
    if any(p.search(text) for p in DATA):
        return "data"
    return "library" if is_environment_problem(text) else ""


def environment_notes(cells, shims_used) -> tuple[list[str], list[str]]:
    """(notes for the feedback, the environment problems alone for results.json)."""
    notes, problems = [], []
    if shims_used:
        notes.append("Old-API shims were used so that this notebook could run on current libraries "
                     "(not counted against you): " + "; ".join(shims_used) + ".")
    seen = set()
    for cell in cells:
        if cell.status == "error" and is_environment_problem(cell.error):
            # Reported once: every later read of the same missing file fails the same way.
            missing = MISSING_FILE.search(cell.error)
            key = missing.group(0) if missing else cell.error
            if key in seen:
                continue
            seen.add(key)
            problems.append(f"cell {cell.index}: {cell.error}")
    if problems:
        notes.append("Environment problem (not your mistake): these cells failed because a library "
                     "changed, and no shim covers it; answers that depend on them could not be graded:\n"
                     + "\n".join(problems))
    return notes, problems
