"""Do the hw13 references meet COURSE.md, and does each known mistake really differ?"""
import math
import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from reference.hw13 import q2, q3, q4  # noqa: E402

keras = pytest.importorskip("keras")


def count(weights):
    return sum(int(np.prod(w.shape)) for w in weights)


# --- Q2 -----------------------------------------------------------------

def test_utility():
    assert q2.utility(300, 100) == pytest.approx(2.0)
    assert q2.utility(100, 100) == 0
    assert q2.mistake_utility_inverted(300, 100) != pytest.approx(2.0)
    assert q2.mistake_utility_no_minus_one(300, 100) != pytest.approx(2.0)


CURVE = ([100, 200, 400, 800], [0.50, 0.60, 0.80, 0.85])


def test_labels_needed_interpolates_linearly():
    assert q2.labels_needed(*CURVE, 0.7) == pytest.approx(300.0)
    assert q2.labels_needed(*CURVE, 0.6) == pytest.approx(200.0)
    assert q2.labels_needed(*CURVE, 0.3) == pytest.approx(100.0)
    assert isinstance(q2.labels_needed(*CURVE, 0.7), float)
    shuffled = ([400, 100, 800, 200], [0.80, 0.50, 0.85, 0.60])
    assert q2.labels_needed(*shuffled, 0.7) == pytest.approx(300.0)


def test_labels_needed_is_inf_when_never_reached():
    assert q2.labels_needed(*CURVE, 0.9) == float("inf")
    assert math.isinf(q2.utility(q2.labels_needed(*CURVE, 0.9), 100))


def test_labels_needed_mistakes_differ():
    assert q2.mistake_labels_needed_no_interpolation(*CURVE, 0.7) == 400.0
    assert q2.mistake_labels_needed_clamped(*CURVE, 0.9) == 800.0
    assert q2.mistake_labels_needed_clamped(*CURVE, 0.7) == pytest.approx(300.0)  # right inside the curve
    assert q2.mistake_labels_needed_none_when_unreached(*CURVE, 0.9) is None


# --- Q3 -----------------------------------------------------------------

def babi_samples():
    people, places = ["Mary", "John", "Sandra", "Daniel"], ["kitchen", "garden", "office", "hallway"]
    rng = np.random.default_rng(0)
    data = []
    for _ in range(40):
        story, where = [], {}
        for _ in range(rng.integers(1, 4)):
            who, place = rng.choice(people), rng.choice(places)
            story += [who, "went", "to", "the", place, "."]
            where[who] = place
        who = rng.choice(sorted(where))
        data.append((story, ["Where", "is", who, "?"], where[who]))
    vocab = sorted({w for s, q, a in data for w in s + q + [a]})
    return data, {w: i + 1 for i, w in enumerate(vocab)}


def test_vectorize_stories_matches_pad_sequences():
    data, word_idx = babi_samples()
    inputs, queries, answers = q3.vectorize_stories(data, word_idx, 12, 4)
    expected = keras.utils.pad_sequences([[word_idx[w] for w in s] for s, _, _ in data], maxlen=12)
    np.testing.assert_array_equal(inputs, expected)
    assert queries.shape == (len(data), 4) and answers.shape == (len(data),)
    assert [word_idx[a] for _, _, a in data] == answers.tolist()


def test_vectorize_stories_mistakes_differ():
    data, word_idx = babi_samples()
    reference = q3.vectorize_stories(data, word_idx, 24, 4)
    post = q3.mistake_vectorize_stories_post_padding(data, word_idx, 24, 4)
    assert not np.array_equal(post[0], reference[0])
    one_hot = q3.mistake_vectorize_stories_one_hot_answers(data, word_idx, 24, 4)
    assert one_hot[2].shape == (len(data), len(word_idx) + 1)


def fake_history():
    history = keras.callbacks.History()
    history.history = {  # the seed's shape: val loss best early, val accuracy mid-run
        "loss": [1.9, 1.8, 1.75, 1.72], "val_loss": [1.74, 1.71, 1.73, 1.72],
        "accuracy": [0.2, 0.25, 0.28, 0.29], "val_accuracy": [0.28, 0.30, 0.32, 0.31]}
    return history


def test_best_epochs_are_one_based():
    report = q3.best_epochs(fake_history())
    assert report == {
        "min_train_loss": 1.72, "min_train_loss_epoch": 4,
        "min_val_loss": 1.71, "min_val_loss_epoch": 2,
        "max_train_accuracy": 0.29, "max_train_accuracy_epoch": 4,
        "max_val_accuracy": 0.32, "max_val_accuracy_epoch": 3}


@pytest.mark.parametrize("mistake", [q3.mistake_best_epochs_zero_based,
                                     q3.mistake_best_epochs_max_loss,
                                     q3.mistake_best_epochs_last_epoch])
def test_best_epochs_mistakes_differ(mistake):
    assert mistake(fake_history()) != q3.best_epochs(fake_history())


