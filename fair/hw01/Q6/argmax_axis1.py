# Freedom exercised: np.argmax(..., axis=1) on model.predict with an explicit batch_size.
import numpy as np


def predict_labels(model, x):
    probs = model.predict(x, batch_size=32)
    return np.argmax(probs, axis=1)
