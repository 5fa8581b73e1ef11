# fair-answer: plain Python loops and lists everywhere (lists are accepted for arrays), gradients derived by hand.
"""HW3 question 1 - written without numpy tricks, step by step like in class."""
import math

import numpy as np


def clip_by_value(g, lo, hi):
    out = []
    for v in g:
        if v < lo:
            out.append(lo)
        elif v > hi:
            out.append(hi)
        else:
            out.append(v)
    return out


def clip_by_norm(g, max_norm):
    total = 0.0
    for v in g:
        total += v * v
    norm = math.sqrt(total)
    if norm > max_norm:
        return [v * max_norm / norm for v in g]
    return list(g)


def predict(X, w):
    preds = []
    for row in X:
        s = 0.0
        for xi, wi in zip(row, w):
            s += xi * wi
        preds.append(s)
    return preds


def sse(X, y, w):
    err = 0.0
    for yi, pi in zip(y, predict(X, w)):
        err += (yi - pi) ** 2
    return err


def l1_loss(X, y, w, lam):
    penalty = 0.0
    for wi in w:
        penalty += abs(wi)
    return sse(X, y, w) + lam * penalty


def l2_loss(X, y, w, lam):
    penalty = 0.0
    for wi in w:
        penalty += wi ** 2
    return sse(X, y, w) + lam * penalty


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def dense_gradients_with_constant_init(x, units, value):
    # hidden layer h = sigmoid(x W1), output o = h W2, loss = mean((o - 1)^2)
    # every weight starts at `value`, biases at zero
    n = len(x)
    n_features = len(x[0])
    grads = [[0.0] * units for _ in range(n_features)]
    for sample in x:
        sample = [float(v) for v in sample]
        z = sum(sample) * value          # same pre-activation for every unit
        h = [sigmoid(z) for _ in range(units)]
        o = sum(hj * value for hj in h)
        d_o = 2.0 * (o - 1.0) / n
        for j in range(units):
            d_h = d_o * value
            d_z = d_h * h[j] * (1 - h[j])
            for i in range(n_features):
                grads[i][j] += d_z * sample[i]
    return grads


if __name__ == "__main__":
    print(clip_by_value([-3, 0.2, 5], -1, 2))
    print(clip_by_norm([3, -4, 12], 1.3))
    print(l1_loss([[1, 2], [3, 4], [5, 6]], [1, 2, 3], [0.5, -1], 0.1))
    g = dense_gradients_with_constant_init(np.random.randn(8, 5), 4, 0.5)
    print(np.array(g))
