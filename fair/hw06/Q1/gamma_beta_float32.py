# fair answer: gamma/beta scale-and-shift parameters with defaults before eps, float32 arithmetic and output.
import numpy as np


def batch_norm(x, gamma=1.0, beta=0.0, eps=0.0):
    x = np.array(x, dtype=np.float32)
    mu = np.mean(x, axis=0)
    sigma2 = np.mean((x - mu) ** 2, axis=0)
    x_hat = (x - mu) / np.sqrt(sigma2 + eps)
    return (gamma * x_hat + beta).astype(np.float32)


def layer_norm(x, gamma=1.0, beta=0.0, eps=0.0):
    x = np.array(x, dtype=np.float32)
    mu = np.mean(x, axis=1).reshape(-1, 1)
    sigma2 = np.mean((x - mu) ** 2, axis=1).reshape(-1, 1)
    x_hat = (x - mu) / np.sqrt(sigma2 + eps)
    return (gamma * x_hat + beta).astype(np.float32)
