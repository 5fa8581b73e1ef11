"""The output folder: where every file of it lives, and writing each atomically (write, then rename).

No other module spells a file name of the output folder: they ask here (a test holds them to it).

    OUT/<student>/<assignment>/results.json      the result (read back by :func:`read_result` only)
    OUT/<student>/<assignment>/feedback.html     the student's page
    OUT/<student>/<assignment>/executed.ipynb    the notebook as the grader ran it, and its page
    OUT/<student>/<assignment>/.complete         written last: the fingerprint of what was graded
    OUT/gradebook.csv, OUT/index.html, OUT/not-graded.json, OUT/.class-complete   the class
    OUT/.check-complete                          `harness check`'s last answer
    OUT/manual.csv, OUT/<format>.csv             sheets and exports, unless told elsewhere
"""
from __future__ import annotations

import base64
import dataclasses
import json
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from harness.results.model import SubmissionResult

DEFAULT_OUT = "graded"
# Who may read what is written: pages, the gradebook and the sheets are for the course's staff and
# web server too (0644, folders 0755); $HARNESS_PRIVATE=1 (`harness grade --private`) keeps every
# file to the instructor. A results.json that holds hidden checks' details is always the
# instructor's alone (see ``write_submission``).
SHARED, PRIVATE = (0o644, 0o755), (0o600, 0o700)


def private() -> bool:
    return os.environ.get("HARNESS_PRIVATE", "").strip().lower() in ("1", "true", "yes", "on")


def modes(instructor_only: bool = False) -> tuple[int, int]:
    """(file mode, folder mode) for an output file."""
    return PRIVATE if instructor_only or private() else SHARED


def write_atomic(path: Path, text: str | bytes, instructor_only: bool = False) -> None:
    file_mode, folder_mode = modes(instructor_only)
    _make_folders(path.parent, folder_mode)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        binary = isinstance(text, bytes)
        with os.fdopen(fd, "wb" if binary else "w", encoding=None if binary else "utf-8") as handle:
            handle.write(text)
            os.fchmod(handle.fileno(), file_mode)  # mkstemp makes 0600 whatever the umask says
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _make_folders(folder: Path, mode: int) -> None:
    """Create missing folders with ``mode`` (a stricter umask narrows it); existing ones keep theirs."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        try:
            each.mkdir(mode=mode)
        except FileExistsError:
            continue  # another thread made it first


RESULTS, FEEDBACK = "results.json", "feedback.html"
EXECUTED_NOTEBOOK, EXECUTED_PAGE = "executed.ipynb", "executed.html"
MARKER = ".complete"  # a submission's folder: its outputs are whole (harness/results/resume.py)
NOT_GRADED = "not-graded.json"  # the files a grading could not take, kept for pages rendered later
GRADEBOOK, CLASS_PAGE = "gradebook.csv", "index.html"
CLASS_FILES = (GRADEBOOK, CLASS_PAGE, NOT_GRADED)
CLASS_MARKER = ".class-complete"  # a whole run's outputs are whole (harness/results/unchanged.py)
CHECK_MARKER = ".check-complete"  # `harness check`'s last answer (harness/results/unchanged.py)
MANUAL_SHEET = "manual.csv"


def submission_dir(out: Path, result) -> Path:
    """``OUT/<student>/<assignment>``; ``result``: anything with ``student`` and ``assignment``."""
    return folder_of(out, result.student, result.assignment)


def folder_of(out: Path, student: str, assignment: str) -> Path:
    return Path(out) / safe_name(student) / safe_name(assignment)


def results_file(out: Path, student: str, assignment: str) -> Path:
    return folder_of(out, student, assignment) / RESULTS


def feedback_page_path(out: Path, student: str, assignment: str) -> Path:
    return folder_of(out, student, assignment) / FEEDBACK


def results_files(out: Path) -> list[Path]:
    """Every ``results.json`` under ``out``, sorted by path."""
    return sorted(Path(out).glob(f"*/*/{RESULTS}"))


def feedback_pages(out: Path) -> list[Path]:
    return sorted(Path(out).glob(f"*/*/{FEEDBACK}"))


def class_files(out: Path) -> list[Path]:
    return [Path(out) / name for name in CLASS_FILES]


def class_marker(out: Path) -> Path:
    return Path(out) / CLASS_MARKER


def check_marker(out: Path) -> Path:
    return Path(out) / CHECK_MARKER


def manual_sheet(out: Path) -> Path:
    return Path(out) / MANUAL_SHEET


def export_file(out: Path, fmt: str) -> Path:
    return Path(out) / f"{fmt}.csv"


def default_check_out(target: Path) -> str:
    """Where ``harness check FILE`` writes its page when not told: ``<FILE's folder>/<FILE's stem>-feedback``."""
    return str(Path(target).parent / f"{Path(target).stem}-feedback")


def read_result(path: Path) -> SubmissionResult:
    """The one reader of a ``results.json``: the inverse of ``SubmissionResult.to_json``, for resuming,
    the gradebook, the class page, exports and manual grading."""
    from harness.results.model import SubmissionResult

    return SubmissionResult.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.\-]", "_", name).strip(".")
    return cleaned or "_"


# Terminal control sequences (CSI, OSC, other ESC forms) and control characters but \t and \n.
TERMINAL_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Text from a student made safe to store and show: no terminal escapes, valid UTF-8."""
    text = CONTROL.sub("", TERMINAL_ESCAPES.sub("", text.replace("\r\n", "\n")))
    return text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates become '?'


