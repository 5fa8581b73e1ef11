# Freedom exercised: pandas for counting classes (an import beyond the course pack), helper function, prints at top level.
import numpy as np
import pandas as pd


def _count_classes(y):
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        return int(y.shape[1])
    return int(pd.Series(y.ravel()).nunique())


def dataset_summary(x, y):
    x = np.asarray(x)
    return {"n_samples": int(x.shape[0]), "image_shape": tuple(x.shape[1:]),
            "n_classes": _count_classes(y)}


demo_x = np.random.randint(0, 255, size=(10, 32, 32, 3), dtype=np.uint8)
demo_y = np.random.randint(0, 10, size=(10, 1))
print(pd.DataFrame([dataset_summary(demo_x, demo_y)]))
