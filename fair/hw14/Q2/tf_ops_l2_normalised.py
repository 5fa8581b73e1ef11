# Freedom exercised: TensorFlow ops returning tensors; an embedding network whose output is L2-normalised (FaceNet-style Lambda); mining on a tf distance matrix.
import numpy as np
import tensorflow as tf


def triplet_loss(anchor, positive, negative, alpha=0.4):
    anchor = tf.convert_to_tensor(anchor, tf.float32)
    positive = tf.convert_to_tensor(positive, tf.float32)
    negative = tf.convert_to_tensor(negative, tf.float32)
    pos_dist = tf.reduce_sum(tf.square(anchor - positive), axis=-1)
    neg_dist = tf.reduce_sum(tf.square(anchor - negative), axis=-1)
    return tf.maximum(pos_dist - neg_dist + alpha, 0.0)


def mean_triplet_loss(anchor, positive, negative, alpha=0.4):
    return tf.reduce_mean(triplet_loss(anchor, positive, negative, alpha))


def hardest_triplets(embeddings, labels):
    e = tf.convert_to_tensor(embeddings, tf.float32)
    sq = tf.reduce_sum(tf.square(e), axis=1)
    dist = sq[:, None] - 2.0 * tf.matmul(e, e, transpose_b=True) + sq[None, :]
    labels = tf.reshape(tf.convert_to_tensor(labels), [-1])
    same = tf.equal(labels[:, None], labels[None, :])
    eye = tf.eye(tf.shape(e)[0], dtype=tf.bool)
    pos_mask = tf.logical_and(same, tf.logical_not(eye))
    hardest_pos = tf.argmax(tf.where(pos_mask, dist, -1e9 * tf.ones_like(dist)), axis=1)
    hardest_neg = tf.argmin(tf.where(same, 1e9 * tf.ones_like(dist), dist), axis=1)
    return hardest_pos.numpy(), hardest_neg.numpy()


def build_embedding_network(input_shape, dim):
    inputs = tf.keras.Input(shape=input_shape)
    x = tf.keras.layers.Conv2D(32, 3, activation="relu")(inputs)
    x = tf.keras.layers.MaxPooling2D()(x)
    x = tf.keras.layers.Conv2D(64, 3, activation="relu")(x)
    x = tf.keras.layers.MaxPooling2D()(x)
    x = tf.keras.layers.Flatten()(x)
    x = tf.keras.layers.Dense(128, activation="relu")(x)
    x = tf.keras.layers.Dense(dim)(x)
    outputs = tf.keras.layers.Lambda(lambda t: tf.math.l2_normalize(t, axis=1))(x)
    return tf.keras.Model(inputs, outputs, name="embedding")
