"""Does the hw03 reference meet COURSE.md's numbers and contracts, and does every
known mistake differ from it on an input the grader can use?"""
import inspect

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from reference.hw03 import q1, q2, q3, q4, q5, training

MODULES = (q1, q2, q3, q4, q5)
X_SMALL = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
Y_SMALL = np.array([1.0, 2.0, 3.0])
W_SMALL = np.array([0.5, -1.0])
# Residuals 2.5, 4.5, 6.5: squared error 68.75; sum|w| = 1.5; sum w^2 = 1.25.
LOSS_ARGS = (X_SMALL, Y_SMALL, W_SMALL, 0.1)


def mistakes(module):
    return [(name, fn) for name, fn in vars(module).items() if name.startswith("mistake_")]


# --- Q1 -------------------------------------------------------------------

def test_clip_by_value_clips_each_component():
    np.testing.assert_allclose(q1.clip_by_value([-3.0, 0.2, 5.0], -1.0, 2.0), [-1.0, 0.2, 2.0])


def test_clip_by_norm_keeps_direction_and_caps_length():
    g = np.array([3.0, -4.0, 12.0])  # norm 13
    clipped = q1.clip_by_norm(g, 1.3)
    assert np.linalg.norm(clipped) == pytest.approx(1.3)
    np.testing.assert_allclose(clipped / np.linalg.norm(clipped), g / 13.0)
    np.testing.assert_allclose(q1.clip_by_norm([0.3, 0.4], 1.0), [0.3, 0.4])


def test_losses_on_a_fixed_problem():
    assert q1.l1_loss(*LOSS_ARGS) == pytest.approx(68.75 + 0.1 * 1.5)
    assert q1.l2_loss(*LOSS_ARGS) == pytest.approx(68.75 + 0.1 * 1.25)


Q1_MISTAKE_INPUTS = {
    "mistake_clip_by_norm_per_element": (q1.clip_by_norm, ([3.0, -4.0, 0.5], 1.0)),
    "mistake_clip_by_norm_always_rescales": (q1.clip_by_norm, ([0.3, 0.4], 1.0)),
    "mistake_clip_by_value_symmetric": (q1.clip_by_value, ([-3.0, 0.2, 5.0], -0.5, 2.0)),
    "mistake_l2_loss_abs": (q1.l2_loss, LOSS_ARGS),
    "mistake_l2_loss_norm_not_squared": (q1.l2_loss, LOSS_ARGS),
    "mistake_l2_loss_no_lambda": (q1.l2_loss, LOSS_ARGS),
    "mistake_l2_loss_mean_error": (q1.l2_loss, LOSS_ARGS),
    "mistake_l1_loss_squares": (q1.l1_loss, LOSS_ARGS),
    "mistake_l1_loss_no_lambda": (q1.l1_loss, LOSS_ARGS),
    "mistake_l1_loss_mean_error": (q1.l1_loss, LOSS_ARGS),
}


@pytest.mark.parametrize("name", sorted(Q1_MISTAKE_INPUTS))
def test_q1_numeric_mistakes_differ_from_reference(name):
    target, args = Q1_MISTAKE_INPUTS[name]
    assert not np.allclose(getattr(q1, name)(*args), target(*args))


def test_constant_init_gives_identical_nonzero_gradient_columns():
    x = np.random.default_rng(0).normal(size=(8, 5))
    grads = q1.dense_gradients_with_constant_init(x, 4, 0.5)
    assert grads.shape == (5, 4)
    np.testing.assert_allclose(grads, np.repeat(grads[:, :1], 4, axis=1), rtol=1e-6)
    assert np.abs(grads).max() > 0


def test_gradient_mistakes_break_the_contract():
    x = np.random.default_rng(0).normal(size=(8, 5))
    random = q1.mistake_dense_gradients_with_constant_init_random_init(x, 4, 0.5)
    assert not np.allclose(random, np.repeat(random[:, :1], 4, axis=1))
    assert q1.mistake_dense_gradients_with_constant_init_output_layer(x, 4, 0.5).shape == (4, 1)


# --- Q2 -------------------------------------------------------------------

