"""hw01 Q2: one-hot encoding, the same as ``keras.utils.to_categorical``."""
import numpy as np


def one_hot(labels, num_classes):
    """Row i has a single 1 in column labels[i]; labels may be shaped (n,) or (n, 1)."""
    labels = np.asarray(labels, dtype=np.int64).reshape(-1)
    return np.eye(num_classes, dtype=np.float32)[labels]


def mistake_one_hot_off_by_one(labels, num_classes):
    """The labels were treated as 1-based (column label - 1); Keras labels start at 0, so
    class 0 lands in the last column.

    fa: برچسب‌ها از ۱ شمرده شده‌اند (ستون label - 1)؛ برچسب‌های Keras از ۰ شروع می‌شوند، پس کلاس ۰ در ستون آخر
    می‌افتد.
    """
    labels = np.asarray(labels, dtype=np.int64).reshape(-1)
    return np.eye(num_classes, dtype=np.float32)[labels - 1]


def mistake_one_hot_extra_column(labels, num_classes):
    """num_classes + 1 columns: with labels 0..num_classes-1 there are exactly num_classes
    columns.

    fa: ماتریس num_classes + 1 ستون دارد: با برچسب‌های 0..num_classes-1 دقیقاً num_classes ستون لازم است.
    """
    return one_hot(labels, num_classes + 1)


def mistake_one_hot_classes_from_data(labels, num_classes):
    """The width was taken from the data (max label + 1) instead of num_classes; a batch
    without the last class then gets too few columns.

    fa: پهنای ماتریس از خود داده (بزرگ‌ترین برچسب + ۱) گرفته شده، نه از num_classes؛ دسته‌ای که کلاس آخر را
    نداشته باشد ستون کم می‌آورد.
    """
    labels = np.asarray(labels, dtype=np.int64).reshape(-1)
    return one_hot(labels, int(labels.max()) + 1)
