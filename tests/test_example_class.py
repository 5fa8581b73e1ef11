"""End to end: `harness grade submissions/` gives every example the score it was written to show
(tests/expected_scores/<assignment>.toml)."""
import csv
import json
import subprocess
import sys
import tomllib

import pytest
from harness_testing import REPO

# tests/expected_scores/<assignment>.toml: [student] tables, one per example submission.
EXPECTED: dict[str, dict[str, dict]] = {}
for _file in sorted((REPO / "tests" / "expected_scores").glob("*.toml")):
    for _student, _expected in tomllib.loads(_file.read_text()).items():
        EXPECTED.setdefault(_student, {})[_file.stem] = _expected
CASES = [(student, assignment) for student, per in EXPECTED.items() for assignment in per]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    out = tmp_path_factory.mktemp("graded")
    # The class trains real models: minutes on two cores, more on a busy machine.
    run = subprocess.run([sys.executable, "-m", "harness", "grade", "submissions", "--out", str(out), "--jobs", "2"],
                         cwd=REPO, capture_output=True, text=True, timeout=2400)
    assert run.returncode == 0, run.stderr
    return out, run.stdout


@pytest.mark.parametrize("student, assignment", CASES)
def test_each_example_gets_the_verdict_it_was_written_to_show(graded, student, assignment):
    out, _ = graded
    expected = EXPECTED[student][assignment]
    folder = out / student / assignment
    data = json.loads((folder / "results.json").read_text())
    assert (folder / "feedback.html").stat().st_size > 0
    by_question = {}
    for test in data["tests"]:
        by_question[test["number"]] = by_question.get(test["number"], 0) + test["score"]
    for question, score in expected.items():
        if question.startswith("Q"):
            assert by_question[question] == pytest.approx(score), question
    named = {t["extra_data"]["mistake"]["name"] for t in data["tests"] if "mistake" in t["extra_data"]}
    assert named == set(expected["mistakes"])
    answered = {t["number"] for t in data["tests"] if t["extra_data"].get("answered")}
    assert answered == set(expected["answered"])
    # Cells cut by a time limit pass or fail with the machine's speed; their verdicts must not.
    racing = set(expected.get("load_dependent_cells", []))
    failed_cells = [c["index"] for c in data["extra_data"]["cells"] if c["status"] != "ok" and c["index"] not in racing]
    assert failed_cells == [c for c in expected.get("failed_cells", []) if c not in racing]
    page = (folder / "feedback.html").read_text()
    for name in expected["mistakes"]:
        assert f"Known mistake: {name}" in page


def test_the_class_outputs_exist(graded):
    out, stdout = graded
    rows = list(csv.DictReader((out / "gradebook.csv").open()))
    assert sorted(r["student"] for r in rows) == sorted(EXPECTED)
    assert (out / "index.html").exists()
    assert "s2302" in stdout and "no-keepdims" in stdout


def test_a_re_grade_gives_identical_results(graded, tmp_path):
    out, _ = graded
    subprocess.run([sys.executable, "-m", "harness", "grade", "submissions/s2302/hw06.ipynb", "--out", str(tmp_path)],
                   cwd=REPO, check=True, capture_output=True, timeout=300)
    first = json.loads((out / "s2302" / "hw06" / "results.json").read_text())
    second = json.loads((tmp_path / "s2302" / "hw06" / "results.json").read_text())
    for data in (first, second):
        data.pop("execution_time")
        for cell in data["extra_data"]["cells"]:
            cell.pop("seconds")
    assert first == second