CNN_VARIANTS = {
    "default": ({}, 21_032), "tanh": ({"activation": "tanh"}, 21_032),
    "leaky_relu": ({"activation": "leaky_relu"}, 21_032), "conv_3": ({"conv_layers": 3}, 18_870),
    "conv_4": ({"conv_layers": 4}, 16_888), "kernel_5x5": ({"kernel1_size": (5, 5)}, 21_368),
    "kernel_7x7": ({"kernel1_size": (7, 7)}, 21_872), "one_layer": ({"one_layer": True}, 18_462),
    "batch_norm": ({"batch_norm": True}, 21_044),
}


def layer_signature(model):
    """Parameter count plus (kind, activation, padding) per layer: what the grader compares."""
    rows = []
    for layer in model.layers:
        activation = getattr(layer, "activation", None)
        rows.append((type(layer).__name__, getattr(activation, "__name__", None),
                     getattr(layer, "padding", None)))
    return model.count_params(), rows


@pytest.mark.parametrize("variant", sorted(CNN_VARIANTS))
def test_build_cnn_variant_counts_and_shape(variant):
    kwargs, count = CNN_VARIANTS[variant]
    model = q2.build_cnn(**kwargs)
    assert model.count_params() == count
    assert model.output_shape == (None, 10)
    first_conv = next(layer for layer in model.layers if type(layer).__name__ == "Conv2D")
    assert first_conv.padding == "same" and first_conv.filters == 7


def test_leaky_relu_is_the_conv_activation_not_a_layer():
    model = q2.build_cnn(activation="leaky_relu")
    kinds = [type(layer).__name__ for layer in model.layers]
    assert "LeakyReLU" not in kinds
    convs = [layer for layer in model.layers if type(layer).__name__ == "Conv2D"]
    assert all(conv.activation.__name__ == "leaky_relu" for conv in convs)


Q2_MISTAKE_KWARGS = {
    "mistake_build_cnn_no_same_padding": {},
    "mistake_build_cnn_leaky_relu_extra_layer": {"activation": "leaky_relu"},
    "mistake_build_cnn_leaky_relu_linear_convs": {"activation": "leaky_relu"},
    "mistake_build_cnn_sigmoid_default": {},
    "mistake_build_cnn_one_layer_extra_pool": {"one_layer": True},
    "mistake_build_cnn_batch_norm_after_conv": {"batch_norm": True},
    "mistake_build_cnn_extra_convs_same_padding": {"conv_layers": 3},
}


@pytest.mark.parametrize("name", sorted(Q2_MISTAKE_KWARGS))
def test_build_cnn_mistakes_differ_from_reference(name):
    kwargs = Q2_MISTAKE_KWARGS[name]
    assert layer_signature(getattr(q2, name)(**kwargs)) != layer_signature(q2.build_cnn(**kwargs))


# --- Q3 and the training setup -----------------------------------------------

def test_variants_cover_the_seed_ablations():
    names = training.VARIANT_NAMES
    assert len(set(names)) == len(names)
    for name in ("default", "conv_layers_3", "conv_layers_4", "kernel1_5x5", "kernel1_7x7",
                 "one_layer", "lr_0.1", "lr_0.001", "lr_0.0001", "tanh", "leaky_relu", "sgd",
                 "batch_norm", "batch_4", "batch_128", "mobilenetv2"):
        assert name in names
    assert training.get_variant("sgd")["optimizer"] == "sgd"
    assert training.get_variant("default") == {
        "variant": "default", "model": "cnn", "build": {}, "optimizer": "adam",
        "learning_rate": 0.01, "batch_size": 32}
    with pytest.raises(KeyError):
        training.get_variant("nope")


@pytest.fixture(scope="module")
def tiny_cifar():
    rng = np.random.default_rng(0)
    return rng.integers(0, 256, (48, 32, 32, 3), dtype=np.uint8), rng.integers(0, 10, (48, 1))


def test_ablation_table_rows_are_complete_and_sane(tiny_cifar):
    rows = q3.ablation_table(*tiny_cifar, epochs=1, variants=["default", "batch_128"])
    assert [row["variant"] for row in rows] == ["default", "batch_128"]
    for row in rows:
        assert set(row) == set(q3.ROW_KEYS)
        assert row["min_train_loss"] > 0 and row["min_val_loss"] > 0
        assert 0.0 <= row["max_val_accuracy"] <= 1.0
        assert row["epochs"] == 1 and row["seconds"] > 0


