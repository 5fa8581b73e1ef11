"""`harness validate`: the conformance suite passes on good rubrics and names what is wrong in bad ones."""
import subprocess
import sys

from harness_testing import REPO, hw06_first_questions_course
from toy_course import Q1, RUBRIC, make_course

from harness.author.validate import validate_course
from harness.grading.pipeline import Settings
from harness.spec.course import Course
from harness.spec.reference_code import flat_submission


def _results(course_root):
    findings = validate_course(Course(course_root), ["toy"], Settings(jobs=2))
    return {f.item: f for f in findings}


def test_a_sound_rubric_passes_every_conformance_item(toy_course):
    found = _results(toy_course)
    assert set(found) == {"rubric loads", "Q1 names", "reference scores full marks", "template scores zero",
                          "empty notebook scores zero", "mistake rows (centre)", "Q1 fair answers"}
    assert all(f.ok for f in found.values()), found
    assert found["Q1 fair answers"].note and "0 fair answers" in found["Q1 fair answers"].detail


def test_a_mistake_the_checks_cannot_tell_apart_fails(tmp_path):
    # The "mistake" computes exactly what the reference does: no check can catch it.
    q1 = Q1.replace("return x - x.mean(axis=1, keepdims=True)", "return x - x.mean(axis=0, keepdims=True)")
    found = _results(make_course(tmp_path / "c", q1=q1))
    assert not found["mistake rows (centre)"].ok and "3 / 3" in found["mistake rows (centre)"].detail


def test_a_check_naming_something_the_reference_lacks_fails(tmp_path):
    rubric = RUBRIC.replace('target = "scaled"', 'target = "scaled_up"')
    found = _results(make_course(tmp_path / "c", rubric=rubric))
    assert not found["Q1 names"].ok and "`scaled_up`" in found["Q1 names"].detail
    assert "reference scores full marks" not in found  # nothing is graded against a broken rubric


def test_a_wrong_reference_fails_full_marks(tmp_path):
    q1 = Q1.replace("def scaled(centred, factor=1.0):\n    return centred * factor",
                    "def scaled(centred, factor=1.0):\n    raise ValueError('unfinished')")
    found = _results(make_course(tmp_path / "c", q1=q1))
    assert not found["reference scores full marks"].ok and "ValueError" in found["reference scores full marks"].detail


def test_a_mistake_submission_replaces_only_its_target(toy_course):
    course = Course(toy_course)
    text = flat_submission(course, course.rubric("toy"), {"centre": "mistake_centre_rows"})
    namespace = {}
    exec(compile(text, "<submission>", "exec"), namespace)
    import numpy as np
    x = np.array([[1.0, 3.0], [2.0, 8.0]])
    assert np.allclose(namespace["centre"](x), x - x.mean(axis=1, keepdims=True))
    assert np.allclose(namespace["scaled"](x, 2.0), 2 * x)


