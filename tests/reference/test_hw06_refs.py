"""Do the hw06 Q3-Q6 references meet COURSE.md, and does each known mistake really differ?"""
import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from reference.hw06 import q3, q4, q5, q6  # noqa: E402

keras = pytest.importorskip("keras")


def count(weights):
    return sum(int(np.prod(w.shape)) for w in weights)


@pytest.fixture(scope="module")
def images():
    return np.random.default_rng(0).integers(0, 256, size=(64, 32, 32, 3)).astype("uint8")


def undone(x, x_rot, y_rot):
    """Is every image given back by np.rot90 with -k, k read from its one-hot label?"""
    k = np.asarray(y_rot).argmax(axis=1)
    return all(np.array_equal(np.rot90(x_rot[i], -k[i]), x[i]) for i in range(len(x)))


# --- Q3 -----------------------------------------------------------------

def test_rotate_batch_is_undone_by_minus_k(images):
    x_rot, y_rot = q3.rotate_batch(images, seed=1)
    assert x_rot.shape == images.shape and x_rot.dtype == images.dtype
    assert undone(images, x_rot, y_rot)


def test_rotate_batch_labels_are_one_hot_with_four_columns(images):
    _, y_rot = q3.rotate_batch(images, seed=1)
    assert y_rot.shape == (len(images), 4)
    assert set(np.unique(y_rot)) == {0.0, 1.0} and np.all(y_rot.sum(axis=1) == 1)
    assert set(y_rot.argmax(axis=1)) == {0, 1, 2, 3}  # all four rotations occur


def test_rotate_batch_is_deterministic_per_seed(images):
    a, b = q3.rotate_batch(images, 7), q3.rotate_batch(images, 7)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def test_rotate_batch_mistakes_break_the_contract(images):
    _, labels = q3.mistake_rotate_batch_labels_not_one_hot(images, 1)
    assert labels.ndim == 1
    x_rot, y_rot = q3.mistake_rotate_batch_batch_axis(images, 1)
    assert x_rot.shape != images.shape or not undone(images, x_rot, y_rot)
    _, y_rot = q3.mistake_rotate_batch_one_k_per_batch(images, 1)
    assert len(set(y_rot.argmax(axis=1))) == 1
    x_rot, y_rot = q3.mistake_rotate_batch_clockwise(images, 1)
    assert not undone(images, x_rot, y_rot)


def test_rotation_model_and_transfer_head():
    model = q3.build_rotation_model()
    assert model.output_shape == (None, 4)
    transferred = q3.transfer_head(model)
    assert transferred.output_shape == (None, 10)
    assert transferred.layers[-1].activation.__name__ == "softmax"
    # The trunk is reused, not copied: the same weight variables.
    assert transferred.layers[-2] is model.layers[-2]
    wrong = q3.mistake_transfer_head_keeps_rotation_head(model)
    assert wrong.layers[-2].output.shape[-1] == 4


def test_rotation_model_trains_a_few_steps(images):
    x_rot, y_rot = q3.rotate_batch(images / 255.0, seed=0)
    history = q3.build_rotation_model().fit(x_rot, y_rot, batch_size=32, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][-1])


# --- Q4 -----------------------------------------------------------------

def test_multitask_outputs_share_one_trunk():
    model = q4.build_multitask_model()
    assert model.output_names == ["classification", "rotation"]
    assert [tuple(o.shape) for o in model.outputs] == [(None, 10), (None, 4)]
    heads = [model.get_layer(name) for name in model.output_names]
    assert heads[0].input is heads[1].input  # both read the same features tensor
    assert model.get_compile_config()["loss_weights"] == q4.multitask_loss_weights


def test_multitask_loss_weights_shape():
    assert set(q4.multitask_loss_weights) == {"classification", "rotation"}
    assert q4.multitask_loss_weights["classification"] > q4.multitask_loss_weights["rotation"]
    assert q4.mistake_multitask_loss_weights_swapped() != q4.multitask_loss_weights


