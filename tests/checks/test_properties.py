"""The `properties` kind: rotate_batch's output is judged by what must hold of it, and the
way a wrong answer fails names the known mistake behind it."""
import numpy as np
import pytest

from harness.checks import CheckContext, kind
from harness.contract.protocol import Answer
from harness.spec.rubric import Check, Mistake, Question
from harness.worker.actions.properties_actions import check_properties
from reference.hw06 import q3

IMAGES = {"random": "integers", "shape": [16, 32, 32, 3], "low": 0, "high": 256, "dtype": "uint8", "seed": 0}
OPTIONS = {"args": [IMAGES, 0], "properties": ["same_shape", "rotations_undone"],
           "diagnostics": ["rotations_undone_clockwise", "one_hot_4"]}
MISTAKES = ["labels_not_one_hot", "one_k_per_batch", "clockwise", "batch_axis"]


def verdicts(function, options=OPTIONS):
    return check_properties(function, options, {})


def grade(student, options=OPTIONS, names=MISTAKES):
    check = Check(kind="properties", target="rotate_batch", points=4, options=options)
    mistakes = [(Mistake(name=name, target="rotate_batch", function=f"mistake_rotate_batch_{name}",
                         explanation=name.upper()),
                 {"main": Answer(value=verdicts(getattr(q3, f"mistake_rotate_batch_{name}"), options))})
                for name in names]
    ctx = CheckContext(check=check, question=Question(id="Q3", title="t", points=4, checks=[check]),
                       student={"main": Answer(value=student)}, reference={"main": Answer(value=verdicts(q3.rotate_batch, options))},
                       mistakes=mistakes)
    return kind("properties").grade(ctx)


def test_the_reference_and_a_differently_seeded_answer_pass():
    def other_rng(x, seed):
        k = np.random.default_rng(seed + 99).integers(0, 4, size=len(x))
        return np.stack([np.rot90(img, t) for img, t in zip(x, k)]), np.eye(4)[k]

    assert grade(verdicts(q3.rotate_batch)).fraction == 1.0
    assert grade(verdicts(other_rng)).fraction == 1.0


def test_clockwise_rotation_fails_and_is_named():
    outcome = grade(verdicts(q3.mistake_rotate_batch_clockwise))
    assert outcome.fraction == 0.0 and outcome.mistake.name == "clockwise"
    assert "np.rot90(x_rot[i], -k)" in outcome.message


def test_labels_not_one_hot_fail_only_the_label_property_and_are_named():
    labels = {**OPTIONS, "properties": ["one_hot_4"], "diagnostics": []}
    assert grade(verdicts(q3.mistake_rotate_batch_labels_not_one_hot)).fraction == 1.0  # images are right
    outcome = grade(verdicts(q3.mistake_rotate_batch_labels_not_one_hot, labels), labels)
    assert outcome.fraction == 0.0 and outcome.mistake.name == "labels_not_one_hot"


# As rubrics/hw06.toml's check: the diagnostics tell one k per batch (images turned as labelled)
# from np.rot90 on the batch axis (one k too, but the images are not turned as labelled). The seed
# 125 makes both mistakes draw k = 1: with k = 0 (seed 123) they return the very same output.
ALL_ROTATIONS = {"args": [{**IMAGES, "shape": [64, 32, 32, 3], "seed": 7}, 125], "properties": ["all_rotations"],
                 "diagnostics": ["same_shape", "rotations_undone"]}


@pytest.mark.parametrize("order", [MISTAKES, MISTAKES[::-1]])
def test_one_rotation_for_the_whole_batch_is_named_whatever_the_rubric_order(order):
    outcome = grade(verdicts(q3.mistake_rotate_batch_one_k_per_batch, ALL_ROTATIONS), ALL_ROTATIONS, order)
    assert outcome.fraction == 0.0 and outcome.mistake.name == "one_k_per_batch"
    outcome = grade(verdicts(q3.mistake_rotate_batch_batch_axis, ALL_ROTATIONS), ALL_ROTATIONS, order)
    assert outcome.fraction == 0.0 and outcome.mistake.name == "batch_axis"


@pytest.mark.parametrize("order", [MISTAKES, MISTAKES[::-1]])
def test_mistakes_that_fail_alike_are_not_named_by_rubric_order(order):
    alike = {**ALL_ROTATIONS, "diagnostics": []}  # both draw one k: the labels alone cannot tell them apart
    outcome = grade(verdicts(q3.mistake_rotate_batch_one_k_per_batch, alike), alike, order)
    assert outcome.fraction == 0.0 and outcome.mistake is None
    assert "one_k_per_batch" in outcome.message and "batch_axis" in outcome.message


def test_a_malformed_output_fails_without_crashing():
    report = verdicts(lambda x, seed: "not a pair")
    assert not report["same_shape"]["ok"] and "pair" in report["same_shape"]["why"]
    assert grade(report).fraction == 0.0


def test_an_unknown_property_is_a_rubric_error():
    from harness.spec.rubric import RubricError

    check = Check(kind="properties", target="rotate_batch", points=1, options={"properties": ["upright"]})
    with pytest.raises(RubricError, match="unknown properties"):
        kind("properties").validate(check, None, "here")


def test_a_rotation_never_drawn_fails_all_rotations():
    # np.random.randint(0, 3) read as inclusive: k in {0, 1, 2}, never 270 degrees.
    def three_turns(x, seed):
        k = np.random.default_rng(seed).integers(0, 3, size=len(x))
        return np.stack([np.rot90(img, t) for img, t in zip(x, k)]), np.eye(4)[k]

    options = {"args": [{**IMAGES, "shape": [64, 32, 32, 3]}, 123], "properties": ["all_rotations"]}
    assert grade(verdicts(three_turns, options), options).fraction == 0.0
    assert grade(verdicts(q3.rotate_batch, options), options).fraction == 1.0


def _two_heads(shared: bool, head_hidden: int = 0, separate_softmax: bool = False):
    import keras

    inputs = keras.Input((8, 8, 3))

    def trunk():
        return keras.layers.Flatten()(keras.layers.Conv2D(4, 3, activation="relu")(inputs))

    features = trunk()
    outputs = []
    for name, units in (("classification", 10), ("rotation", 4)):
        x = features if shared else trunk()
        if head_hidden:
            x = keras.layers.Dense(head_hidden, activation="relu")(x)
        if separate_softmax:
            x = keras.layers.Activation("softmax", name=name)(keras.layers.Dense(units)(x))
        else:
            x = keras.layers.Dense(units, activation="softmax", name=name)(x)
        outputs.append(x)
    return keras.Model(inputs, outputs)


@pytest.mark.parametrize("head_hidden, separate_softmax", [(0, False), (16, False), (0, True), (16, True)])
def test_one_trunk_is_shared_whatever_the_heads_look_like(head_hidden, separate_softmax):
    from harness.contract.property_table import shared_trunk

    assert shared_trunk([], _two_heads(True, head_hidden, separate_softmax))[0]
    assert not shared_trunk([], _two_heads(False, head_hidden, separate_softmax))[0]
