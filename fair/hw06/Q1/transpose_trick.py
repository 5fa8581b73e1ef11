# fair answer: layer norm written as batch norm of the transpose; std squared plus eps; epsilon passed through.
import numpy as np

matrix = np.array([[20, 17, 32, 42, 65],
                   [13, 65, 96, 53, 21],
                   [45, 63, 74, 38, 64],
                   [23, 76, 40, 34, 26],
                   [14, 66, 78, 49, 23]])


def batch_norm(x, eps=0.0):
    x = np.asarray(x) * 1.0
    std = x.std(axis=0)
    return (x - x.mean(axis=0)) / np.sqrt(std ** 2 + eps)


def layer_norm(x, eps=0.0):
    # every sample (row) becomes a column, so batch norm of x.T is layer norm of x
    return batch_norm(np.transpose(x), eps=eps).T


print("batch norm:\n", batch_norm(matrix))
print("layer norm:\n", layer_norm(matrix))
