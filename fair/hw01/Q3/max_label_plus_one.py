# Freedom exercised: n_classes as the largest label + 1 (labels start at 0), one-hot turned back with argmax; image_shape as a list.
import numpy as np


def dataset_summary(x, y):
    x = np.asarray(x)
    y = np.asarray(y)
    if len(y.shape) == 2 and y.shape[1] != 1:
        y = np.argmax(y, axis=1)
    y = y.reshape(-1)
    return {"n_samples": len(x),
            "image_shape": list(x.shape[1:]),
            "n_classes": int(y.max()) + 1}


summary = dataset_summary(np.zeros((3, 28, 28)), np.array([0, 1, 2]))
print(summary)