def test_validate_cli_exits_1_on_a_broken_rubric_and_0_on_hw06(tmp_path):
    broken = make_course(tmp_path / "c", rubric=RUBRIC.replace('target = "scaled"', 'target = "nope"'))
    run = subprocess.run([sys.executable, "-m", "harness", "--course", str(broken), "validate"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1 and "FAIL" in run.stdout
    # hw06 Q1-Q2 (NumPy): mutants of the TensorFlow questions train models and take many
    # minutes, which `tox -e validate` spends, not the unit tests.
    course = _with_contracts(hw06_first_questions_course(tmp_path / "hw06"))
    run = subprocess.run([sys.executable, "-m", "harness", "--course", str(course), "validate", "hw06", "--mutants",
                          "--jobs", "2"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "mutation score: 1.00" in run.stdout and "FAIL" not in run.stdout
    assert run.stdout.rstrip().endswith("result: PASS")


def _with_contracts(course):
    """hw06's hidden checks with a contract sentence each, where the rubric has none yet (a hidden
    check without one is a finding of its own, tested on the toy course)."""
    path = course / "rubrics" / "hw06.toml"
    blocks = path.read_text(encoding="utf-8").split("[[questions.checks]]")
    for i, block in enumerate(blocks):
        if 'visibility = "hidden"' in block and "contract =" not in block:
            blocks[i] = block.replace('visibility = "hidden"', 'visibility = "hidden"\n  contract = "(test) allowed"', 1)
    path.write_text("[[questions.checks]]".join(blocks), encoding="utf-8")
    return course


def test_imports_between_reference_modules_become_one_namespace(toy_course):
    (toy_course / "reference" / "toy" / "q2.py").write_text(
        "from reference.toy.q1 import centre as centred_by_q1\nfrom .q1 import scaled\n")
    course = Course(toy_course)
    text = flat_submission(course, course.rubric("toy"))
    assert "import" not in text.replace("import numpy as np", "")
    namespace = {}
    exec(compile(text, "<submission>", "exec"), namespace)
    assert namespace["centred_by_q1"] is namespace["centre"]


RULES = '''
[[questions]]
id = "Q3"
title = "Rules"
points = 2
module = "q3"

  [[questions.checks]]
  name = "every mean names its axis"
  kind = "source"
  target = "mean"
  options = { detector = "detect_mean_without_axis" }
  points = 1

  [[questions.checks]]
  name = "the scale"
  kind = "value"
  target = "scale"
  points = 1

  [[questions.mistakes]]
  name = "no-axis"
  target = "mean"
  function = "detect_mean_without_axis"
'''

Q3 = '''
"""A static rule and a variable built lazily (as hw01's SGD optimizer is)."""
import ast

DETECTOR_EXAMPLES = {"detect_mean_without_axis": "def overall(x):\\n    return x - x.mean()\\n"}


def detect_mean_without_axis(source):
    """A mean over the whole array, where the question asks for one per column."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "mean" \\
                and not node.args and not any(k.arg == "axis" for k in node.keywords):
            return True
    return False


def __getattr__(name):
    if name == "scale":
        return 2.5
    raise AttributeError(name)
'''


def test_a_source_rule_and_a_lazily_built_variable_validate(tmp_path):
    root = make_course(tmp_path / "c", rubric=RUBRIC + RULES)
    (root / "reference" / "toy" / "q3.py").write_text(Q3, encoding="utf-8")
    found = _results(root)
    # The rule names its detector; the template has no mean() and the variable is None: zero.
    assert found["Q3 names"].ok and "2 names" in found["Q3 names"].detail
    assert all(f.ok for f in found.values()), found
    assert "Q3 1 / 2" in found["mistake no-axis (mean)"].detail


def test_a_detected_mistake_without_an_example_cell_fails(tmp_path):
    root = make_course(tmp_path / "c", rubric=RUBRIC + RULES)
    (root / "reference" / "toy" / "q3.py").write_text(Q3.replace("DETECTOR_EXAMPLES", "EXAMPLES"), encoding="utf-8")
    found = _results(root)
    assert not found["mistake no-axis (mean)"].ok and "DETECTOR_EXAMPLES" in found["mistake no-axis (mean)"].detail
    assert found["reference scores full marks"].ok


def test_own_imports_inside_functions_are_dropped_from_the_flat_submission(toy_course):
    (toy_course / "reference" / "toy" / "q2.py").write_text(
        "def doubled(x):\n    from reference.toy.q1 import scaled\n    return scaled(x, 2.0)\n")
    text = flat_submission(Course(toy_course), Course(toy_course).rubric("toy"))
    namespace = {}
    exec(compile(text, "<submission>", "exec"), namespace)
    assert "reference" not in text.split("# ---- reference.toy.q2 ----")[1]
    assert namespace["doubled"](3.0) == 6.0


def test_a_mistake_for_a_function_another_module_imports_still_replaces_the_function(toy_course):
    # hw03: training.py imports build_cnn from q2; that import must not make build_cnn a variable.
    (toy_course / "reference" / "toy" / "q2.py").write_text("from .q1 import centre\n")
    course = Course(toy_course)
    text = flat_submission(course, course.rubric("toy"), {"centre": "mistake_centre_rows"})
    namespace = {}
    exec(compile(text, "<submission>", "exec"), namespace)
    import numpy as np
    x = np.array([[1.0, 3.0], [2.0, 8.0]])
    assert np.allclose(namespace["centre"](x), x - x.mean(axis=1, keepdims=True))


def test_a_mistake_is_graded_on_its_own_question_only(toy_course):
    from harness.author.validate import _QuestionView

    view = _QuestionView(Course(toy_course))
    one = view.rubric("toy@Q1")
    assert one.id == "toy@Q1" and [q.id for q in one.questions] == ["Q1"] and one.reference == "reference.toy"
    assert [q.id for q in view.rubric("toy").questions] == ["Q1", "Q2"]
    assert view.reference_dir(one) == Course(toy_course).reference_dir(one)