def test_memory_network_layers_and_params():
    model = q3.build_memory_network(vocab_size=22, story_maxlen=68, query_maxlen=4)
    assert model.count_params() == 24_750
    assert model.output_shape == (None, 22)
    kinds = [type(layer).__name__ for layer in model.layers]
    for kind in ["Embedding", "Dot", "Add", "Permute", "Concatenate", "LSTM", "Dropout", "Dense"]:
        assert kind in kinds
    assert kinds.count("Embedding") == 3


def test_memory_network_trains_a_few_steps():
    data, word_idx = babi_samples()
    inputs, queries, answers = q3.vectorize_stories(data, word_idx, 18, 4)
    model = q3.build_memory_network(len(word_idx) + 1, 18, 4)
    history = model.fit([inputs, queries], answers, batch_size=20, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][-1])


# --- Q4 -----------------------------------------------------------------

@pytest.fixture(scope="module")
def cifar_like():
    rng = np.random.default_rng(1)
    x = rng.integers(0, 256, size=(12, 32, 32, 3), dtype=np.uint8)
    y = rng.integers(0, 10, size=(12, 1), dtype=np.uint8)  # load_data's (N, 1) labels
    return x[:8], y[:8], x[8:], y[8:]


def test_preprocess_scales_and_one_hots(cifar_like):
    x_train, y_train, x_test, y_test = q4.preprocess(*cifar_like)
    np.testing.assert_allclose(x_test, cifar_like[2] / 255.0, rtol=1e-6)
    assert 0.0 <= x_train.min() and x_train.max() <= 1.0
    assert y_train.shape == (8, 10) and y_test.shape == (4, 10)
    assert y_train.argmax(axis=1).tolist() == cifar_like[1].ravel().tolist()


@pytest.mark.parametrize("mistake", [q4.mistake_preprocess_test_from_train,
                                     q4.mistake_preprocess_not_scaled,
                                     q4.mistake_preprocess_integer_division,
                                     q4.mistake_preprocess_labels_not_one_hot])
def test_preprocess_mistakes_differ(cifar_like, mistake):
    reference, wrong = q4.preprocess(*cifar_like), mistake(*cifar_like)
    assert any(np.shape(a) != np.shape(b) or not np.allclose(a, b) for a, b in zip(reference, wrong))


def test_core_model_matches_seed_summary():
    core = q4.core_model()
    assert core.count_params() == 230_336
    assert count(core.non_trainable_weights) == 2_496
    assert core.output_shape == (None, 1024)
    pools = [layer for layer in core.layers if type(layer).__name__ == "MaxPooling2D"]
    assert tuple(pools[0].pool_size) == (3, 3)
    assert pools[0].output.shape[1:3] == (10, 10)


def test_rotate_is_undone_by_minus_k():
    image = np.arange(4 * 6 * 3).reshape(4, 6, 3)  # not square: axis mix-ups show
    for deg in (0, 90, 180, 270):
        assert np.array_equal(np.rot90(q4.rotate(image, deg), -(deg // 90)), image)
    batch = np.stack([image, image + 1])
    assert np.array_equal(q4.rotate(batch, 90)[1], q4.rotate(image + 1, 90))
    with pytest.raises(ValueError):
        q4.rotate(image, 45)


@pytest.mark.parametrize("mistake", [q4.mistake_rotate_degrees_as_turns,
                                     q4.mistake_rotate_clockwise,
                                     q4.mistake_rotate_wrong_axes])
def test_rotate_mistakes_differ(mistake):
    image = np.arange(4 * 6 * 3).reshape(4, 6, 3)
    wrong, right = mistake(image, 90), q4.rotate(image, 90)
    assert wrong.shape != right.shape or not np.array_equal(wrong, right)


def test_finetune_model():
    model = q4.build_finetune_model(q4.core_model())
    assert model.count_params() == 240_586 and count(model.non_trainable_weights) == 2_496
    assert model.output_shape == (None, 10)
    assert float(model.optimizer.learning_rate) == pytest.approx(1e-4)
    wrong = q4.mistake_build_finetune_model_default_lr(q4.core_model())
    assert float(wrong.optimizer.learning_rate) == pytest.approx(1e-3)
    frozen = q4.mistake_build_finetune_model_frozen_core(q4.core_model())
    assert count(frozen.trainable_weights) == 10_250  # only the new head's 1024 x 10 + 10


def test_two_head_model():
    weights = {"classifier": 10, "rotator": 1}
    model = q4.build_two_head_model(weights)
    assert model.output_names == ["classifier", "rotator"]
    assert [tuple(o.shape) for o in model.outputs] == [(None, 10), (None, 4)]
    assert model.count_params() == 244_686 and count(model.non_trainable_weights) == 2_496
    assert model.get_compile_config()["loss_weights"] == weights
    assert q4.build_two_head_model().get_compile_config()["loss_weights"] == {"classifier": 1.0, "rotator": 1.0}
    ignored = q4.mistake_build_two_head_model_ignores_loss_weights(weights)
    assert ignored.get_compile_config()["loss_weights"] != weights
