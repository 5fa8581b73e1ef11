"""The triplet loop measures a BatchNorm network as trained, not with its initial moving statistics."""
import numpy as np

from harness.worker.actions.embedding_actions import _refresh_batch_norm


def test_moving_statistics_become_the_subsets_and_momentum_is_kept():
    import keras

    inner = keras.Sequential([keras.Input((3,)), keras.layers.BatchNormalization()])
    network = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3, use_bias=False), inner])
    x = np.random.default_rng(0).normal(5.0, 2.0, size=(200, 3)).astype("float32")
    norm = inner.layers[0]
    assert np.allclose(norm.moving_mean, 0.0)
    _refresh_batch_norm(network, x)
    features = np.asarray(network.layers[0](x))
    np.testing.assert_allclose(norm.moving_mean, features.mean(axis=0), rtol=1e-4, atol=1e-4)
    assert norm.momentum == 0.99


def test_a_network_without_batch_norm_is_untouched():
    import keras

    network = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    before = [w.copy() for w in network.get_weights()]
    _refresh_batch_norm(network, np.ones((4, 3), "float32"))
    assert all(np.array_equal(a, b) for a, b in zip(before, network.get_weights()))
