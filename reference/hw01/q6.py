"""hw01 Q6: from predicted probabilities to class indices."""
import numpy as np


def predict_labels(model, x):
    """The most probable class of each sample: argmax over the class axis (the last)."""
    return np.argmax(np.asarray(model.predict(x, verbose=0)), axis=-1)


def mistake_predict_labels_wrong_axis(model, x):
    """argmax over axis 0 gives, for each class, the sample that is most likely that class,
    not each sample's class; use axis=-1 (or 1).

    fa: argmax روی محور ۰ برای هر کلاس، نمونه‌ای را می‌دهد که بیشترین احتمال آن کلاس را دارد، نه کلاس هر نمونه
    را؛ از axis=-1 (یا 1) استفاده کنید.
    """
    return np.argmax(np.asarray(model.predict(x, verbose=0)), axis=0)


def mistake_predict_labels_max_probability(model, x):
    """np.max returns the highest probability, not the class index; use np.argmax.

    fa: np.max بیشترین احتمال را برمی‌گرداند، نه شمارهٔ کلاس را؛ از np.argmax استفاده کنید.
    """
    return np.max(np.asarray(model.predict(x, verbose=0)), axis=-1)
