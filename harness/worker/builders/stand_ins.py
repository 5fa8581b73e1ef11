"""Trusted stand-ins made in the worker: planted word vectors, one-hot labels, and a model
with fixed probabilities, so a check can call the student's function on known objects."""
from __future__ import annotations

import numpy as np


def planted_vectors():
    """KeyedVectors where 'female' is one exact offset, so every analogy has a known answer."""
    from gensim.models import KeyedVectors

    female = np.array([0.0, 0.0, 0.0, 1.0])
    base = {"man": ("woman", [1, 0, 0, 0]), "king": ("queen", [0, 1, 0, 0]),
            "actor": ("actress", [0, 0, 1, 0]), "boy": ("girl", [1, 0, 0.5, 0])}
    words, vectors = [], []
    for word, (feminine, vector) in base.items():
        words += [word, feminine]
        vectors += [np.array(vector, float), np.array(vector, float) + female]
    kv = KeyedVectors(vector_size=4)
    kv.add_vectors(words, np.array(vectors, dtype=np.float32))
    return kv


def one_hot_labels(n: int, num_classes: int, seed: int = 0):
    """(n, num_classes) float32 one-hot rows, as keras.utils.to_categorical returns."""
    labels = np.random.default_rng(seed).integers(0, num_classes, n)
    return np.eye(num_classes, dtype=np.float32)[labels]


class FixedPredictor:
    """Stands in for a trained model: it answers fixed probabilities, by each way students ask a Keras
    model for them (``predict``, ``predict_on_batch``, ``predict_step``, or calling it and taking
    ``.numpy()`` of the tensor it returns)."""

    def __init__(self, probabilities):
        self.probabilities = np.asarray(probabilities, dtype=np.float32)

    def predict(self, x, *args, **kwargs):
        return self.probabilities[: len(x)].copy()

    predict_on_batch = predict_step = predict

    def __call__(self, x, *args, **kwargs):
        """A tensor, as a Keras model returns when called (a NumPy array where TensorFlow is absent)."""
        rows = self.predict(x)
        try:
            import tensorflow as tf
        except ImportError:
            return rows
        return tf.convert_to_tensor(rows)


def fixed_predictor(probabilities=None, rows: int = 0, classes: int = 10, seed: int = 0):
    """A FixedPredictor with the given probabilities, or seeded random softmax rows."""
    if probabilities is None:
        logits = np.random.default_rng(seed).normal(size=(rows, classes)) * 3
        probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return FixedPredictor(probabilities)


BUILDERS = {"planted_vectors": planted_vectors, "one_hot_labels": one_hot_labels, "fixed_predictor": fixed_predictor}
