"""hw06 Q1 answers written the ways students write them get the verdict a TA would give."""
import json
import subprocess
import sys
import textwrap

import pytest
from harness_testing import REPO

STYLES = {
    # keepdims on the mean only: the std of row i still divides column i
    "half_keepdims": ("""
        def batch_norm(x, eps=0.0):
            return (x - np.mean(x, axis=0)) / np.std(x, axis=0)
        def layer_norm(x, eps=0.0):
            return (x - np.mean(x, axis=1, keepdims=True)) / np.std(x, axis=1)
        """, 5, {"no-keepdims"}),
    # loops building lists, batch_norm column by column (so transposed)
    "loops_transposed": ("""
        def batch_norm(x, eps=0.0):
            return [list((x[:, j] - x[:, j].mean()) / (x[:, j].var() + eps) ** 0.5) for j in range(x.shape[1])]
        def layer_norm(x, eps=0.0):
            return [list((row - row.mean()) / (row.var() + eps) ** 0.5) for row in x]
        """, 5, set()),
    # float32 throughout, eps added to the std
    "float32_eps_outside": ("""
        def batch_norm(x, eps=0.0):
            return (x - x.mean(axis=0)) / (x.std(axis=0) + eps)
        def layer_norm(x, eps=0.0):
            x = np.float32(x)
            return (x - x.mean(axis=1, keepdims=True)) / (x.std(axis=1, keepdims=True) + eps)
        """, 8, {"eps-outside-sqrt"}),
    # axes swapped in both
    "axes_swapped": ("""
        def batch_norm(x, eps=0.0):
            return (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True) + eps)
        def layer_norm(x, eps=0.0):
            return (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps)
        """, 0, {"axes-swapped"}),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("styles")
    for student, (code, _, _) in STYLES.items():
        (root / "class" / student).mkdir(parents=True)
        (root / "class" / student / "hw06.py").write_text("import numpy as np\n" + textwrap.dedent(code))
    run = subprocess.run([sys.executable, "-m", "harness", "grade", str(root / "class"), "--out", str(root / "out")],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return {s: json.loads((root / "out" / s / "hw06" / "results.json").read_text()) for s in STYLES}


@pytest.mark.parametrize("student", list(STYLES))
def test_q1_score_and_named_mistakes(graded, student):
    _, q1_score, mistakes = STYLES[student]
    tests = [t for t in graded[student]["tests"] if t["number"] == "Q1"]
    assert sum(t["score"] for t in tests) == q1_score
    assert {t["extra_data"]["mistake"]["name"] for t in tests if "mistake" in t["extra_data"]} == mistakes


def test_a_transposed_answer_is_called_transposed_even_in_hidden_checks(graded):
    tests = [t for t in graded["loops_transposed"]["tests"] if t["name"].startswith("Q1 · batch_norm")]
    assert all("transposed" in t["output"] or "swapped" in t["output"] for t in tests)
