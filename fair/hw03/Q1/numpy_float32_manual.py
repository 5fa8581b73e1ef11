# fair-answer: numpy in float32 throughout (float32 accepted for float64), manual backprop with tanh and a cross-entropy-like loss, extra top-level demo code.
import numpy as np

np.random.seed(0)


def clip_by_value(g, lo, hi):
    g = np.array(g, dtype=np.float32)
    g = np.minimum(g, hi)
    g = np.maximum(g, lo)
    return g


def clip_by_norm(g, max_norm):
    g = np.array(g, dtype=np.float32)
    norm = np.sqrt(np.sum(g ** 2))
    scale = min(1.0, max_norm / norm)
    return g * np.float32(scale)


def l1_loss(X, y, w, lam):
    X, y, w = (np.array(a, dtype=np.float32) for a in (X, y, w))
    return np.float32(((y - X.dot(w)) ** 2).sum() + lam * np.abs(w).sum())


def l2_loss(X, y, w, lam):
    X, y, w = (np.array(a, dtype=np.float32) for a in (X, y, w))
    return np.float32(((y - X.dot(w)) ** 2).sum() + lam * (w * w).sum())


def dense_gradients_with_constant_init(x, units, value):
    x = np.array(x, dtype=np.float32)
    W1 = np.full((x.shape[1], units), value, dtype=np.float32)
    W2 = np.full((units, 1), value, dtype=np.float32)
    # forward
    a1 = np.tanh(x @ W1)
    logits = a1 @ W2
    p = 1 / (1 + np.exp(-logits))
    t = np.ones_like(p)  # pretend every sample belongs to class 1
    # backward of binary cross-entropy
    d_logits = (p - t) / len(x)
    d_a1 = d_logits @ W2.T
    d_z1 = d_a1 * (1 - a1 ** 2)
    dW1 = x.T @ d_z1
    return dW1


# quick demo of symmetry
demo = dense_gradients_with_constant_init(np.random.randn(10, 3), 5, 0.3)
print("gradient columns:\n", demo)
print("all columns equal:", np.allclose(demo, demo[:, :1]))
