"""Training an embedding network with the triplet loss on the fixed subset, inside the worker.

The student's network (from ``build_embedding_network``) and the reference's go through this
same trusted loop with the same seed and data, so the grader compares like with like: the
student's own loss and training code are checked elsewhere (by value, on fixed inputs).
"""
from __future__ import annotations

import os

import numpy as np

from harness.worker.failure_reasons import NotInspectable


def _random_triplets(y, rng):
    """For each anchor a random other row of its class and a random row of another class
    (random triplets: batch-hard mining from scratch tends to collapse every embedding).

    The triplet reference draws them the same way; this copy exists because the worker
    cannot see reference/ (and grading must not depend on a course's answers)."""
    positive, negative = np.empty(len(y), int), np.empty(len(y), int)
    for i, label in enumerate(y):
        same = np.flatnonzero(y == label)
        others = same[same != i]
        positive[i] = rng.choice(others) if len(others) else i
        negative[i] = rng.choice(np.flatnonzero(y != label))
    return positive, negative


def _images(name, split, limit):
    from harness.data import load

    data = load(name, split, size=os.environ.get("HARNESS_DATA_SIZE", "cpu"))
    x = np.asarray(data.x[:limit], dtype=np.float32) / 255.0
    return (x[..., None] if x.ndim == 3 else x), np.asarray(data.y[:limit]).reshape(-1)


def _embed(network, x):
    return np.concatenate([np.asarray(network(x[s:s + 256], training=False)) for s in range(0, len(x), 256)])


def nearest_neighbour_accuracy(train_emb, train_y, test_emb, test_y) -> float:
    a, b = test_emb.astype(np.float64), train_emb.astype(np.float64)
    d = np.sum(a**2, 1)[:, None] - 2 * a @ b.T + np.sum(b**2, 1)[None, :]
    return float(np.mean(train_y[np.argmin(d, axis=1)] == test_y))


def train_embedding(network, options: dict, namespace: dict) -> dict:
    """options: dataset, train_limit, test_limit, epochs, batch_size, alpha, learning_rate, seed.
    Returns the mean loss on fixed triplets before and after each epoch, and 1-NN accuracy."""
    import tensorflow as tf

    if not callable(network) or not hasattr(network, "trainable_variables"):
        raise NotInspectable("model", network)
    x, y = _images(options.get("dataset", "mnist"), "train", options.get("train_limit", 600))
    x_test, y_test = _images(options.get("dataset", "mnist"), "test", options.get("test_limit", 300))
    alpha, batch = float(options.get("alpha", 0.4)), int(options.get("batch_size", 64))
    rng = np.random.default_rng(int(options.get("seed", 0)))
    optimizer = tf.keras.optimizers.Adam(float(options.get("learning_rate", 1e-3)))
    fixed = _random_triplets(y, rng)

    def loss_of(idx, pos, neg, training):
        a, p, n = (network(tf.constant(x[i]), training=training) for i in (idx, pos, neg))
        d_ap = tf.reduce_sum(tf.square(a - p), axis=-1)
        d_an = tf.reduce_sum(tf.square(a - n), axis=-1)
        return tf.reduce_mean(tf.maximum(d_ap - d_an + alpha, 0.0))

    def fixed_loss():
        _refresh_batch_norm(network, x)
        return float(np.mean([float(loss_of(np.arange(s, min(s + 256, len(x))), fixed[0][s:s + 256],
                                            fixed[1][s:s + 256], False)) for s in range(0, len(x), 256)]))

    losses = [fixed_loss()]
    for _ in range(int(options.get("epochs", 1))):
        order, (pos, neg) = rng.permutation(len(x)), _random_triplets(y, rng)
        for s in range(0, len(x), batch):
            idx = order[s:s + batch]
            with tf.GradientTape() as tape:
                loss = loss_of(idx, pos[idx], neg[idx], True)
            grads = tape.gradient(loss, network.trainable_variables)
            optimizer.apply_gradients(zip(grads, network.trainable_variables))
        losses.append(fixed_loss())
    accuracy = nearest_neighbour_accuracy(_embed(network, x), y, _embed(network, x_test), y_test)
    return {"losses": losses, "nn_accuracy": accuracy}


def _refresh_batch_norm(network, x) -> None:
    """BatchNormalization's moving statistics set to the training subset's, before measuring.

    Within a few dozen steps the moving averages (momentum 0.99) are still near their start,
    so a network that learned would be measured, in inference mode, as one that did not.
    A network without BatchNormalization (the reference's) is unchanged.
    """
    def layers(model):
        for layer in getattr(model, "layers", []):
            yield layer
            yield from layers(layer)

    norms = [layer for layer in layers(network) if type(layer).__name__ == "BatchNormalization"]
    if not norms:
        return
    saved = [layer.momentum for layer in norms]
    for layer in norms:
        layer.momentum = 0.0
    network(x[:1024], training=True)
    for layer, momentum in zip(norms, saved):
        layer.momentum = momentum


ACTIONS = {"train_embedding": train_embedding}
