"""Checks on a submission file before anything reads it: is it really the student's file?

A symlink can point anywhere the grader can read (the reference solutions, another
student's notebook, ``/dev/zero``): its target must be a regular file inside the
submission's own folder.  Anything else gets a specific message and a zero.
"""
from __future__ import annotations

import stat
from pathlib import Path


def problem(path: Path) -> str:
    """Why ``path`` must not be graded, or '' when it may be read."""
    path = Path(path)
    folder = path.parent.resolve()
    try:
        target = path.resolve(strict=True)
        info = target.stat()
    except (OSError, RuntimeError):
        return f"{path.name} is a broken link or cannot be opened"
    if path.is_symlink() and folder not in target.parents:
        return (f"{path.name} is a link to a file outside your folder; "
                "hand in the notebook or module itself, not a link")
    if not stat.S_ISREG(info.st_mode):
        return f"{path.name} is not a regular file"
    return ""
