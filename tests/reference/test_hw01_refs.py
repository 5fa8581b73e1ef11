"""hw01 references meet COURSE.md's numbers and contracts; each known mistake differs."""
import inspect
import os
import subprocess
import sys

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from harness_testing import mistakes_of, target_of

from reference.hw01 import q1, q2, q3, q4, q5, q6, q7  # noqa: E402

MODULES = [q1, q2, q3, q4, q5, q6, q7]




@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_mistake_mirrors_its_target(module):
    for name, fn in mistakes_of(module):
        target = getattr(module, target_of(module, name))
        assert inspect.signature(fn) == inspect.signature(target), name
        assert fn.__doc__ and fn.__doc__.strip(), name


def test_importing_does_not_import_tensorflow():
    code = ("import sys, reference.hw01.q2, reference.hw01.q3, reference.hw01.q4, "
            "reference.hw01.q5, reference.hw01.q6, reference.hw01.q7; "
            "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True,
                   env={**os.environ, "PYTHONPATH": os.getcwd()})


# ---------------------------------------------------------------- Q2 one_hot
@pytest.mark.parametrize("labels, n", [([0, 3, 9, 1], 10), ([[2], [0], [6]], 7), ([4, 4], 5)])
def test_one_hot_equals_to_categorical(labels, n):
    import keras

    got = q2.one_hot(np.array(labels, dtype=np.uint8), n)
    np.testing.assert_array_equal(got, keras.utils.to_categorical(labels, n))


@pytest.mark.parametrize("name", [n for n, _ in mistakes_of(q2)])
def test_each_one_hot_mistake_differs(name):
    labels = np.array([0, 3, 1, 2])  # no class 4 of 5: the width must still be 5
    got, want = getattr(q2, name)(labels, 5), q2.one_hot(labels, 5)
    assert got.shape != want.shape or not np.array_equal(got, want)


# ---------------------------------------------------------------- Q3 dataset_summary
SHAPES = [  # (x shape, labels shape, classes) as load_data returns them
    ((60, 28, 28), (60,), 10),          # MNIST
    ((50, 32, 32, 3), (50, 1), 10),     # CIFAR-10: labels are (n, 1)
    ((35, 48, 48, 1), (35,), 7),        # FER-2013
]


@pytest.mark.parametrize("x_shape, y_shape, classes", SHAPES)
def test_dataset_summary(x_shape, y_shape, classes):
    x = np.zeros(x_shape, dtype=np.uint8)
    y = (np.arange(np.prod(y_shape)) % classes).reshape(y_shape)
    want = {"n_samples": x_shape[0], "image_shape": x_shape[1:], "n_classes": classes}
    assert q3.dataset_summary(x, y) == want
    assert q3.dataset_summary(x, q2.one_hot(y, classes)) == want


@pytest.mark.parametrize("name", [n for n, _ in mistakes_of(q3)])
def test_each_summary_mistake_differs(name):
    x, y = np.zeros((60, 28, 28), np.uint8), np.arange(60) % 10
    assert getattr(q3, name)(x, y) != q3.dataset_summary(x, y)


# ---------------------------------------------------------------- Q4 model builders
def _layer_kinds(model):
    kinds = []
    for layer in model.layers:
        name = type(layer).__name__
        if name == "Dense":
            kinds.append(f"Dense({layer.units})")
            activation = layer.activation.__name__
            if activation != "linear":
                kinds.append(activation)
        elif name == "Activation":
            kinds.append(layer.activation.__name__)
        elif name != "InputLayer":
            kinds.append(name)
    return kinds


@pytest.mark.parametrize("build", [q4.model_sequential, q4.model_factory])
def test_model_builders_match_the_contract(build):
    model = build((50, 50), 5)
    assert model.count_params() == 320_773
    assert model.output_shape == (None, 5)
    assert _layer_kinds(model) == ["Flatten", "Dense(128)", "relu", "Dense(5)", "softmax"]
    probs = model.predict(np.random.default_rng(0).random((4, 50, 50)), verbose=0)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)


def test_builders_for_other_datasets():
    assert q4.model_factory((28, 28), 10).count_params() == 101_770
    assert q4.model_sequential((48, 48, 1), 7).count_params() == 295_943


@pytest.mark.parametrize("name", [n for n, _ in mistakes_of(q4)])
def test_each_model_mistake_is_visible(name):
    model = getattr(q4, name)((50, 50), 5)
    probs = model.predict(np.random.default_rng(0).random((4, 50, 50)), verbose=0)
    assert (model.count_params() != 320_773 or model.output_shape != (None, 5)
            or not np.allclose(probs.sum(axis=-1), 1.0, rtol=1e-5))


