# fair answer: TP/FP/FN counted per class with boolean masks (the question's own definitions), over np.unique of both arrays.
import numpy as np


def classification_metrics(y_true, y_pred):
    y_true, y_pred = np.array(y_true), np.array(y_pred)
    classes = np.union1d(np.unique(y_true), np.unique(y_pred))
    precision = np.zeros(len(classes))
    recall = np.zeros(len(classes))
    f1 = np.zeros(len(classes))
    matrix = np.zeros((len(classes), len(classes)), dtype=np.int64)
    for i, c in enumerate(classes):
        TP = np.sum((y_true == c) & (y_pred == c))
        FP = np.sum((y_true != c) & (y_pred == c))
        FN = np.sum((y_true == c) & (y_pred != c))
        precision[i] = TP / (TP + FP) if TP + FP > 0 else 0
        recall[i] = TP / (TP + FN) if TP + FN > 0 else 0
        if precision[i] + recall[i] > 0:
            f1[i] = 2 * precision[i] * recall[i] / (precision[i] + recall[i])
        for j, d in enumerate(classes):
            matrix[i, j] = np.sum((y_true == c) & (y_pred == d))
    return {"precision": precision, "recall": recall, "f1": f1, "confusion_matrix": matrix}
