# Freedom exercised: keras.ops (backend-agnostic) for the loss, sklearn's pairwise distances for mining, a functional CNN with BatchNormalization, 'same' padding and Dropout.
import numpy as np
import keras
from keras import ops, layers
from sklearn.metrics import pairwise_distances


def triplet_loss(anchor, positive, negative, alpha=0.4):
    d_pos = ops.sum(ops.square(ops.subtract(anchor, positive)), axis=1)
    d_neg = ops.sum(ops.square(ops.subtract(anchor, negative)), axis=1)
    basic = d_pos - d_neg + alpha
    return ops.convert_to_numpy(ops.maximum(basic, 0.0))


def mean_triplet_loss(anchor, positive, negative, alpha=0.4):
    return float(np.mean(triplet_loss(anchor, positive, negative, alpha=alpha)))


def hardest_triplets(embeddings, labels):
    D = pairwise_distances(np.asarray(embeddings), metric="sqeuclidean")
    y = np.asarray(labels).reshape(-1)
    same = y[:, None] == y[None, :]
    np.fill_diagonal(same, False)
    pos = np.where(same, D, -1).argmax(axis=1)
    different = y[:, None] != y[None, :]
    neg = np.where(different, D, np.inf).argmin(axis=1)
    return pos, neg


def build_embedding_network(input_shape, dim):
    inp = keras.Input(input_shape)
    h = layers.Conv2D(32, 3, padding="same")(inp)
    h = layers.BatchNormalization()(h)
    h = layers.Activation("relu")(h)
    h = layers.MaxPooling2D()(h)
    h = layers.Conv2D(64, 3, padding="same", activation="relu")(h)
    h = layers.MaxPooling2D()(h)
    h = layers.Flatten()(h)
    h = layers.Dropout(0.25)(h)
    out = layers.Dense(dim, name="embedding")(h)
    return keras.Model(inp, out)
