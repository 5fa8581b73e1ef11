"""The adversarial suite: a class of hostile and broken submissions graded in one run.

Each case in :mod:`tests.adversarial.cases` asserts its Q1 score and the reason the
student is shown, that Q2 is unaffected, and, for the whole run, that no process of a
submission is left and no file outside the sandboxes changed.  Limits are small (a
3 s check) so the suite stays short on two shared cores.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from harness_testing import active_content

from harness import api
from harness.run import isolation
from harness.run.sandbox import HARNESS_ROOT

from .cases import BATCH, CASES, LAYER

RUBRIC = '''
id = "adv"
title = "Hostile submissions"
reference = "reference.adv"

[limits]
submission_seconds = 90
cell_seconds = 3
check_seconds = 3
memory_mb = 1536
output_kb = 16

[inputs.seed_array]
value = [[20, 17, 32, 42, 65], [13, 65, 96, 53, 21], [45, 63, 74, 38, 64], [23, 76, 40, 34, 26], [14, 66, 78, 49, 23]]
dtype = "float64"

[inputs.wide]
random = "normal"
shape = [3, 7]
loc = 50.0
scale = 20.0
seed = 61

[[questions]]
id = "Q1"
title = "Batch normalisation"
points = 3
module = "q1"
  [[questions.checks]]
  kind = "function"
  target = "batch_norm"
  args = ["@seed_array"]
  points = 2
  [[questions.checks]]
  kind = "function"
  target = "batch_norm"
  args = ["@wide"]
  points = 1
  visibility = "hidden"

[[questions]]
id = "Q2"
title = "Layer normalisation"
points = 3
module = "q1"
  [[questions.checks]]
  kind = "function"
  target = "layer_norm"
  args = ["@seed_array"]
  points = 2
  [[questions.checks]]
  kind = "function"
  target = "layer_norm"
  args = ["@wide"]
  points = 1
  visibility = "hidden"
'''
NEEDS_JAIL = {"r_fork_bomb", "r_thread_bomb", "l_import_reference", "l_read_reference_file",
              "l_read_cache_and_rubric", "l_other_student", "l_network", "d_write_outside", "d_kill_everyone",
              "f_write_results_file", "f_symlinked_npz"}
HIDDEN_WIDE_FIRST = None  # filled by the fixture: a hidden input's first value, which must never be shown


def _course(root: Path) -> Path:
    (root / "rubrics").mkdir(parents=True)
    (root / "rubrics" / "adv.toml").write_text(RUBRIC)
    package = root / "reference" / "adv"
    package.mkdir(parents=True)
    (root / "reference" / "__init__.py").write_text("")
    (package / "__init__.py").write_text('"""Adversarial test assignment."""\n')
    shutil.copy(Path(HARNESS_ROOT) / "reference" / "hw06" / "q1.py", package / "q1.py")
    return root


def _write_class(classdir: Path, paths: dict[str, str]) -> None:
    for student, case in CASES.items():
        folder = classdir / student
        folder.mkdir(parents=True)
        target = folder / f"adv{case.suffix}"
        if case.raw is not None:
            target.write_bytes(case.raw)
        elif student == "c_hanging_cell_then_code":
            from harness_testing import active_content, write_notebook
            write_notebook(target, [("code", LAYER + BATCH), ("code", "while True:\n    pass"),
                                    ("code", "def batch_norm(x, eps=0.0):\n    return _right(x, eps)")])
        else:
            body = case.body
            for key, value in paths.items():
                body = body.replace("{" + key + "}", value)
            target.write_text(LAYER + BATCH + body)
    (classdir / "m_symlink_out").mkdir()
    os.symlink(classdir.parent / "course" / "reference" / "adv" / "q1.py", classdir / "m_symlink_out" / "adv.py")
    (classdir / "m_two_files").mkdir()
    (classdir / "m_two_files" / "adv.py").write_text(LAYER)
    (classdir / "m_two_files" / "adv.ipynb").write_text("{}")
    with open(classdir / "m_huge" / "adv.py" if (classdir / "m_huge").mkdir() is None else "", "wb") as f:
        f.truncate(51 * 2**20)  # sparse: a 51 MiB file that costs no disk


# Two files of one assignment are both the student's (issue 16): the module's layer_norm earns Q2, and
# the notebook that is not one is named, costing only what it would have answered.
EXTRA = {"m_symlink_out": (0, "outside your folder"), "m_two_files": (0, "adv.ipynb is not a Jupyter notebook", 3),
         "m_huge": (0, "MiB")}


def _snapshot(*folders: Path) -> dict[str, str]:
    found = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                found[str(path)] = hashlib.sha256(path.read_bytes()[:1 << 20]).hexdigest() + str(path.stat().st_size)
    return found


def _processes_with(marker: str) -> list[str]:
    found = []
    for name in os.listdir("/proc"):
        try:
            with open(f"/proc/{name}/cmdline", "rb") as handle:
                line = handle.read()
            with open(f"/proc/{name}/stat") as handle:
                zombie = handle.read().rsplit(")", 1)[1].split()[0] == "Z"
        except (OSError, IndexError):
            continue
        if marker.encode() in line and not zombie and int(name) != os.getpid():
            found.append(line.replace(b"\0", b" ").decode(errors="replace")[:200])
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("adversarial")
    course, classdir, out, cache, tmp = (base / n for n in ("course", "class", "out", "cache", "tmp"))
    _course(course)
    tmp.mkdir()
    paths = {"out": str(out), "course": str(course), "cache": str(cache), "classdir": str(classdir),
             "harness": str(Path(HARNESS_ROOT) / "harness")}
    _write_class(classdir, paths)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HARNESS_CACHE", str(cache))
        patch.setenv("TMPDIR", str(tmp))  # every worker's directory, hence its command line, holds this path
        patch.setattr(tempfile, "tempdir", None)
        api.grade(path=str(classdir), out=str(out), jobs=2, course=str(course), echo=lambda *_: None)
        before = _snapshot(course, classdir, Path(HARNESS_ROOT) / "harness")
        started = time.monotonic()
        time.sleep(0.3)
        yield {"out": out, "course": course, "classdir": classdir, "tmp": tmp, "paths": paths,
               "before": before, "seconds": time.monotonic() - started}


def _result(graded, student) -> dict:
    return json.loads((graded["out"] / student / "adv" / "results.json").read_text(encoding="utf-8"))


def _score(result: dict, question: str) -> float:
    return sum(t["score"] for t in result["tests"] if t["number"] == question)


def _told(result: dict, question: str) -> str:
    """Everything a student reads about a question, plus the submission-wide notes."""
    extra = result["extra_data"]
    parts = [t["output"] for t in result["tests"] if t["number"] == question]
    parts += [c["error"] for c in extra["cells"]] + list(extra["notes"]) + [extra["problem"], result["output"]]
    return "\n".join(parts)


ALL = {**{k: (c.q1, c.reason, c.q2) for k, c in CASES.items()}, **{k: (v[0], v[1], v[2] if len(v) > 2 else 0) for k, v in EXTRA.items()}}


@pytest.mark.parametrize("student", sorted(ALL))
def test_each_submission_gets_exactly_its_outcome(graded, student):
    if student in NEEDS_JAIL and not isolation.level().jail:
        pytest.skip("this machine cannot jail workers (needs root and unshare)")
    q1, reason, q2 = ALL[student]
    result = _result(graded, student)
    told = _told(result, "Q1")
    assert _score(result, "Q1") == q1, told
    assert reason.lower() in told.lower(), told
    assert _score(result, "Q2") == q2, _told(result, "Q2")
    json.dumps(result, ensure_ascii=False).encode("utf-8")  # valid UTF-8 all the way


def test_no_process_of_any_submission_is_left(graded):
    assert _processes_with(str(graded["tmp"])) == []
    assert _processes_with("advmarker") == []


def test_no_file_outside_the_sandboxes_changed(graded):
    assert _snapshot(graded["course"], graded["classdir"], Path(HARNESS_ROOT) / "harness") == graded["before"]
    for forbidden in ("pwned.txt",):
        assert not (graded["classdir"] / forbidden).exists() and not (graded["course"] / forbidden).exists()
    assert not Path("/pwned.txt").exists() and not (Path(HARNESS_ROOT) / "harness" / "pwned.py").exists()
    assert list(graded["tmp"].iterdir()) == []  # every worker directory was removed


def test_forged_results_files_are_replaced_by_the_graders(graded):
    result = _result(graded, "f_write_results_file")
    assert result["score"] == 3  # Q2 only
    assert "999" not in (graded["out"] / "gradebook.csv").read_text()


@pytest.mark.parametrize("student", ["l_hidden_input_in_error", "l_hidden_in_exception_name",
                                     "l_hidden_in_forged_resolution"])
def test_nothing_a_hidden_probe_prints_raises_or_reports_reaches_the_student(graded, student):
    assert "LEAKED" not in _seen_by_the_student(graded, student)
    hidden = [t for t in _result(graded, student)["tests"] if t["visibility"] == "hidden" and t["number"] == "Q1"]
    assert hidden[0]["status"] == "failed"
    if student != "l_hidden_in_forged_resolution":  # the test can fail: the instructor's part holds it
        assert "LEAKED" in json.dumps(hidden[0]["extra_data"])


def test_a_job_file_is_not_there_for_a_cell_to_read(graded):
    cell_output = _result(graded, "l_job_file_in_cell")["extra_data"]["cells"][0]["output"]
    assert "nojob" in cell_output and "inputs.npz" not in cell_output


def _seen_by_the_student(graded, student: str) -> str:
    """results.json without what only the instructor reads (each test's extra_data), and feedback.html."""
    result = _result(graded, student)
    for test in result["tests"]:
        test.pop("extra_data", None)
    page = (graded["out"] / student / "adv" / "feedback.html").read_text(encoding="utf-8")
    return json.dumps(result, ensure_ascii=False) + page


def test_a_top_level_scan_finds_no_hidden_input(graded):
    from harness.spec.inputs import materialise
    from harness.spec.rubric_loader import load_rubric

    hidden = materialise(load_rubric(graded["course"] / "rubrics" / "adv.toml").inputs["wide"])
    printed = _result(graded, "l_scan_for_hidden_inputs")["extra_data"]["cells"][0]["output"]
    assert "ARRAYS []" in printed and "FD 0" in printed and "ENV" in printed  # the scan ran, found nothing
    shown = _seen_by_the_student(graded, "l_scan_for_hidden_inputs")
    for value in hidden.ravel():
        assert f"{value:.4f}"[:-1] not in shown, value  # any printed form of it holds these digits
    assert f"{hidden.ravel()[0]:.4f}"[:-1] in repr(hidden.tolist())  # and that test can fail


def test_the_network_is_off(graded):
    if not isolation.level().namespaces:
        pytest.skip("no network namespace on this machine")
    assert "unreachable" in _told(_result(graded, "l_network"), "Q1").lower()


def test_the_executed_copies_hold_no_active_content(graded):
    pages = sorted(graded["out"].rglob("executed.html"))
    assert pages, "no executed copy was written"
    assert {str(p.relative_to(graded["out"])): active_content(p.read_text()) for p in pages
            if active_content(p.read_text())} == {}


def test_student_text_is_escaped_and_cleaned_in_feedback(graded):
    page = (graded["out"] / "i_script_tags" / "adv" / "feedback.html").read_text()
    assert "<script>alert" not in page and "<img src=x" not in page
    page = (graded["out"] / "i_terminal_escapes_and_bad_text" / "adv" / "feedback.html").read_text()
    assert "\x1b" not in page and "AAAA" * 10_000 not in page
