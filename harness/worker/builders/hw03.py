"""hw03 builders: the seed's CNN with fixed, seeded weights, made by trusted code.

Filters and feature maps are checked on a model both workers build identically, so
the student's answer can be compared number for number with the reference's.  All
weights (biases included) are drawn from a seeded generator: Keras's default zero
biases would hide a feature map computed without its bias.
"""
from __future__ import annotations

import numpy as np


def hw03_cnn(kernel1_size=(3, 3), activation: str = "relu", batch_norm: bool = False, seed: int = 3):
    import keras

    layers = [keras.Input((32, 32, 3))]
    if batch_norm:
        layers.append(keras.layers.BatchNormalization())
    layers += [keras.layers.Conv2D(7, tuple(kernel1_size), padding="same", activation=activation),
               keras.layers.Conv2D(9, (3, 3), activation=activation),
               keras.layers.MaxPooling2D((2, 2)), keras.layers.Flatten(), keras.layers.Dropout(0.3),
               keras.layers.Dense(10, activation="softmax")]
    model = keras.Sequential(layers)
    rng = np.random.default_rng(seed)
    weights = []
    for w in model.get_weights():
        if batch_norm and w.ndim == 1 and len(weights) < 4 and w.shape == (3,):
            weights.append(_batch_norm_weight(len(weights), rng))  # gamma, beta, mean, variance
        else:
            weights.append(rng.normal(0.0, 0.3, size=w.shape).astype("float32"))
    model.set_weights(weights)
    return model


def _batch_norm_weight(index: int, rng) -> np.ndarray:
    """Non-trivial batch-norm statistics, so a model read past the normalisation layer shows it."""
    if index in (0, 3):  # gamma and the moving variance stay positive
        return rng.uniform(0.5, 1.5, size=3).astype("float32")
    return rng.normal(0.0, 0.2, size=3).astype("float32")


BUILDERS = {"hw03_cnn": hw03_cnn}
