"""A re-run of ``harness grade`` on a class that has not changed, answered without the engine.

Re-running the same command over a class is what instructors do most (after a few late
submissions, or just to see the table again).  When nothing changed there is nothing to
grade and nothing to render, so such a run must not pay for NumPy, TensorFlow, jinja2, the
rubric parser or the warm zygotes.  A complete run ends by writing ``.class-complete`` in the
output folder: a digest of what it was asked (course, arguments, language), of each
submission's fingerprint (:mod:`harness.results.resume`: file, rubric, references, library
versions), and of every file it wrote (each ``results.json`` and ``feedback.html``, the
gradebook, the class page and the not-graded list), with the lines it printed.
:func:`replay` computes the same digest with the standard library only; equal, it prints
those lines again and that is all.

Anything else (a changed file, rubric or reference, a library installed or upgraded, an
output edited, truncated or missing, other arguments, a missing or unreadable marker) means
None: the normal path runs and grades, or only re-renders, what it must.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from harness.grading.reference_print import reference_print
from harness.intake.discover import DiscoveryError, discover
from harness.results import resume
from harness.results.store import (FEEDBACK, MARKER, RESULTS, check_marker, class_files, class_marker, feedback_pages,
                                   folder_of, write_atomic)
from harness.spec.course import CourseError, find_course

VISIBILITIES = ("public", "hidden")  # what `harness grade` runs; `harness check` never resumes


def resuming_line(count: int, out: str) -> str:
    return f"resuming: {count} submission(s) already graded in {out}/ are kept (--force re-grades them)"


def run_context(*, course_root: Path, path: str, assignment: str | None, out: str, lang: str | None,
                device: str, data_dir: str | None, visibilities: tuple[str, ...], skipped: list[str]) -> dict:
    """What a run was asked, as far as its outputs depend on it."""
    return {"course": str(course_root), "path": path, "assignment": assignment, "out": out, "lang": lang,
            "HARNESS_LANG": os.environ.get("HARNESS_LANG"), "device": device, "data_dir": data_dir,
            "visibilities": list(visibilities), "skipped": skipped}


def class_state(out: Path, context: dict, prints: dict[tuple[str, str], str]) -> str | None:
    """The digest of a run's inputs and outputs; None when a submission's outputs are not complete."""
    digest = hashlib.sha256(json.dumps(context, sort_keys=True).encode())
    for (student, assignment), print_ in prints.items():
        folder = folder_of(out, student, assignment)
        try:
            if (folder / MARKER).read_text(encoding="utf-8").strip() != print_:
                return None
            outputs = [_sha(folder / name) for name in (RESULTS, FEEDBACK)]
        except OSError:
            return None
        digest.update(json.dumps([student, assignment, print_, *outputs]).encode())
    try:
        digest.update(json.dumps([_sha(path) for path in class_files(out)]).encode())
    except OSError:
        return None
    return digest.hexdigest()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def remember(out: Path, state: str | None, lines: list[str], references: dict[str, str],
             versions: dict) -> None:
    """Written last by a complete run: what :func:`replay` needs to recognise the same run again."""
    if state is None:
        return
    write_atomic(class_marker(out), json.dumps({
        "state": state, "lines": lines, "references": references, "versions": versions,
        "installed": resume.installed_state()}, indent=1) + "\n")


def replay(*, path: str, assignment: str | None, out: str, device: str, data_dir: str | None,
           course: str | None, lang: str | None) -> list[str] | None:
    """The lines to print for a run that would grade and write nothing; None: run it."""
    marker = _marker(Path(out))
    if marker is None or device not in ("cpu", "gpu"):  # "auto" is resolved by the engine
        return None
    try:
        root = find_course(course).root
        submissions = discover(Path(path), sorted(p.stem for p in (root / "rubrics").glob("*.toml")), assignment)
    except (CourseError, DiscoveryError, OSError):
        return None
    data_dir = str(Path(data_dir).resolve()) if data_dir else None
    gradable = [s for s in submissions if s.assignment is not None]
    assignments = {s.assignment for s in gradable}
    if not gradable or not assignments <= marker["references"].keys() \
            or marker["installed"] != json.loads(json.dumps(resume.installed_state())):
        return None
    setup = {"device": device, "data_dir": data_dir}
    references = {a: reference_print(Path(marker["references"][a]), setup, marker["versions"])
                  for a in assignments}
    rubric_paths = {a: str(root / "rubrics" / f"{a}.toml") for a in assignments}
    prints = resume.submission_prints(gradable, rubric_paths, references, VISIBILITIES)
    context = run_context(course_root=root, path=path, assignment=assignment, out=out, lang=lang, device=device,
                          data_dir=data_dir, visibilities=VISIBILITIES,
                          skipped=[f"{s.path}: {s.problem}" for s in submissions if s.assignment is None])
    if class_state(Path(out), context, prints) != marker["state"]:
        return None
    return [resuming_line(len(gradable), out), *marker["lines"]]


def _marker(out: Path) -> dict | None:
    try:
        marker = json.loads(class_marker(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    shapes = {"state": str, "lines": list, "references": dict, "versions": dict, "installed": list}
    if not isinstance(marker, dict) or not all(isinstance(marker.get(k), kind) for k, kind in shapes.items()):
        return None
    return marker if all(isinstance(folder, str) for folder in marker["references"].values()) else None


# ---- `harness check` on a file that has not changed since its last check ---------------------------
# A student re-runs the check after every edit, and often without one. The answer to an unchanged
# file is the last answer: keyed on the file's bytes, the rubric, the reference package, the
# harness's own source and the installed libraries, and the options that change what is printed.


def check_options(*, lang: str | None, device: str, data_dir: str | None, full: bool) -> dict:
    """The options of ``harness check`` that change what it prints (part of :func:`check_key`)."""
    return {"lang": lang, "device": device, "data_dir": str(Path(data_dir).resolve()) if data_dir else None,
            "full": bool(full)}


def check_key(file: Path, course_root: Path, rubric_path: Path, reference_dir: Path, options: dict) -> str:
    digest = hashlib.sha256()
    for part in (Path(file), Path(rubric_path)):
        digest.update(part.read_bytes() + b"\0")
    for path in sorted(Path(reference_dir).rglob("*.py")):
        digest.update(str(path.relative_to(reference_dir)).encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(json.dumps({"course": str(course_root), "options": options, "harness": harness_print(),
                              "installed": resume.installed_state(), "lang": os.environ.get("HARNESS_LANG"),
                              "data": os.environ.get("HARNESS_DATA")}, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def harness_print() -> str:
    """The harness's own version: its release and the names, sizes and times of its source files."""
    from harness import __version__

    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".j2", ".json", ".toml"):
            info = path.stat()
            digest.update(f"{path.relative_to(root)}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def remember_check(file: Path, out: Path, course_root: Path, rubric_path: Path, reference_dir: Path,
                   options: dict, lines: list[str]) -> None:
    """Written last by a check: its key, the lines it printed, and the page they point to."""
    try:
        key = check_key(file, course_root, rubric_path, reference_dir, options)
    except OSError:
        return
    page = next((str(p) for p in feedback_pages(out)), "")
    write_atomic(check_marker(out), json.dumps({"key": key, "file": str(Path(file).resolve()),
                                                       "lines": lines, "page": page}, indent=1) + "\n")


def replay_check(file: Path, out: Path, course_root: Path, rubric_path: Path, reference_dir: Path,
                 options: dict) -> list[str] | None:
    """The lines of the last check of an unchanged ``file`` into ``out``; None: check it."""
    try:
        marker = json.loads(check_marker(out).read_text(encoding="utf-8"))
        if not isinstance(marker, dict) or marker.get("file") != str(Path(file).resolve()):
            return None
        if not marker.get("page") or not Path(marker["page"]).is_file():
            return None
        if marker.get("key") != check_key(file, course_root, rubric_path, reference_dir, options):
            return None
    except (OSError, ValueError):
        return None
    lines = marker.get("lines")
    return [str(line) for line in lines] if isinstance(lines, list) else None
