# Freedom exercised: argmax with keepdims then ravel, and a helper that turns probabilities into labels; prints at top level.
import numpy as np


def probabilities_to_labels(p):
    return np.argmax(np.asarray(p), axis=-1, keepdims=True).ravel()


def predict_labels(model, x):
    return probabilities_to_labels(model.predict(x, verbose=0))


print(probabilities_to_labels([[0.2, 0.8], [0.9, 0.1]]))
