"""The `train` kind's data options: bAbI stories vectorised as keras's example does, rotated
images labelled per head for a multi-output model, and the training curve as the metric."""
import numpy as np
import pytest

from harness.worker.actions.training_actions import train_and_evaluate
from harness.worker.actions.training_data import story_arrays, training_data

SAMPLES = [(["Mary", "went", "to", "the", "garden", "."], ["Where", "is", "Mary", "?"], "garden"),
           (["John", "moved", "to", "the", "office", "."], ["Where", "is", "John", "?"], "office")]
STORIES = {"story_maxlen": 8, "query_maxlen": 4}


def test_stories_are_padded_in_front_with_a_word_index_from_one():
    ([stories, queries], answers), (_, test_answers) = story_arrays(SAMPLES, SAMPLES[1:], STORIES)
    words = sorted({w for s, q, a in SAMPLES for w in (*s, *q, a)})
    assert stories.shape == (2, 8) and queries.shape == (2, 4)
    assert list(stories[0, :2]) == [0, 0] and stories[0, 2] == words.index("Mary") + 1
    assert answers[0] == words.index("garden") + 1 and test_answers[0] == words.index("office") + 1


def test_long_stories_keep_their_last_words_and_a_small_vocabulary_is_refused():
    ([stories, _], _), _ = story_arrays(SAMPLES, [], {**STORIES, "story_maxlen": 3})
    words = sorted({w for s, q, a in SAMPLES for w in (*s, *q, a)})
    assert [words[i - 1] for i in stories[0]] == ["the", "garden", "."]
    with pytest.raises(ValueError, match="vocab_size"):
        story_arrays(SAMPLES, [], {**STORIES, "vocab_size": 5})


OPTIONS = {"dataset": "cifar10", "train_limit": 40, "test_limit": 20, "labels": "onehot", "num_classes": 10,
           "rotations": {"weights": [1, 3, 3, 3]}}


def test_rotated_images_are_labelled_with_their_turns():
    from harness.data import load

    (x, y), _ = training_data(OPTIONS, {})
    original = load("cifar10", "train").x[:40] / np.float32(255)
    k = y.argmax(axis=1)
    assert y.shape == (40, 4) and len(set(k)) > 1
    assert all(np.array_equal(np.rot90(x[i], -k[i]), original[i]) for i in range(40))


def test_a_multi_output_model_gets_one_label_array_per_head():
    from harness.data import load

    options = {**OPTIONS, "outputs": {"classifier": "label", "rotator": "rotation"}}
    (_, y), (_, y_test) = training_data(options, {})
    labels = load("cifar10", "train").y[:40].reshape(-1)
    assert set(y) == {"classifier", "rotator"} and y_test["classifier"].shape == (20, 10)
    assert np.array_equal(y["classifier"].argmax(axis=1), labels) and y["rotator"].shape == (40, 4)
    with pytest.raises(ValueError, match="unknown kind"):
        training_data({**options, "outputs": {"classifier": "colour"}}, {})


def _two_heads(learning_rate):
    import keras

    inputs = keras.Input((32, 32, 3))
    features = keras.layers.Dense(8, activation="relu")(keras.layers.Flatten()(inputs))
    model = keras.Model(inputs, [keras.layers.Dense(10, activation="softmax", name="classifier")(features),
                                 keras.layers.Dense(4, activation="softmax", name="rotator")(features)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="categorical_crossentropy",
                  metrics={"classifier": ["accuracy"], "rotator": ["accuracy"]})
    return model


@pytest.mark.slow  # trains a Keras model (10 s and more)
def test_a_head_s_metric_on_the_training_curve_is_reported():
    options = {**OPTIONS, "outputs": {"classifier": "label", "rotator": "rotation"}, "epochs": 2,
               "metric": "classifier_accuracy", "curve": "train"}
    result = train_and_evaluate(_two_heads(1e-2), options, {})
    assert result["metric"] == max(result["history"]["classifier_accuracy"])
    with pytest.raises(ValueError, match="no 'precision' metric"):
        train_and_evaluate(_two_heads(1e-2), {**options, "metric": "precision"}, {})


@pytest.mark.slow  # trains a Keras model (10 s and more)
def test_the_check_trains_the_rubric_s_epochs_under_the_notebooks_epoch_cap(monkeypatch):
    import keras

    from harness.data.serve import _capped

    monkeypatch.setattr(keras.Model, "fit", _capped(keras.Model.fit, 1))
    options = {**OPTIONS, "outputs": {"classifier": "label", "rotator": "rotation"}, "epochs": 2,
               "metric": "classifier_accuracy"}
    assert len(train_and_evaluate(_two_heads(1e-2), options, {})["history"]["loss"]) == 2
    assert len(_two_heads(1e-2).fit(np.zeros((4, 32, 32, 3)), [np.zeros((4, 10)), np.zeros((4, 4))],
                                    epochs=2, verbose=0).history["loss"]) == 1  # the notebook's own fit is capped


def test_a_curve_other_than_val_or_train_is_a_rubric_error():
    from harness.checks import kind
    from harness.spec.rubric import Check, Question, RubricError

    check = Check(kind="train", target="build", points=1, options={"dataset": "mnist", "curve": "test"})
    with pytest.raises(RubricError, match="curve"):
        kind("train").validate(check, Question(id="Q1", title="t", points=1, checks=[check]), "Q1")
    kind("train").validate(Check(kind="train", target="build", points=1, options={"dataset": "mnist", "curve": "train"}),
                           Question(id="Q1", title="t", points=1, checks=[check]), "Q1")
