"""The function check's rule: reference first, then the answer, then known mistakes."""
import numpy as np

from harness.checks import CheckContext, kind
from harness.contract.protocol import Answer, ProbeError
from harness.spec.rubric import Check, Mistake, Question

CHECK = Check(kind="function", target="layer_norm", points=2)
QUESTION = Question(id="Q1", title="t", points=2, checks=[CHECK])
RIGHT = np.array([[1.0, -1.0], [-1.0, 1.0]])
NO_KEEPDIMS = Mistake(name="no-keepdims", target="layer_norm", function="m", explanation="broadcast across columns")


def grade(got: Answer, expected=Answer(value=RIGHT), mistakes=()):
    ctx = CheckContext(CHECK, QUESTION, {"main": got}, {"main": expected}, list(mistakes))
    return kind("function").grade(ctx)


def test_a_right_answer_gets_full_marks():
    assert grade(Answer(value=RIGHT.tolist())).fraction == 1.0


def test_a_wrong_answer_that_matches_a_known_mistake_is_named():
    wrong = np.array([[0.5, 0.5], [2.0, 2.0]])
    outcome = grade(Answer(value=wrong), mistakes=[(NO_KEEPDIMS, {"main": Answer(value=wrong)})])
    assert outcome.fraction == 0.0 and outcome.mistake is NO_KEEPDIMS
    assert "broadcast across columns" in outcome.message


def test_a_wrong_answer_unlike_any_mistake_is_only_a_mismatch():
    outcome = grade(Answer(value=RIGHT * 3), mistakes=[(NO_KEEPDIMS, {"main": Answer(value=RIGHT * 2)})])
    assert outcome.fraction == 0.0 and outcome.mistake is None and "values differ" in outcome.message


def test_an_error_reproduced_exactly_by_a_mistake_is_named():
    error = ProbeError("exception", "ValueError: operands could not be broadcast", ename="ValueError")
    outcome = grade(Answer(error=error), mistakes=[(NO_KEEPDIMS, {"main": Answer(error=error)})])
    assert outcome.mistake is NO_KEEPDIMS and outcome.hidden_summary == "`layer_norm` raised ValueError."


def test_credit_for_a_mistake_is_partial_points():
    half = Mistake(name="eps", target="layer_norm", function="m", explanation="e", credit=0.5)
    outcome = grade(Answer(value=RIGHT * 2), mistakes=[(half, {"main": Answer(value=RIGHT * 2)})])
    assert outcome.fraction == 0.5


def test_a_broken_reference_is_a_grader_problem_not_the_students():
    outcome = grade(Answer(value=RIGHT), expected=Answer(error=ProbeError("exception", "NameError: np")))
    assert outcome.grader_error and "not your mistake" in outcome.message
