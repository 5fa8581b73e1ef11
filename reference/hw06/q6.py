"""hw06 Q6: per-class precision, recall, F1 and the confusion matrix.

Everything follows from the confusion matrix C (rows = true class, columns =
predicted class): the diagonal holds the true positives, a column sum is
"predicted as c", a row sum is "really c".
"""
import numpy as np


def _labels(y):
    """Class indices from labels, one-hot rows or predicted probabilities."""
    y = np.asarray(y)
    return y.argmax(axis=1) if y.ndim == 2 else y.ravel()


def _safe_divide(numerator, denominator):
    # A class never predicted (or absent) has 0/0; scikit-learn reports 0 there.
    out = np.zeros(len(numerator), dtype=float)
    np.divide(numerator, denominator, out=out, where=denominator != 0)
    return out


def confusion(y_true, y_pred):
    """Confusion matrix over the classes seen in either array, in sorted order."""
    y_true, y_pred = _labels(y_true), _labels(y_pred)
    classes = np.unique(np.concatenate([y_true, y_pred]))
    rows, cols = np.searchsorted(classes, y_true), np.searchsorted(classes, y_pred)
    matrix = np.zeros((len(classes), len(classes)), dtype=int)
    np.add.at(matrix, (rows, cols), 1)
    return matrix


def classification_metrics(y_true, y_pred):
    """Per-class precision, recall and F1 plus the confusion matrix, as scikit-learn computes them."""
    matrix = confusion(y_true, y_pred)
    true_positives = np.diag(matrix)
    precision = _safe_divide(true_positives, matrix.sum(axis=0))  # of those predicted c
    recall = _safe_divide(true_positives, matrix.sum(axis=1))  # of those really c
    f1 = _safe_divide(2 * precision * recall, precision + recall)
    return {"precision": precision, "recall": recall, "f1": f1, "confusion_matrix": matrix}


# --- known mistakes -------------------------------------------------------

def mistake_classification_metrics_transposed(y_true, y_pred):
    """The confusion matrix has predicted classes as rows (confusion_matrix(y_pred, y_true)), so precision and recall are swapped: rows must be the true class.

    fa: سطرهای ماتریس درهم‌ریختگی کلاس پیش‌بینی‌شده‌اند (confusion_matrix(y_pred, y_true))، پس جای precision و
    recall عوض شده است: سطرها باید کلاس واقعی باشند.
    """
    return classification_metrics(y_pred, y_true)


def mistake_classification_metrics_macro_average(y_true, y_pred):
    """Precision, recall and F1 are single macro averages (average="macro"); the question asks for one value per class.

    fa: precision و recall و F1 هر کدام یک میانگین macro هستند (average="macro")؛ سؤال برای هر کلاس یک مقدار
    می‌خواهد.
    """
    report = classification_metrics(y_true, y_pred)
    for key in ("precision", "recall", "f1"):
        report[key] = float(np.mean(report[key]))
    return report


def mistake_classification_metrics_micro_average(y_true, y_pred):
    """Precision, recall and F1 are micro averages, which for single-label data all equal the accuracy; the question asks for one value per class.

    fa: precision و recall و F1 میانگین micro هستند که برای داده‌های تک‌برچسبی همه برابر دقت می‌شوند؛ سؤال برای
    هر کلاس یک مقدار می‌خواهد.
    """
    report = classification_metrics(y_true, y_pred)
    accuracy = np.trace(report["confusion_matrix"]) / report["confusion_matrix"].sum()
    for key in ("precision", "recall", "f1"):
        report[key] = float(accuracy)
    return report


def mistake_classification_metrics_f1_mean_of_pr(y_true, y_pred):
    """F1 is the arithmetic mean (P + R) / 2 instead of the harmonic mean 2PR / (P + R).

    fa: F1 میانگین حسابی (P + R) / 2 گرفته شده است، نه میانگین همساز 2PR / (P + R).
    """
    report = classification_metrics(y_true, y_pred)
    report["f1"] = (report["precision"] + report["recall"]) / 2
    return report
