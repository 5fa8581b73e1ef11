"""Helpers the hw14 checks use to measure students' objects; not student-facing.

``train_triplet_network`` is the trusted training loop for Q2: the grader trains the
network built by a student's ``build_embedding_network`` (and the reference's) with the
same random-triplet loss, seed and budget, then compares losses and nearest-neighbour
accuracy. ``search_space`` lists what a keras-tuner hypermodel registers (Q4).
"""
import numpy as np


def _random_triplets(y, rng):
    """For each row as anchor: a random other row of its class and a random row of
    another class (the seed's stochastic scheme; batch-hard mining from scratch tends to
    collapse all embeddings to one point, where the loss is stuck at alpha)."""
    positive, negative = np.empty(len(y), int), np.empty(len(y), int)
    for i, label in enumerate(y):
        same = np.flatnonzero(y == label)
        others = same[same != i]
        positive[i] = rng.choice(others) if len(others) else i
        negative[i] = rng.choice(np.flatnonzero(y != label))
    return positive, negative


def train_triplet_network(network, x, y, epochs=1, batch_size=64, alpha=0.4,
                          learning_rate=1e-3, seed=0):
    """Train ``network`` on random triplets with the mean triplet loss (Adam). Return the
    mean loss over a fixed set of triplets before training and after each epoch, so
    ``losses[-1] < losses[0]`` means training lowered it."""
    import tensorflow as tf

    x = np.asarray(x, dtype=np.float32)
    y = np.asarray(y).reshape(-1)
    rng = np.random.default_rng(seed)
    optimizer = tf.keras.optimizers.Adam(learning_rate)
    fixed_pos, fixed_neg = _random_triplets(y, rng)

    def loss_of(idx, pos, neg, train):
        a, p, n = (network(tf.constant(x[i]), training=train) for i in (idx, pos, neg))
        d_ap = tf.reduce_sum(tf.square(a - p), axis=1)
        d_an = tf.reduce_sum(tf.square(a - n), axis=1)
        return tf.reduce_mean(tf.maximum(d_ap - d_an + alpha, 0.0))

    def evaluate():
        batches = range(0, len(x), 256)
        return float(np.mean([float(loss_of(np.arange(s, min(s + 256, len(x))),
                                            fixed_pos[s:s + 256], fixed_neg[s:s + 256], False))
                              for s in batches]))

    history = [evaluate()]
    for _ in range(epochs):
        order = rng.permutation(len(x))
        pos, neg = _random_triplets(y, rng)
        for s in range(0, len(x), batch_size):
            idx = order[s:s + batch_size]
            with tf.GradientTape() as tape:
                loss = loss_of(idx, pos[idx], neg[idx], True)
            grads = tape.gradient(loss, network.trainable_variables)
            optimizer.apply_gradients(zip(grads, network.trainable_variables))
        history.append(evaluate())
    return history


def nearest_neighbour_accuracy(train_embeddings, train_labels, test_embeddings, test_labels):
    """1-NN accuracy of test embeddings against train embeddings (squared Euclidean)."""
    a = np.asarray(test_embeddings, dtype=np.float64)
    b = np.asarray(train_embeddings, dtype=np.float64)
    d = np.sum(a**2, 1)[:, None] - 2 * a @ b.T + np.sum(b**2, 1)[None, :]
    predicted = np.asarray(train_labels).reshape(-1)[np.argmin(d, axis=1)]
    return float(np.mean(predicted == np.asarray(test_labels).reshape(-1)))


def search_space(build_hypermodel):
    """Run a hypermodel once with fresh HyperParameters and describe each one it registers
    (name, kind and range), so spaces can be matched by kind and range, not by name."""
    import keras_tuner as kt

    hp = kt.HyperParameters()
    build_hypermodel(hp)
    described = []
    for p in hp.space:
        entry = {"name": p.name, "kind": type(p).__name__}
        if entry["kind"] == "Choice":
            entry["values"] = list(p.values)
        for key in ("min_value", "max_value", "step", "sampling", "value"):
            if hasattr(p, key) and not callable(getattr(p, key)):
                entry[key] = getattr(p, key)
        described.append(entry)
    return described
