# Freedom exercised: a plain Python loop over the labels (no vectorisation), int dtype result.
import numpy as np


def one_hot(labels, num_classes):
    labels = np.array(labels).flatten()   # CIFAR labels come as (n, 1)
    result = np.zeros((len(labels), num_classes), dtype=int)
    for i in range(len(labels)):
        result[i][labels[i]] = 1
    return result


print(one_hot([0, 3, 9, 1], 10))
