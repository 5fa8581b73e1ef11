"""A model described as plain data: the compile aspect compares only what the rubric says the contract fixes."""
import pytest

from harness.worker.actions.keras_model_actions import describe_model


def _compiled(optimizer):
    import keras

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")
    return model


@pytest.mark.parametrize("fields, same", [(None, False), (["learning_rate"], True), (["optimizer"], False)])
def test_fields_choose_what_is_compared(fields, same):
    import keras

    options = {"aspects": ["compile"], **({"fields": {"compile": fields}} if fields else {})}
    adam = describe_model(_compiled(keras.optimizers.Adam(1e-4)), options)
    rmsprop = describe_model(_compiled(keras.optimizers.RMSprop(1e-4)), options)
    assert (adam == rmsprop) is same
    assert adam["compile"]["compiled"] is True


def test_tensorflows_softmax_is_softmax():
    import keras
    import tensorflow as tf

    def model(activation):
        return keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation=activation)])

    options = {"aspects": ["activations"]}
    assert describe_model(model(tf.nn.softmax), options) == describe_model(model("softmax"), options)
    assert describe_model(model(tf.nn.relu), options) != describe_model(model("softmax"), options)


def test_a_frozen_base_has_the_total_count_of_a_trainable_one():
    import keras

    def model(frozen):
        base = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
        base.trainable = not frozen
        return keras.Sequential([keras.Input((4,)), base, keras.layers.Dense(2)])

    total = {"aspects": ["params"], "fields": {"params": ["total"]}}
    assert describe_model(model(True), total) == describe_model(model(False), total)
    assert describe_model(model(True), {"aspects": ["params"]}) != describe_model(model(False), {"aspects": ["params"]})
