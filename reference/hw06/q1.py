"""hw06 Q1: batch and layer normalisation of a small matrix, by hand with NumPy.

Rows are samples and columns are features.  Batch normalisation standardises each
column over the batch (axis 0); layer normalisation standardises each row over its
features (axis 1).  Both use the population standard deviation (``ddof=0``), as the
Keras layers do, and put ``eps`` inside the square root: ``(x - mean) / sqrt(var + eps)``.
"""
import numpy as np

SEED_ARRAY = np.array([
    [20, 17, 32, 42, 65],
    [13, 65, 96, 53, 21],
    [45, 63, 74, 38, 64],
    [23, 76, 40, 34, 26],
    [14, 66, 78, 49, 23],
], dtype=np.float64)


def batch_norm(x, eps=0.0):
    x = np.asarray(x, dtype=np.float64)
    mean = x.mean(axis=0, keepdims=True)
    var = x.var(axis=0, keepdims=True)
    return (x - mean) / np.sqrt(var + eps)


def layer_norm(x, eps=0.0):
    x = np.asarray(x, dtype=np.float64)
    # keepdims=True keeps the row statistics as a column (n, 1), so each row is
    # centred with its own mean.  Without it, the (n,) vector broadcasts along the
    # last axis and row i's statistics are applied to column i: wrong, yet silent
    # for a square matrix.
    mean = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps)


# Known mistakes: each reproduces a wrong answer students give, so feedback can name it.

def mistake_layer_norm_no_keepdims(x, eps=0.0):
    """Row statistics were computed without keepdims=True, so each row's mean and std were broadcast across the columns (row i's statistics applied to column i) instead of down its own row.

    fa: آماره‌های هر سطر بدون keepdims=True حساب شده‌اند، پس میانگین و انحراف معیار هر سطر در طول ستون‌ها پخش
    شده‌اند (آمارهٔ سطر i روی ستون i اعمال شده) به جای این‌که روی همان سطر اعمال شوند.
    """
    x = np.asarray(x, dtype=np.float64)
    return (x - x.mean(axis=1)) / np.sqrt(x.var(axis=1) + eps)


def mistake_layer_norm_std_no_keepdims(x, eps=0.0):
    """The mean kept its axis (keepdims=True) but the standard deviation did not, so each row's spread was broadcast across the columns (row i's std divides column i).

    fa: میانگین محورش را نگه داشته (keepdims=True) ولی انحراف معیار نه، پس پراکندگی هر سطر در طول ستون‌ها پخش
    شده است (انحراف معیار سطر i ستون i را تقسیم می‌کند).
    """
    x = np.asarray(x, dtype=np.float64)
    return (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1) + eps)


def mistake_layer_norm_mean_no_keepdims(x, eps=0.0):
    """The standard deviation kept its axis (keepdims=True) but the mean did not, so each row's mean was broadcast across the columns (row i's mean is subtracted from column i).

    fa: انحراف معیار محورش را نگه داشته (keepdims=True) ولی میانگین نه، پس میانگین هر سطر در طول ستون‌ها پخش شده
    است (میانگین سطر i از ستون i کم می‌شود).
    """
    x = np.asarray(x, dtype=np.float64)
    return (x - x.mean(axis=1)) / np.sqrt(x.var(axis=1, keepdims=True) + eps)


def mistake_layer_norm_ddof1(x, eps=0.0):
    """The sample standard deviation (ddof=1) was used; normalisation layers use the population standard deviation (ddof=0).

    fa: انحراف معیار نمونه‌ای (ddof=1) به کار رفته است؛ لایه‌های نرمال‌سازی انحراف معیار جامعه (ddof=0) را به
    کار می‌برند.
    """
    x = np.asarray(x, dtype=np.float64)
    return (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, ddof=1, keepdims=True) + eps)


def mistake_batch_norm_ddof1(x, eps=0.0):
    """The sample standard deviation (ddof=1) was used; normalisation layers use the population standard deviation (ddof=0).

    fa: انحراف معیار نمونه‌ای (ddof=1) به کار رفته است؛ لایه‌های نرمال‌سازی انحراف معیار جامعه (ddof=0) را به
    کار می‌برند.
    """
    x = np.asarray(x, dtype=np.float64)
    return (x - x.mean(axis=0, keepdims=True)) / np.sqrt(x.var(axis=0, ddof=1, keepdims=True) + eps)


def mistake_layer_norm_axes_swapped(x, eps=0.0):
    """Statistics were taken per column (axis 0), which is batch normalisation; layer normalisation standardises each row (axis 1).

    fa: آماره‌ها برای هر ستون (محور ۰) حساب شده‌اند که همان نرمال‌سازی دسته‌ای است؛ نرمال‌سازی لایه‌ای هر سطر
    (محور ۱) را استاندارد می‌کند.
    """
    return batch_norm(x, eps)


def mistake_batch_norm_axes_swapped(x, eps=0.0):
    """Statistics were taken per row (axis 1), which is layer normalisation; batch normalisation standardises each column over the batch (axis 0).

    fa: آماره‌ها برای هر سطر (محور ۱) حساب شده‌اند که همان نرمال‌سازی لایه‌ای است؛ نرمال‌سازی دسته‌ای هر ستون را
    روی دسته (محور ۰) استاندارد می‌کند.
    """
    return layer_norm(x, eps)


def mistake_layer_norm_eps_outside(x, eps=0.0):
    """eps was added to the standard deviation instead of to the variance inside the square root.

    fa: eps به انحراف معیار اضافه شده است، نه به واریانس درون رادیکال.
    """
    x = np.asarray(x, dtype=np.float64)
    return (x - x.mean(axis=1, keepdims=True)) / (x.std(axis=1, keepdims=True) + eps)


def mistake_batch_norm_eps_outside(x, eps=0.0):
    """eps was added to the standard deviation instead of to the variance inside the square root.

    fa: eps به انحراف معیار اضافه شده است، نه به واریانس درون رادیکال.
    """
    x = np.asarray(x, dtype=np.float64)
    return (x - x.mean(axis=0, keepdims=True)) / (x.std(axis=0, keepdims=True) + eps)
