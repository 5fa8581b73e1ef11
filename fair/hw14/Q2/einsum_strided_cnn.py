# Freedom exercised: np.einsum for the squared distances (float32 in, Python float mean out), argsort-based mining with masks, a strided CNN with LeakyReLU and no pooling; a scatter of the embeddings at top level.
import numpy as np
import keras
from keras import layers
import matplotlib.pyplot as plt


def _sq(u, v):
    diff = np.asarray(u, np.float32) - np.asarray(v, np.float32)
    return np.einsum("ij,ij->i", diff, diff)


def triplet_loss(anchor, positive, negative, alpha=0.4):
    return np.maximum(_sq(anchor, positive) - _sq(anchor, negative) + alpha, 0)


def mean_triplet_loss(anchor, positive, negative, alpha=0.4):
    return float(triplet_loss(anchor, positive, negative, alpha).mean())


def hardest_triplets(embeddings, labels):
    e = np.asarray(embeddings, np.float64)
    lab = np.asarray(labels).ravel()
    gram = e @ e.T
    d = np.diag(gram)[:, None] + np.diag(gram)[None, :] - 2 * gram
    positives, negatives = [], []
    for i in range(len(lab)):
        ranked = np.argsort(d[i])              # nearest first
        same = [j for j in ranked if lab[j] == lab[i] and j != i]
        other = [j for j in ranked if lab[j] != lab[i]]
        positives.append(same[-1] if same else i)   # farthest positive
        negatives.append(other[0])                  # nearest negative
    return np.array(positives), np.array(negatives)


def build_embedding_network(input_shape, dim):
    return keras.Sequential([
        keras.Input(shape=input_shape),
        layers.Conv2D(32, 3, strides=2, padding="same"),
        layers.LeakyReLU(negative_slope=0.1),
        layers.Conv2D(64, 3, strides=2, padding="same"),
        layers.LeakyReLU(negative_slope=0.1),
        layers.Flatten(),
        layers.Dense(dim),
    ], name="embedder")


if __name__ == "__main__":
    pts = np.random.randn(50, 2)
    plt.scatter(pts[:, 0], pts[:, 1])
    plt.show()
