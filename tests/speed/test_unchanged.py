"""A re-run over an unchanged class is answered without the engine; any change still re-grades."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from harness_testing import REPO, hw06_first_questions_course

from harness import api
from harness.results import resume, store, unchanged

ENGINE = ("numpy", "tensorflow", "keras", "jinja2", "harness.api", "harness.grading.pipeline", "harness.spec.rubric")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A hw06 (Q1-Q2) course with its own copy of the references, two students, graded once."""
    root = tmp_path_factory.mktemp("unchanged")
    course = hw06_first_questions_course(root / "course")
    (course / "reference").unlink()
    (course / "reference" / "hw06").mkdir(parents=True)
    shutil.copy(REPO / "reference" / "__init__.py", course / "reference")
    for module in (REPO / "reference" / "hw06").glob("*.py"):
        shutil.copy(module, course / "reference" / "hw06")
    _class(root, ("ana", "s2301"), ("bo", "s2302"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HARNESS_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))
        said = _grade(root)
    return root, said


def _class(root, *students):
    for student, example in students:
        (root / "class" / student).mkdir(parents=True)
        shutil.copy(REPO / "submissions" / example / "hw06.ipynb", root / "class" / student)


def _grade(root) -> list[str]:
    said = []
    api.grade(path=str(root / "class"), out=str(root / "out"), jobs=1, course=str(root / "course"),
              echo=said.append, progress=False)
    return said


def _replay(root, **kw):
    return unchanged.replay(**{"path": str(root / "class"), "assignment": None, "out": str(root / "out"),
                               "device": "cpu", "data_dir": None, "course": str(root / "course"), "lang": None,
                               **kw})


def _cli(root, *args, importtime=False):
    flags = ["-X", "importtime"] if importtime else []
    return subprocess.run([sys.executable, *flags, "-m", "harness", "--course", "course", *args], cwd=root,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=600)


def test_a_rerun_over_an_unchanged_class_prints_the_same_table_without_importing_the_engine(tmp_path):
    hw06_first_questions_course(tmp_path / "course")
    _class(tmp_path, ("ana", "s2301"))
    first = _cli(tmp_path, "grade", "class", "--out", "out", "--jobs", "1")
    assert first.returncode == 0, first.stderr
    again = _cli(tmp_path, "grade", "class", "--out", "out", "--jobs", "1", importtime=True)
    assert again.returncode == 0
    said = "resuming: 1 submission(s) already graded in out/ are kept (--force re-grades them)\n"
    assert again.stdout == said + first.stdout
    imported = {line.split("|")[-1].strip() for line in again.stderr.splitlines() if line.startswith("import time:")}
    assert "harness.results.unchanged" in imported  # -X importtime did list this run's imports
    assert not [name for name in imported if name.split(".")[0] in ENGINE or name in ENGINE]
    forced = _cli(tmp_path, "grade", "class", "--out", "out", "--jobs", "1", "--force", importtime=True)
    assert forced.returncode == 0 and "import time:" in forced.stderr and "harness.api" in forced.stderr


def test_a_changed_file_rubric_or_reference_is_not_taken_as_unchanged(graded, monkeypatch):
    root, _ = graded
    assert _replay(root) is not None
    for path in (root / "class" / "bo" / "hw06.ipynb", root / "course" / "rubrics" / "hw06.toml",
                 root / "course" / "reference" / "hw06" / "q2.py"):
        before = path.read_bytes()
        path.write_bytes(before + b"\n")
        assert _replay(root) is None, path
        path.write_bytes(before)
        assert _replay(root) is not None, path  # the contents count, not the file's time
    assert _replay(root, lang="fa") is None
    assert _replay(root, device="auto") is None  # resolving "auto" is the engine's business
    real = resume.installed_state()
    monkeypatch.setattr(resume, "installed_state", lambda: real[:-1] + [(real[-1][0], real[-1][1] + 1)])
    assert _replay(root) is None  # a library installed or upgraded


def test_an_edited_or_missing_output_means_the_engine_runs_again(graded):
    root, _ = graded
    for name in ("ana/hw06/results.json", "ana/hw06/feedback.html", "index.html", "gradebook.csv",
                 "not-graded.json"):
        path = root / "out" / name
        before = path.read_bytes()
        path.write_bytes(before[: len(before) // 2])  # truncated by a crash, or edited by hand
        assert _replay(root) is None, name
        path.unlink()
        assert _replay(root) is None, name
        path.write_bytes(before)
    assert _replay(root) is not None
    marker = root / "out" / store.CLASS_MARKER
    for broken in ('{"state": "', '{"state": "x", "lines": [], "references": {"hw06": 3}, "versions": {}, '
                                   '"installed": [1]}', '[]'):
        marker.write_text(broken)
        assert _replay(root) is None


def test_a_truncated_result_is_graded_again_and_the_class_recognised_after(graded):
    root, _ = graded
    results = root / "out" / "bo" / "hw06" / "results.json"
    results.write_text('{"score": 5, "tes')
    assert _replay(root) is None
    said = _grade(root)
    assert said[0].startswith("resuming: 1 submission(s)")
    assert store.read_result(results).student == "bo"
    assert _replay(root) == [unchanged.resuming_line(2, str(root / "out"))] + said[1:]