def test_percent_accuracy_mistake_leaves_the_unit_interval(tiny_cifar):
    rows = q3.mistake_ablation_table_percent_accuracy(*tiny_cifar, epochs=1, variants=["batch_128"])
    reference = q3.ablation_table(*tiny_cifar, epochs=1, variants=["batch_128"])
    assert rows[0]["max_val_accuracy"] == pytest.approx(100 * reference[0]["max_val_accuracy"])


# --- Q4 -------------------------------------------------------------------

@pytest.fixture(scope="module")
def cnn_with_bias():
    model = q2.build_cnn()
    conv = model.layers[0]
    rng = np.random.default_rng(1)
    conv.set_weights([rng.normal(size=(3, 3, 3, 7)).astype("float32"),
                      rng.normal(size=7).astype("float32")])
    return model


def numpy_same_conv_relu(image, kernel, bias):
    """'same' cross-correlation (no kernel flip, as Keras does), plus bias, then ReLU."""
    kh, kw = kernel.shape[:2]
    padded = np.pad(image, ((kh // 2, kh - 1 - kh // 2), (kw // 2, kw - 1 - kw // 2), (0, 0)))
    windows = sliding_window_view(padded, (kh, kw), axis=(0, 1))  # (32, 32, 3, kh, kw)
    return np.maximum(np.einsum("ijcab,abco->ijo", windows, kernel) + bias, 0.0)


def test_feature_maps_equal_an_independent_convolution(cnn_with_bias):
    image = np.random.default_rng(2).random((32, 32, 3)).astype("float32")
    kernel, bias = cnn_with_bias.layers[0].get_weights()
    maps = q4.first_layer_feature_maps(cnn_with_bias, image)
    assert maps.shape == (32, 32, 7)
    np.testing.assert_allclose(maps, numpy_same_conv_relu(image, kernel, bias), rtol=1e-4, atol=1e-4)


def test_filters_have_the_first_layer_shape():
    assert q4.first_layer_filters(q2.build_cnn()).shape == (3, 3, 3, 7)
    assert q4.first_layer_filters(q2.build_cnn(kernel1_size=(7, 7), batch_norm=True)).shape == (7, 7, 3, 7)


@pytest.mark.parametrize("name", [name for name, _ in mistakes(q4)])
def test_q4_mistakes_differ_from_reference(name, cnn_with_bias):
    image = np.random.default_rng(2).random((32, 32, 3)).astype("float32")
    if "filters" in name:
        wrong, right = getattr(q4, name)(cnn_with_bias), q4.first_layer_filters(cnn_with_bias)
    else:
        wrong = getattr(q4, name)(cnn_with_bias, image)
        right = q4.first_layer_feature_maps(cnn_with_bias, image)
    assert np.shape(wrong) != np.shape(right) or not np.allclose(wrong, right, atol=1e-4)


# --- Q5 -------------------------------------------------------------------

def test_transfer_model_contract_and_mistakes():
    model = q5.build_transfer_model(weights=None)
    assert model.count_params() == 2_270_794
    assert model.output_shape == (None, 10)
    batch = np.random.default_rng(3).random((2, 32, 32, 3)).astype("float32")
    np.testing.assert_allclose(np.asarray(model(batch)).sum(axis=1), 1.0, rtol=1e-5)
    no_softmax = q5.mistake_build_transfer_model_no_softmax(weights=None)
    assert not np.allclose(np.asarray(no_softmax(batch)).sum(axis=1), 1.0, rtol=1e-3)
    assert q5.mistake_build_transfer_model_with_top(weights=None).count_params() != 2_270_794


# --- conventions the engine relies on ----------------------------------------

@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_mistakes_document_themselves_and_match_their_target(module):
    for name, fn in mistakes(module):
        assert (fn.__doc__ or "").strip(), f"{name} needs a docstring"
        target = next(getattr(module, t) for t in sorted(vars(module), key=len, reverse=True)
                      if not t.startswith(("mistake_", "_")) and name.startswith(f"mistake_{t}_")
                      and callable(getattr(module, t)))
        assert list(inspect.signature(fn).parameters) == list(inspect.signature(target).parameters)
