# Freedom exercised: plain Python loops over rows (floats in lists), a dense-only (MLP) embedding network, hardest triplets by double loop with Euclidean (not squared) distance, which ranks the same.
import math
import numpy as np
import keras
from keras import layers


def _sqdist(u, v):
    return sum((float(a) - float(b)) ** 2 for a, b in zip(u, v))


def triplet_loss(anchor, positive, negative, alpha=0.4):
    losses = []
    for a, p, n in zip(anchor, positive, negative):
        losses.append(max(_sqdist(a, p) - _sqdist(a, n) + alpha, 0.0))
    return losses


def mean_triplet_loss(anchor, positive, negative, alpha=0.4):
    rows = triplet_loss(anchor, positive, negative, alpha)
    return sum(rows) / len(rows)


def hardest_triplets(embeddings, labels):
    emb = np.asarray(embeddings, dtype=float)
    labels = list(np.asarray(labels).ravel())
    n = len(labels)
    pos_idx, neg_idx = [], []
    for i in range(n):
        far_p, far_d = i, -1.0
        near_n, near_d = None, math.inf
        for j in range(n):
            if j == i:
                continue
            d = math.sqrt(_sqdist(emb[i], emb[j]))
            if labels[j] == labels[i]:
                if d > far_d:
                    far_p, far_d = j, d
            elif d < near_d:
                near_n, near_d = j, d
        pos_idx.append(far_p)
        neg_idx.append(near_n)
    return pos_idx, neg_idx


def build_embedding_network(input_shape, dim):
    return keras.Sequential([
        keras.Input(shape=input_shape),
        layers.Flatten(),
        layers.Dense(256, activation="relu"),
        layers.Dense(128, activation="relu"),
        layers.Dense(dim),
    ])
