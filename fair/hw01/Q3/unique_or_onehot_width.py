# Freedom exercised: numpy ints in the dict (np.unique count, x.shape items unconverted), one-hot width when labels are rows.
import numpy as np


def dataset_summary(x, y):
    y = np.asarray(y)
    if y.ndim > 1 and y.shape[-1] > 1:      # one-hot rows
        classes = y.shape[-1]
    else:
        classes = np.unique(y).size
    return {
        "n_samples": x.shape[0],
        "image_shape": x.shape[1:],
        "n_classes": classes,
    }
