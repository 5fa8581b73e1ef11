"""Helpers the hw14 checks use to measure students' objects; not student-facing.

``train_triplet_network`` is the trusted training loop for Q2: the grader trains the
network built by a student's ``build_embedding_network`` (and the reference's) with the
same batch-hard triplet loss, seed and budget, then compares losses and nearest-neighbour
accuracy. ``search_space`` lists what a keras-tuner hypermodel registers (Q4).
"""
import numpy as np


def _batch_hard_loss(tf, embeddings, labels, alpha):
    """Batch-hard triplet loss in TensorFlow (differentiable version of q2's mining)."""
    sq = tf.reduce_sum(tf.square(embeddings), axis=1)
    d = tf.maximum(sq[:, None] - 2.0 * embeddings @ tf.transpose(embeddings) + sq[None, :], 0.0)
    same = tf.equal(labels[:, None], labels[None, :])
    eye = tf.eye(tf.shape(labels)[0], dtype=tf.bool)
    positive_mask = tf.cast(tf.logical_and(same, tf.logical_not(eye)), d.dtype)
    hardest_positive = tf.reduce_max(d * positive_mask, axis=1)
    big = tf.reduce_max(d) + 1.0
    hardest_negative = tf.reduce_min(d + big * tf.cast(same, d.dtype), axis=1)
    return tf.reduce_mean(tf.maximum(hardest_positive - hardest_negative + alpha, 0.0))


def train_triplet_network(network, x, y, epochs=1, batch_size=64, alpha=0.4,
                          learning_rate=1e-3, seed=0):
    """Train ``network`` with batch-hard triplet loss; return the mean loss per epoch,
    preceded by the loss of the untrained network (so ``losses[-1] < losses[0]`` means
    training lowered it)."""
    import tensorflow as tf

    x = np.asarray(x, dtype=np.float32)
    y = np.asarray(y).reshape(-1).astype(np.int32)
    rng = np.random.default_rng(seed)
    optimizer = tf.keras.optimizers.Adam(learning_rate)

    def epoch_loss(train):
        order = rng.permutation(len(x)) if train else np.arange(len(x))
        losses = []
        for start in range(0, len(x) - 1, batch_size):
            idx = order[start:start + batch_size]
            xb, yb = tf.constant(x[idx]), tf.constant(y[idx])
            with tf.GradientTape() as tape:
                loss = _batch_hard_loss(tf, network(xb, training=train), yb, alpha)
            if train:
                grads = tape.gradient(loss, network.trainable_variables)
                optimizer.apply_gradients(zip(grads, network.trainable_variables))
            losses.append(float(loss))
        return float(np.mean(losses))

    history = [epoch_loss(train=False)]
    for _ in range(epochs):
        epoch_loss(train=True)
        history.append(epoch_loss(train=False))
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