# ---------------------------------------------------------------- Q5 SGD and training
def test_sgd_optimizer_settings():
    opt = q5.sgd_optimizer
    assert type(opt).__name__ == "SGD"
    assert float(opt.learning_rate) == pytest.approx(0.01)
    assert float(opt.momentum) == 0.0 and not opt.nesterov
    assert q5.sgd_optimizer is not opt  # a fresh optimizer per model (Keras 3)


@pytest.fixture(scope="module")
def fake_mnist():
    """sklearn's digits made to look like MNIST's load_data: uint8 28x28, int labels."""
    from sklearn.datasets import load_digits

    d = load_digits()
    img = np.pad(np.kron(d.images, np.ones((3, 3))), ((0, 0), (2, 2), (2, 2)))
    x, y = np.clip(img * 16, 0, 255).astype(np.uint8), d.target.astype(np.uint8)
    order = np.random.default_rng(0).permutation(len(x))
    return x[order[:1200]], y[order[:1200]], x[order[1200:]], y[order[1200:]]


def _accuracy(model, x, y):
    return float(np.mean(q6.predict_labels(model, x / 255.0) == y))


def test_train_mnist_learns_and_beats_unscaled(fake_mnist):
    import keras

    x, y, x_test, y_test = fake_mnist
    keras.utils.set_random_seed(0)
    model = q5.train_mnist(x, y, epochs=3)
    assert model.count_params() == 101_770 and model.loss == "categorical_crossentropy"
    assert type(model.optimizer).__name__ == "SGD"
    reference = _accuracy(model, x_test, y_test)
    keras.utils.set_random_seed(0)
    unscaled = _accuracy(q5.mistake_train_mnist_unscaled(x, y, epochs=3), x_test, y_test)
    assert reference > 0.7 and unscaled < 0.5 * reference


# ---------------------------------------------------------------- Q6 predict_labels
class _FixedModel:
    """Anything with predict(): returns fixed probabilities."""
    probs = np.array([[0.1, 0.7, 0.2], [0.8, 0.1, 0.1], [0.2, 0.2, 0.6], [0.3, 0.4, 0.3]])

    def predict(self, x, verbose=0):
        return self.probs[: len(x)]


def test_predict_labels_is_argmax_per_sample():
    got = q6.predict_labels(_FixedModel(), np.zeros((4, 2)))
    np.testing.assert_array_equal(got, [1, 0, 2, 1])


@pytest.mark.parametrize("name", [n for n, _ in mistakes_of(q6)])
def test_each_prediction_mistake_differs(name):
    got = np.asarray(getattr(q6, name)(_FixedModel(), np.zeros((4, 2))))
    assert got.shape != (4,) or not np.array_equal(got, [1, 0, 2, 1])


# ---------------------------------------------------------------- Q7 detector
FLAGGED = [
    "model.fit(x_train, y_train, validation_data=(x_train, y_train), epochs=5)",
    "model.fit(x_train, y_train, validation_data=[x_train, y_train])",
    "history = model_fer.fit(\n    train_set,\n    validation_data=(train_set),\n    epochs=5)",
    "model.fit(x=X, y=Y, batch_size=64, validation_data=(X, Y))",
    "model.fit(data['x'], data['y'], validation_data=(data['x'], data['y']))",
    "val = (x_train, y_train)\nmodel.fit(x_train, y_train, validation_data=val)",
    "%matplotlib inline\nmodel.fit_generator(gen, validation_data=gen)",
    "model.fit(x_train, y_train,\n validation_data=(x_train, y_train))\n\nthis cell is broken(",
]
NOT_FLAGGED = [
    "model.fit(x_train, y_train, validation_split=0.2, epochs=5)",
    "model.fit(x_train, y_train, validation_data=(x_val, y_val))",
    "model.fit(x_train_1, y_train_1, validation_data=(x_test_1, y_test_1), validation_split=0.2)",
    "model.fit(train_set, validation_data=test_set)",
    "model.fit(x_train, y_train)",
    "clf.fit(x_train, y_train)\nscore = clf.score(x_train, y_train)",
]


@pytest.mark.parametrize("source", FLAGGED)
def test_detector_flags_validation_on_training(source):
    assert q7.detect_validation_on_training(source)


@pytest.mark.parametrize("source", NOT_FLAGGED)
def test_detector_leaves_honest_validation_alone(source):
    assert not q7.detect_validation_on_training(source)
