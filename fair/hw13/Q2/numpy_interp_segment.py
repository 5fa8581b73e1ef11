# fair answer: numpy argsort, first index reaching the target via np.argmax on a boolean mask, np.interp on that one segment; math.inf.
import math
import numpy as np


def utility(n_bar, n):
    return float(n_bar) / float(n) - 1.0


def labels_needed(n_values, accuracies, target_accuracy):
    n_values = np.asarray(n_values, dtype=np.float64)
    accuracies = np.asarray(accuracies, dtype=np.float64)
    order = np.argsort(n_values)
    n_values, accuracies = n_values[order], accuracies[order]
    reached = accuracies >= target_accuracy
    if not reached.any():
        return math.inf
    i = int(np.argmax(reached))
    if i == 0:
        return float(n_values[0])
    return float(np.interp(target_accuracy, accuracies[i - 1:i + 1], n_values[i - 1:i + 1]))
