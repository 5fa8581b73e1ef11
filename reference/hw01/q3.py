"""hw01 Q3: what the arrays returned by ``load_data`` contain."""
import numpy as np


def dataset_summary(x, y):
    """Number of samples, the shape of one image, the number of classes.

    ``y`` may hold integer labels, shaped (n,) or (n, 1) as CIFAR-10's, or one-hot rows.
    """
    x, y = np.asarray(x), np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        n_classes = y.shape[1]
    else:
        n_classes = len(np.unique(y))
    return {"n_samples": int(x.shape[0]), "image_shape": tuple(int(s) for s in x.shape[1:]),
            "n_classes": int(n_classes)}


def mistake_dataset_summary_counting_pixels(x, y):
    """n_samples counts pixels (x.size), not images: the sample count is x.shape[0].

    fa: n_samples تعداد پیکسل‌ها را می‌شمارد (x.size)، نه تعداد تصویرها را: تعداد نمونه‌ها x.shape[0] است.
    """
    result = dataset_summary(x, y)
    result["n_samples"] = int(np.asarray(x).size)
    return result


def mistake_dataset_summary_full_shape(x, y):
    """image_shape includes the sample axis (x.shape); one image is x.shape[1:].

    fa: image_shape محور نمونه‌ها را هم دارد (x.shape)؛ ابعاد یک تصویر x.shape[1:] است.
    """
    result = dataset_summary(x, y)
    result["image_shape"] = tuple(int(s) for s in np.asarray(x).shape)
    return result


def mistake_dataset_summary_max_label(x, y):
    """n_classes is the largest label, but labels start at 0: there are max + 1 classes.

    fa: n_classes برابر بزرگ‌ترین برچسب گرفته شده، ولی برچسب‌ها از ۰ شروع می‌شوند: تعداد کلاس‌ها max + 1 است.
    """
    result = dataset_summary(x, y)
    result["n_classes"] = int(np.max(y))
    return result