def clean(value):
    """``clean_text`` applied to every string inside a result (dataclasses, dicts, lists)."""
    if isinstance(value, str):
        return clean_text(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: clean(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    if isinstance(value, dict):
        return {clean(k) if isinstance(k, str) else k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(clean(v) for v in value)
    return value


def write_submission(out: Path, result: SubmissionResult, lang: str | None = None) -> Path:
    from harness.render.html import feedback_page

    result = clean(result)
    folder = submission_dir(out, result)
    result = store_figures(folder, result)
    hidden = any(c.visibility == "hidden" for c in result.checks)  # their full messages are in extra_data
    write_atomic(folder / RESULTS,
                 json.dumps(result.to_json(), ensure_ascii=False, indent=2, allow_nan=False) + "\n",
                 instructor_only=hidden)
    executed = write_executed(folder, result, lang)
    write_atomic(folder / FEEDBACK, feedback_page(result, lang, executed=executed))
    return folder


def store_figures(folder: Path, result: SubmissionResult) -> SubmissionResult:
    """The figures the cells drew, written as PNG files beside results.json, which names them instead of
    holding them (a class's worth of plots would make every reader of results slow); files no
    result names any more (an earlier grading's) are removed."""
    from harness.render.executed import FIGURE_NAME, FIGURES

    cells, kept = [], set()
    for position, cell in enumerate(result.cells):
        names = []
        for k, image in enumerate(cell.images, 1):
            if FIGURE_NAME.fullmatch(image):  # stored already: a result read back from results.json
                names.append(image)
                continue
            name = f"{FIGURES}/cell-{position}-{k}.png"
            try:
                write_atomic(folder / name, base64.b64decode(image, validate=True))
            except ValueError:  # the watcher let only base64 through; never lose the grade over a picture
                continue
            names.append(name)
        kept.update(names)
        cells.append(dataclasses.replace(cell, images=tuple(names)))
    for old in (folder / FIGURES).glob("*.png") if (folder / FIGURES).is_dir() else ():
        if f"{FIGURES}/{old.name}" not in kept:
            old.unlink(missing_ok=True)
    return dataclasses.replace(result, cells=tuple(cells))


def write_executed(folder: Path, result: SubmissionResult, lang: str | None = None) -> str | None:
    """``executed.ipynb`` and ``executed.html`` beside the feedback (for several files, one copy each, see
    ``page_for``); the page's name, or None when the submission cannot be shown as cells (unreadable, or
    graded from nothing)."""
    import nbformat

    from harness.render.executed import copied_files, executed_html, executed_notebook, page_for

    if not result.cells:
        return None
    written = None
    for file in copied_files(result):  # one file: executed.ipynb/.html; several: executed-<stem>.* each
        try:
            notebook = executed_notebook(result, lang, figures=folder, file=file)
            if notebook is None:
                continue
            page = executed_html(notebook, lang)
        except Exception:  # the copy is a convenience: a failure here must never cost the grade
            continue
        write_atomic(folder / page_for(result, file, ".ipynb"), nbformat.writes(notebook) + "\n")
        write_atomic(folder / page_for(result, file), page)
        if written is None and result.files:  # executed.html: the first file's copy, as for one file
            write_atomic(folder / EXECUTED_PAGE, page)
        written = EXECUTED_PAGE
    return written


def write_class(out: Path, results: list[SubmissionResult], problems: list[str], lang: str | None = None) -> None:
    from harness.render.gradebook import gradebook_csv
    from harness.render.html import class_page

    results, problems = [clean(r) for r in results], [clean_text(p) for p in problems]
    write_atomic(Path(out) / NOT_GRADED, json.dumps(problems, ensure_ascii=False, indent=1) + "\n")
    write_atomic(Path(out) / GRADEBOOK, gradebook_csv(results))
    write_atomic(Path(out) / CLASS_PAGE, class_page(results, problems, lang))


def read_not_graded(out: Path) -> list[str]:
    """The files the last ``harness grade`` into ``out`` could not grade (none when it never said)."""
    try:
        problems = json.loads((Path(out) / NOT_GRADED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [str(p) for p in problems] if isinstance(problems, list) else []
