"""The `vectors` kind: neighbour lists in order, and a PCA projection equal up to column signs."""
import numpy as np

from harness.checks import CheckContext, kind
from harness.contract.protocol import Answer
from harness.spec.rubric import Check, Mistake, Question


def grade(expected, got, form, mistakes=()):
    check = Check(kind="vectors", target="f", points=1, rtol=1e-4, atol=1e-5, options={"form": form})
    question = Question(id="Q1", title="vectors", points=1, checks=[check])
    pairs = [(m, {"main": Answer(value=v)}) for m, v in mistakes]
    ctx = CheckContext(check, question, {"main": Answer(value=got)}, {"main": Answer(value=expected)}, pairs)
    return kind("vectors").grade(ctx)


def pca(x, centred=True):
    x = x - x.mean(axis=0) if centred else x
    return x @ np.linalg.svd(x, full_matrices=False)[2][:2].T


def test_projection_equal_up_to_the_sign_of_each_column():
    x = np.random.default_rng(1).normal(size=(7, 24))
    expected = pca(x)
    assert grade(expected, expected * [-1.0, 1.0], "projection").passed
    assert grade(expected, (expected * [1.0, -1.0]).tolist(), "projection").passed


def test_uncentred_projection_fails_and_is_named():
    x = np.random.default_rng(1).normal(loc=2.0, size=(7, 24))
    mistake = Mistake(name="pca-not-centred", target="f", function="m", explanation="not centred")
    outcome = grade(pca(x), -pca(x, centred=False), "projection", [(mistake, pca(x, centred=False))])
    assert outcome.fraction == 0 and outcome.mistake is mistake


def test_projection_with_wrong_shape_fails():
    expected = pca(np.random.default_rng(1).normal(size=(7, 24)))
    assert "shape" in grade(expected, expected.T, "projection").message


def test_neighbours_need_the_same_words_in_order():
    expected = [["queen", 0.9], ["king", 0.8]]
    assert grade(expected, [("queen", 0.90001), ("king", 0.8)], "neighbours").passed
    outcome = grade(expected, [("king", 0.8), ("queen", 0.9)], "neighbours")
    assert outcome.fraction == 0 and "words" in outcome.message
    assert not grade(expected, [("queen", 0.7), ("king", 0.8)], "neighbours").passed
    assert not grade(expected, "queen", "neighbours").passed
