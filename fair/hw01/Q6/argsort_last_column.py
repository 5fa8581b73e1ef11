# Freedom exercised: np.argsort and taking the last column (the most probable class) instead of argmax; int32 result.
import numpy as np


def predict_labels(model, x):
    ranking = np.argsort(model.predict(x, verbose=0), axis=1)
    return ranking[:, -1].astype(np.int32)
