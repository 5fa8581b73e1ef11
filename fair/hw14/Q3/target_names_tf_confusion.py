# Freedom exercised: report with target_names ("class 0".."class 6") and zero_division=0, tf.math.confusion_matrix returning a tensor, roc_curve + auc per class in a loop, recommended metric "sensitivity".
import numpy as np
import tensorflow as tf
from sklearn.metrics import classification_report, roc_curve, auc

N_CLASSES = 7


def report(y_true, y_pred):
    names = [f"class {i}" for i in range(N_CLASSES)]
    return classification_report(y_true, y_pred, labels=list(range(N_CLASSES)), target_names=names,
                                 output_dict=True, zero_division=0)


def roc_auc_per_class(y_true, y_score):
    y_true = np.asarray(y_true).ravel()
    out = []
    for k in range(np.shape(y_score)[1]):
        fpr, tpr, _ = roc_curve(y_true, np.asarray(y_score)[:, k], pos_label=k)
        out.append(auc(fpr, tpr))
    return np.array(out)


def confusion(y_true, y_pred):
    return tf.math.confusion_matrix(y_true, y_pred, num_classes=N_CLASSES)


recommended_metric = "sensitivity"
