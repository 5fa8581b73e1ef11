"""hw01 Q2: one-hot encoding, the same as ``keras.utils.to_categorical``."""
import numpy as np


def one_hot(labels, num_classes):
    """Row i has a single 1 in column labels[i]; labels may be shaped (n,) or (n, 1)."""
    labels = np.asarray(labels, dtype=np.int64).reshape(-1)
    return np.eye(num_classes, dtype=np.float32)[labels]


def mistake_one_hot_off_by_one(labels, num_classes):
    """The labels were treated as 1-based (column label - 1); Keras labels start at 0, so
    class 0 lands in the last column."""
    labels = np.asarray(labels, dtype=np.int64).reshape(-1)
    return np.eye(num_classes, dtype=np.float32)[labels - 1]


def mistake_one_hot_extra_column(labels, num_classes):
    """num_classes + 1 columns: with labels 0..num_classes-1 there are exactly num_classes
    columns."""
    return one_hot(labels, num_classes + 1)


def mistake_one_hot_classes_from_data(labels, num_classes):
    """The width was taken from the data (max label + 1) instead of num_classes; a batch
    without the last class then gets too few columns."""
    labels = np.asarray(labels, dtype=np.int64).reshape(-1)
    return one_hot(labels, int(labels.max()) + 1)