def test_multitask_mistakes_differ():
    separate = q4.mistake_build_multitask_model_separate_trunks()
    heads = [separate.get_layer(name) for name in ("classification", "rotation")]
    assert heads[0].input is not heads[1].input
    unweighted = q4.mistake_build_multitask_model_no_loss_weights()
    assert unweighted.get_compile_config()["loss_weights"] is None


# --- Q5 -----------------------------------------------------------------

def space(build):
    kt = pytest.importorskip("keras_tuner")
    hp = kt.HyperParameters()
    model = build(hp)
    return {type(h).__name__ + ":" + h.name: h.get_config() for h in hp.space}, model


def test_hypermodel_search_space():
    declared, model = space(q5.build_hypermodel)
    assert declared["Choice:dropout"]["values"] == [0.3, 0.4, 0.5]
    blocks = declared["Int:num_cnn_block"]
    assert (blocks["min_value"], blocks["max_value"]) == (1, 3)
    units = declared["Int:num_dense_units"]
    assert (units["min_value"], units["max_value"], units["step"]) == (128, 512, 128)
    lr = declared["Float:lr"]
    assert (lr["min_value"], lr["max_value"], lr["sampling"]) == (1e-4, 1e-2, "log")
    assert model.output_shape == (None, 10)
    assert model.get_compile_config()["loss"] == "categorical_crossentropy"


def test_hypermodel_mistakes_differ():
    assert space(q5.mistake_build_hypermodel_linear_lr)[0]["Float:lr"]["sampling"] == "linear"
    assert "Float:dropout" in space(q5.mistake_build_hypermodel_dropout_float)[0]
    assert space(q5.mistake_build_hypermodel_lr_from_1e_3)[0]["Float:lr"]["min_value"] == 1e-3
    assert space(q5.mistake_build_hypermodel_no_loss)[1].get_compile_config()["loss"] is None


# --- Q6 -----------------------------------------------------------------

@pytest.fixture(scope="module")
def predictions():
    rng = np.random.default_rng(3)
    y_true = rng.integers(0, 5, size=200)
    y_pred = np.where(rng.random(200) < 0.6, y_true, rng.integers(0, 4, size=200))
    return y_true, y_pred  # class 4 is never predicted: precision 0/0


def test_classification_metrics_equal_sklearn(predictions):
    metrics = pytest.importorskip("sklearn.metrics")
    y_true, y_pred = predictions
    report = q6.classification_metrics(y_true, y_pred)
    p, r, f, _ = metrics.precision_recall_fscore_support(y_true, y_pred, zero_division=0)
    np.testing.assert_allclose(report["precision"], p)
    np.testing.assert_allclose(report["recall"], r)
    np.testing.assert_allclose(report["f1"], f)
    np.testing.assert_array_equal(report["confusion_matrix"], metrics.confusion_matrix(y_true, y_pred))


def test_classification_metrics_accepts_probabilities(predictions):
    y_true, y_pred = predictions
    probabilities = np.eye(5)[y_pred] * 0.9 + 0.02
    a, b = q6.classification_metrics(y_true, probabilities), q6.classification_metrics(y_true, y_pred)
    np.testing.assert_array_equal(a["confusion_matrix"], b["confusion_matrix"])


@pytest.mark.parametrize("mistake", [
    q6.mistake_classification_metrics_transposed,
    q6.mistake_classification_metrics_macro_average,
    q6.mistake_classification_metrics_micro_average,
    q6.mistake_classification_metrics_f1_mean_of_pr,
])
def test_classification_metrics_mistakes_differ(predictions, mistake):
    reference, wrong = q6.classification_metrics(*predictions), mistake(*predictions)
    differs = [not np.array_equal(np.broadcast_to(wrong[k], np.shape(reference[k])), reference[k])
               or np.shape(wrong[k]) != np.shape(reference[k]) for k in reference]
    assert any(differs)
