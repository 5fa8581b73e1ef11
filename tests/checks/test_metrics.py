"""The `metrics` and `choice` kinds, graded in the grader on answers as the worker returns them."""
import numpy as np
import pytest
from sklearn.metrics import classification_report, confusion_matrix

from harness.checks import CheckContext, kind
from harness.contract.protocol import Answer
from harness.spec.rubric import Check, Mistake, Question

rng = np.random.default_rng(0)
Y_TRUE = rng.integers(0, 4, 200)
Y_PRED = np.where(rng.uniform(size=200) < 0.7, Y_TRUE, rng.integers(0, 4, 200))


def grade(kind_name, expected, got, *, options=None, mistakes=(), question_mistakes=(), target="report"):
    check = Check(kind=kind_name, target=target, points=1, atol=1e-6, options=options or {})
    question = Question(id="Q3", title="metrics", points=1, checks=[check], mistakes=list(question_mistakes))
    pairs = [(m, {"main": Answer(value=v)}) for m, v in mistakes]
    ctx = CheckContext(check, question, {"main": Answer(value=got)}, {"main": Answer(value=expected)}, pairs)
    return kind(kind_name).grade(ctx)


def sk_report(y_true, y_pred, **kw):
    return classification_report(y_true, y_pred, output_dict=True, zero_division=0, **kw)


def test_report_with_target_names_matches_by_order():
    named = sk_report(Y_TRUE, Y_PRED, target_names=[f"class {i}" for i in range(4)])
    assert grade("metrics", sk_report(Y_TRUE, Y_PRED), named).passed


def test_report_without_accuracy_key_passes():
    got = sk_report(Y_TRUE, Y_PRED)
    del got["accuracy"]
    assert grade("metrics", sk_report(Y_TRUE, Y_PRED), got).passed


def test_swapped_averages_fail_and_are_named():
    expected = sk_report(Y_TRUE, Y_PRED)
    swapped = {**expected, "macro avg": expected["weighted avg"], "weighted avg": expected["macro avg"]}
    outcome = grade("metrics", expected, swapped)
    assert outcome.fraction == 0 and "macro" in outcome.message and "weighted" in outcome.message
    mistake = Mistake(name="macro-weighted-swapped", target="report", function="f", explanation="mixed up")
    named = grade("metrics", expected, swapped, mistakes=[(mistake, swapped)])
    assert named.mistake is mistake and named.fraction == 0


def test_wrong_support_or_missing_class_fails():
    expected = sk_report(Y_TRUE, Y_PRED)
    wrong = {k: dict(v) if isinstance(v, dict) else v for k, v in expected.items()}
    wrong["0"]["support"] += 1
    assert not grade("metrics", expected, wrong).passed
    fewer = {k: v for k, v in expected.items() if k != "3"}
    assert "per-class entries" in grade("metrics", expected, fewer).message


def test_confusion_matrix_exact_and_transposed_named_by_message():
    expected = confusion_matrix(Y_TRUE, Y_PRED)
    assert grade("metrics", expected, expected.tolist(), options={"form": "matrix"}, target="confusion").passed
    outcome = grade("metrics", expected, expected.T, options={"form": "matrix"}, target="confusion")
    assert outcome.fraction == 0 and "transposed" in outcome.message
    off = expected.copy()
    off[0, 0] += 1
    assert "row sums" in grade("metrics", expected, off, options={"form": "matrix"}, target="confusion").message


@pytest.mark.parametrize("answer,passed", [("Recall", True), (" recall ", True), ("sensitivity", True),
                                           ("accuracy", False), ("f1", False)])
def test_choice_is_case_insensitive_and_names_listed_wrong_answers(answer, passed):
    mistake = Mistake(name="accuracy-misleads", target="recommended_metric", function="f", explanation="why")
    outcome = grade("choice", "recall", answer, target="recommended_metric",
                    options={"accept": ["sensitivity"], "mistaken": {"Accuracy": "accuracy-misleads"}},
                    question_mistakes=[mistake])
    assert outcome.passed is passed
    assert (outcome.mistake is mistake) is (answer == "accuracy")
