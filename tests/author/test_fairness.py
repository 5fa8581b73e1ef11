"""`harness validate`'s specificity: right answers under fair/ earn full marks (the fairness score),
nothing earns points for being absent, and every hidden check names its contract sentence."""
import json

import nbformat
import pytest
from harness_testing import write_notebook
from toy_course import CONTRACT, RUBRIC, SECRET, make_course, write_fair

from harness import api
from harness.author.fairness import fair_answers, score
from harness.author.release import build_template
from harness.author.validate import validate_course
from harness.checks import kind
from harness.checks.base import CheckContext
from harness.contract.protocol import Answer
from harness.grading.pipeline import Settings
from harness.results.message import say
from harness.spec.course import Course
from harness.spec.rubric import Check, Question, RubricError

# Three right answers written otherwise than the reference, and one the toy rubric marks down
# (its scaled() applies the factor twice), standing in for a right answer a too-strict check fails.
FAIR = {
    "np_mean": "import numpy as np\ndef centre(x):\n    return np.asarray(x, float) - np.mean(x, axis=0)\n"
               "def scaled(centred, factor=1.0):\n    return np.multiply(centred, factor)\n",
    "loops": "def centre(x):\n    cols = list(zip(*x))\n    means = [sum(c) / len(c) for c in cols]\n"
             "    return [[v - m for v, m in zip(row, means)] for row in x]\n"
             "def scaled(centred, factor=1.0):\n    return [[v * factor for v in row] for row in centred]\n",
    "marked_down": "import numpy as np\ndef centre(x):\n    x = np.asarray(x, float)\n"
                   "    return x - x.mean(axis=0)\ndef scaled(c, factor=1.0):\n    return c * factor * factor\n",
}


def _found(root):
    return {f.item: f for f in validate_course(Course(root), ["toy"], Settings(jobs=2))}


def test_fair_answers_are_graded_on_their_question_and_the_marked_down_one_is_listed(tmp_path):
    root = make_course(tmp_path / "c")
    for name, text in FAIR.items():
        write_fair(root, "toy", "Q1", name, text)
    notebook = write_notebook(root / "fair" / "toy" / "Q1" / "as_notebook.ipynb",
                              [("md", "# my centring"), ("code", FAIR["np_mean"])])
    (root / "fair" / "toy" / "Q9").mkdir()
    answers = fair_answers(Course(root), Course(root).rubric("toy"))
    assert [a.name for a in answers["Q1"]] == ["as_notebook", "loops", "marked_down", "np_mean"]
    assert answers["Q1"][0].path == notebook and answers["Q2"] == []

    found = _found(root)
    fairness = found["Q1 fairness"]
    assert not fairness.ok and fairness.fair == (3, 4) and fairness.detail.startswith("0.75 (3/4")
    lost = found["Q1 fair marked_down marked down"]
    assert not lost.ok and lost.detail.startswith("Q1.3 scaled centring: ")
    assert "Q1.1" not in lost.detail and "Q1.2" not in lost.detail  # only the checks it lost are listed
    assert not any("np_mean" in item or "loops" in item or "as_notebook" in item for item in found)
    assert found["Q1 fair answers"].note and "4 fair answers (fewer than 5)" in found["Q1 fair answers"].detail
    assert "Q2 fair answers" not in found  # a prose question needs none
    assert found["fair/toy/Q9"].note and "names no question" in found["fair/toy/Q9"].detail


def test_the_fairness_score_is_full_marks_over_fair_answers():
    from harness.author.fairness import FairAnswer, FairVerdict

    answer = FairAnswer("Q1", "a", None)
    assert score([FairVerdict(answer, True, ()), FairVerdict(answer, False, ("Q1.1",))]) == 0.5
    assert score([]) is None


def test_validate_fails_below_fairness_one_and_summarises(tmp_path):
    root = make_course(tmp_path / "c")
    for name, text in FAIR.items():
        write_fair(root, "toy", "Q1", name, text)
    lines = []
    ok = api.validate(course=str(root), jobs=2, echo=lines.append)
    text = "\n".join(lines)
    assert not ok
    summary = text[text.index("== summary: toy =="):]
    assert "fairness score: 0.67 (2/3 fair answers earn full marks over 1 questions; marked down in toy Q1 2/3" \
        in summary
    assert "hidden checks without a contract sentence: 0 of 1" in summary
    assert "no credit for absence: template and empty notebook earn 0 in every question of 1 assignments" in summary
    assert "mutation score: not measured" in summary and summary.rstrip().endswith("result: FAIL")
    # The instructor sees the contract sentence beside its hidden check.
    assert f'toy Q1.2 hush-hush check: "{CONTRACT}"' in text


