# fair answer: the utility written as (n_bar - n) / n; labels_needed walks a dict from n to accuracy with a while loop and returns np.inf.
import numpy as np


def utility(n_bar, n):
    return (n_bar - n) / n


def labels_needed(n_values, accuracies, target_accuracy):
    curve = dict(zip(n_values, accuracies))
    ns = sorted(curve)
    i = 0
    while i < len(ns) and curve[ns[i]] < target_accuracy:
        i += 1
    if i == len(ns):
        return np.inf
    if i == 0:
        return float(ns[0])
    n0, n1 = ns[i - 1], ns[i]
    a0, a1 = curve[n0], curve[n1]
    return float(n0 + (n1 - n0) * (target_accuracy - a0) / (a1 - a0))
