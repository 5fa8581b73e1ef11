"""The fixed predictor stands in for a trained Keras model: every way students ask a model must work."""
import numpy as np
import pytest

from harness.worker.builders.stand_ins import fixed_predictor

PROBABILITIES = [[0.1, 0.7, 0.2], [0.8, 0.1, 0.1], [0.2, 0.2, 0.6]]


@pytest.mark.parametrize("ask", [
    lambda m, x: m.predict(x, verbose=0),
    lambda m, x: m.predict_on_batch(x),
    lambda m, x: np.asarray(m(x)),
    lambda m, x: m(x, training=False).numpy(),
])
def test_each_way_of_asking_gives_the_fixed_probabilities(ask):
    model = fixed_predictor(PROBABILITIES)
    got = ask(model, np.zeros((3, 28, 28)))
    np.testing.assert_allclose(got, PROBABILITIES, rtol=1e-6)
    assert np.argmax(got, axis=-1).tolist() == [1, 0, 2]
