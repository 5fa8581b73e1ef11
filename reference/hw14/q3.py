"""hw14 Q3: judging a 7-class skin-lesion classifier whose classes are very imbalanced.

Seed supports (train): 228, 359, 769, 80, 779, 4693, 99. Class 5 is two thirds of the data,
so accuracy mostly measures class 5; per-class numbers tell the real story.
"""
import numpy as np


# A missed lesion (false negative) is the costly error in a medical task, so per-class
# recall is what to watch; accuracy is inflated by the majority class.
recommended_metric = "recall"

# Answers for ``recommended_metric`` that the feedback should explain.
MISTAKEN_VALUES = {
    "recommended_metric": {
        "accuracy": "Accuracy is dominated by class 5 (two thirds of the samples); a model "
                    "that misses most lesions of the small classes still scores high.",
    }
}


def report(y_true, y_pred):
    """Per-class precision/recall/F1/support plus 'accuracy', 'macro avg' and 'weighted
    avg', as scikit-learn's classification_report(output_dict=True). A class that is never
    predicted gets precision 0 (zero_division=0), as in the seed's class 3."""
    from sklearn.metrics import classification_report

    return classification_report(y_true, y_pred, output_dict=True, zero_division=0)


def roc_auc_per_class(y_true, y_score):
    """One-vs-rest ROC AUC for each class, from the predicted probabilities (not labels)."""
    from sklearn.metrics import roc_auc_score

    y_score = np.asarray(y_score)
    y_true = np.asarray(y_true).reshape(-1)
    return np.array([roc_auc_score(y_true == k, y_score[:, k]) for k in range(y_score.shape[1])])


def confusion(y_true, y_pred):
    """Confusion matrix: rows are the true class, columns the predicted class."""
    from sklearn.metrics import confusion_matrix

    return confusion_matrix(y_true, y_pred)


def mistake_report_averages_swapped(y_true, y_pred):
    """'macro avg' and 'weighted avg' are mixed up: the macro average weighs every class
    equally, the weighted one by support (so it is close to accuracy here).

    fa: 'macro avg' و 'weighted avg' جابه‌جا شده‌اند: میانگین macro به همهٔ کلاس‌ها وزن برابر می‌دهد و میانگین
    weighted به اندازهٔ support (برای همین در اینجا به دقت نزدیک است).
    """
    result = report(y_true, y_pred)
    result["macro avg"], result["weighted avg"] = result["weighted avg"], result["macro avg"]
    return result


def mistake_report_precision_recall_swapped(y_true, y_pred):
    """Precision and recall are swapped: recall = TP / (TP + FN) is per true class,
    precision = TP / (TP + FP) per predicted class.

    fa: جای precision و recall عوض شده است: recall = TP / (TP + FN) برای هر کلاس واقعی است و precision = TP /
    (TP + FP) برای هر کلاس پیش‌بینی‌شده.
    """
    result = report(y_pred, y_true)
    for key, value in report(y_true, y_pred).items():
        if isinstance(value, dict):
            result[key]["support"] = value["support"]
    return result


def mistake_roc_auc_per_class_from_labels(y_true, y_score):
    """The AUC was computed from hard predicted labels (argmax) instead of probabilities;
    a ROC curve needs scores to sweep the threshold.

    fa: AUC از برچسب‌های قطعی پیش‌بینی‌شده (argmax) حساب شده نه از احتمال‌ها؛ منحنی ROC برای جاروب کردن آستانه
    به امتیاز پیوسته نیاز دارد.
    """
    y_score = np.asarray(y_score)
    hard = np.eye(y_score.shape[1])[np.argmax(y_score, axis=1)]
    return roc_auc_per_class(y_true, hard)


def mistake_confusion_transposed(y_true, y_pred):
    """The matrix is transposed (y_true and y_pred swapped): rows must be the true class.

    fa: ماتریس ترانهاده است (جای y_true و y_pred عوض شده): سطرها باید کلاس واقعی باشند.
    """
    return confusion(y_pred, y_true)


def recommended_metric_accuracy_explained():
    """Accuracy is dominated by class 5 (two thirds of the samples): a model that misses most
    lesions of the small classes still scores high. Per-class recall shows the misses."""
    return "accuracy"
