"""The `symmetry` kind (identical gradient columns under constant initialisation, any loss) and
the hw03 worker steps the feature-map check trusts (the NumPy convolution, the classification of
a student's maps)."""
import numpy as np
from harness_testing import worker_plugin

from harness.checks import kind
from harness.checks.base import CheckContext
from harness.contract.protocol import Answer
from harness.spec.rubric import Check, Mistake, Question

REFERENCE = np.full((5, 4), 0.25)  # any identical columns: the values are never compared


def grade(got, part, mistakes=()):
    check = Check(kind="symmetry", target="dense_gradients_with_constant_init", points=2,
                  options={"part": part}, rtol=1e-5, atol=1e-7)
    question = Question(id="Q1", title="symmetry", points=2, checks=[check])
    pairs = [(Mistake(name=name, target=check.target, function="f", explanation=name), {"main": Answer(value=v)})
             for name, v in mistakes]
    return kind("symmetry").grade(CheckContext(check, question, {"main": Answer(value=got)},
                                               {"main": Answer(value=REFERENCE)}, pairs))


def test_identical_columns_of_another_loss_pass():
    column = np.linspace(-1, 1, 5)[:, None]
    assert grade(np.repeat(column, 4, axis=1), "columns").passed
    assert grade(np.zeros((5, 4)), "columns").passed  # a softmax head's zero gradients keep the contract


def test_different_columns_fail_and_name_random_initialisation():
    rng = np.random.default_rng(0)
    random_init = rng.normal(size=(5, 4))
    outcome = grade(rng.normal(size=(5, 4)), "columns", mistakes=[("random-init", random_init)])
    assert outcome.fraction == 0.0 and outcome.mistake.name == "random-init"
    assert "columns differ" in outcome.message


def test_the_output_layers_gradients_fail_both_parts_and_are_named():
    output_layer = np.full((4, 1), 0.1)
    for part in ("shape", "columns"):
        outcome = grade(np.full((4, 1), 0.3), part, mistakes=[("output-layer", output_layer)])
        assert outcome.fraction == 0.0 and outcome.mistake.name == "output-layer"


def test_shape_part_ignores_values_and_none_fails():
    assert grade(np.arange(20.0).reshape(5, 4), "shape").passed
    assert grade(None, "shape").fraction == 0.0


def test_the_trusted_convolution_equals_keras():
    import keras

    _correlate = worker_plugin("hw03")._correlate

    rng = np.random.default_rng(1)
    image, kernel = rng.normal(size=(32, 32, 3)), rng.normal(size=(5, 5, 3, 7))
    for padding in ("same", "valid"):
        ours = _correlate(image, kernel, padding)
        theirs = np.asarray(keras.ops.conv(image[None].astype("float32"), kernel.astype("float32"),
                                           padding=padding))[0]
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-4)


def _maps_answer(function):
    plugin = worker_plugin("hw03")
    return plugin.feature_maps_vs_conv(plugin.hw03_cnn(batch_norm=True), {"seed": 5}, {"first_layer_feature_maps": function})


def test_feature_maps_are_classified_against_the_models_own_conv():
    import keras

    def right(model, image):
        conv = [l for l in model.layers if isinstance(l, keras.layers.Conv2D)][0]
        return np.asarray(keras.Model(model.inputs, conv.output)(image[None]))[0]

    def linear(model, image):
        conv = [l for l in model.layers if isinstance(l, keras.layers.Conv2D)][0]
        saved, conv.activation = conv.activation, keras.activations.linear
        try:
            return right(model, image)
        finally:
            conv.activation = saved

    assert _maps_answer(right) == {"layout": "conv-output", "equals": "conv_bias_activation"}
    assert _maps_answer(lambda m, i: right(m, i)[None]) == {"layout": "batch-axis", "equals": "conv_bias_activation"}
    assert _maps_answer(linear) == {"layout": "conv-output", "equals": "conv_bias"}
    # Skipping the batch normalisation that precedes the conv is not the conv of its input.
    skipped = lambda m, i: np.asarray(m.layers[1](i[None]))[0]  # noqa: E731  (layers[0] is the BN)
    assert _maps_answer(skipped)["equals"] == "none"