# ---- contract sentences ---------------------------------------------------------------------

def test_a_hidden_check_without_a_contract_sentence_is_a_finding(tmp_path):
    root = make_course(tmp_path / "c", rubric=RUBRIC.replace(f'  contract = "{CONTRACT}"\n', ""))
    found = _contract_findings(root)
    assert not found["Q1.2 contract"].ok and "hush-hush check" in found["Q1.2 contract"].detail


def test_a_contract_sentence_missing_from_course_md_is_noted(toy_course):
    (toy_course / "COURSE.md").write_text("# Toy\n\nCentre accepts any **two-dimensional** float array,\n"
                                          "including large values (zebra-quartz clause).\n", encoding="utf-8")
    assert _contract_findings(toy_course) == {}  # found, across markdown and line breaks
    (toy_course / "COURSE.md").write_text("# Toy\n\nNothing is promised.\n", encoding="utf-8")
    found = _contract_findings(toy_course)
    assert found["Q1.2 contract"].ok and found["Q1.2 contract"].note


def _contract_findings(root):
    from harness.author.validate import contract_findings

    course = Course(root)
    return {f.item: f for f in contract_findings(course, course.rubric("toy"))}


def test_the_contract_never_reaches_a_student(toy_course, tmp_path):
    course = Course(toy_course)
    assert CONTRACT not in nbformat.writes(build_template(course, course.rubric("toy")))
    wrong = "import numpy as np\ndef centre(x):\n    return np.asarray(x) * 0 + 1\ndef scaled(c, factor=1.0):\n    return c\n"
    write_notebook(tmp_path / "class" / "s1" / "toy.ipynb", [("code", wrong)])
    api.grade(path=str(tmp_path / "class"), course=str(toy_course), out=str(tmp_path / "out"), jobs=1,
              echo=lambda *_: None)
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert any(p.name == "results.json" for p in written) and any(p.name == "feedback.html" for p in written)
    for path in written:
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert "zebra-quartz" not in text, path
    results = json.loads((tmp_path / "out" / "s1" / "toy" / "results.json").read_text(encoding="utf-8"))
    assert "zebra-quartz" not in json.dumps(results) and str(SECRET) not in json.dumps(results)
    lines = []
    api.check(file=str(tmp_path / "class" / "s1" / "toy.ipynb"), course=str(toy_course), out=str(tmp_path / "fb"),
              echo=lines.append)
    assert "zebra-quartz" not in "\n".join(lines)
    assert all("zebra-quartz" not in p.read_text(encoding="utf-8", errors="replace")
               for p in (tmp_path / "fb").rglob("*") if p.is_file())


# ---- no credit for absence ------------------------------------------------------------------

ABSENT = '''
[[questions]]
id = "Q3"
title = "Absences"
points = 2
module = "q3"

  [[questions.checks]]
  name = "the scale"
  kind = "value"
  target = "scale"
  points = 1

  [[questions.checks]]
  name = "a docstring somewhere"
  kind = "source"
  options = { detector = "detect_anything", passes_when = "present" }
  points = 1
'''

# A reference whose answer is None (as the template's ``scale = None``) and a detector that finds its
# pattern in no code at all: rubric mistakes that give points for nothing.
Q3 = '''
scale = None


def detect_anything(source):
    return True
'''


def test_checks_giving_credit_for_absence_fail_validate_per_question(tmp_path):
    root = make_course(tmp_path / "c", rubric=RUBRIC + ABSENT)
    (root / "reference" / "toy" / "q3.py").write_text(Q3, encoding="utf-8")
    found = _found(root)
    template, empty = found["template scores zero"], found["empty notebook scores zero"]
    assert not template.ok and "Q3 earned 2 points: Q3.1 the scale" in template.detail and "Q3.2" in template.detail
    assert not empty.ok and "Q3 earned 1 points: Q3.2 a docstring somewhere" in empty.detail
    assert "Q1 earned" not in template.detail + empty.detail


