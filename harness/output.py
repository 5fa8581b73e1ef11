"""Writing results to the output folder, each file atomically (write, then rename)."""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from .render.gradebook import gradebook_csv
from .render.html import class_page, feedback_page
from .results import SubmissionResult


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def submission_dir(out: Path, result: SubmissionResult) -> Path:
    return Path(out) / safe_name(result.student) / safe_name(result.assignment)


def safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.\-]", "_", name).strip(".")
    return cleaned or "_"


def write_submission(out: Path, result: SubmissionResult, lang: str | None = None) -> Path:
    folder = submission_dir(out, result)
    write_atomic(folder / "results.json",
                 json.dumps(result.to_json(), ensure_ascii=False, indent=2, allow_nan=False) + "\n")
    write_atomic(folder / "feedback.html", feedback_page(result, lang))
    return folder


def write_class(out: Path, results: list[SubmissionResult], problems: list[str], lang: str | None = None) -> None:
    write_atomic(Path(out) / "gradebook.csv", gradebook_csv(results))
    write_atomic(Path(out) / "index.html", class_page(results, problems, lang))