def test_a_source_rule_passing_on_absence_needs_the_call_it_inspects():
    question = Question(id="Q1", title="t", points=1)
    rule = kind("source")
    with pytest.raises(RubricError, match="needs a target"):
        rule.validate(Check(kind="source", points=1, options={"detector": "d"}), question, "Q1.1")
    rule.validate(Check(kind="source", points=1, target="fit", options={"detector": "d"}), question, "Q1.1")
    rule.validate(Check(kind="source", points=1, options={"detector": "d", "passes_when": "present"}), question, "Q1.1")


def test_a_source_rule_scores_zero_and_says_what_it_looked_for_when_the_call_is_absent(tmp_path):
    reference = tmp_path / "q7.py"
    reference.write_text("def detect(source):\n    return 'x, y, validation_data=(x, y)' in source\n")
    check = Check(kind="source", points=1, target="fit", options={"detector": "detect"})
    ctx = CheckContext(check, Question(id="Q7", title="t", points=1), {}, {}, code=("import numpy as np",),
                       reference_file=str(reference))
    outcome = kind("source").grade(ctx)
    assert outcome.fraction == 0.0 and outcome.message.id == "source.no_call" and "`fit(...)`" in outcome.message
    ctx = CheckContext(check, ctx.question, {}, {}, code=("model.fit(x, y)",), reference_file=str(reference))
    assert kind("source").grade(ctx).passed


def test_an_empty_table_earns_nothing_from_rules_that_hold_of_no_rows():
    check = Check(kind="table", target="ablation_table", points=4,
                  options={"rules": {"losses": 1, "fractions": 1, "seconds": 1, "rows": 1}})
    reference = {"main": Answer(value=[{"variant": "a", "min_train_loss": 1.0, "min_val_loss": 1.0,
                                        "max_val_accuracy": 0.5, "seconds": 2.0}])}
    ctx = CheckContext(check, Question(id="Q3", title="t", points=4), {"main": Answer(value=[])}, reference)
    outcome = kind("table").grade(ctx)
    assert outcome.fraction == 0.0 and outcome.message.id == "table.no_rows" and "max_val_accuracy" in outcome.message
    assert "max_val_accuracy" in say("table.no_rows", keys="['max_val_accuracy']").__str__()


def _as_the_grader_reads_it(exc: BaseException):
    """An exception raised in a worker action, reported as the worker does and read as the grader does."""
    from harness.contract.protocol import error_from_json
    from harness.run.reasons import worded
    from harness.worker.execute import describe_exception

    try:
        raise exc
    except BaseException as raised:
        return worded(error_from_json(describe_exception(raised)))


def test_a_check_inspecting_a_model_says_it_looked_for_one_when_the_answer_is_none():
    from harness.checks.function import describe_error
    from harness.contract.protocol import ProbeError
    from harness.render.locale import fa
    from harness.worker.failure_reasons import NotInspectable

    error = _as_the_grader_reads_it(NotInspectable("model", None))
    said = describe_error(error, "build_classifier", True)
    assert said.id == "error.looked_for" and said.params["thing"].id == "looked.model"
    assert str(said) == ("the check looks for a Keras model in `build_classifier(...)` and found none "
                         "(it is a `NoneType`), so there is nothing to grade")
    assert "error.looked_for" in fa.ENGINE and "looked.model" in fa.ENGINE
    ctx = CheckContext(Check(kind="model", target="build_classifier", points=1), Question(id="Q1", title="t", points=1),
                       {"main": Answer(error=error)}, {"main": Answer(value={"params": 10})})
    outcome = kind("model").grade(ctx)
    assert outcome.fraction == 0.0 and outcome.message.id == "error.looked_for"
    # The same words raised by the student's own code are the student's text, not the harness's reason.
    own = _as_the_grader_reads_it(TypeError("expected a Keras model, got a NoneType"))
    assert describe_error(own, "f", True).id == "error.exception"
    other = describe_error(ProbeError("exception", "ValueError: bad shape"), "f", True)
    assert other.id == "error.exception"
