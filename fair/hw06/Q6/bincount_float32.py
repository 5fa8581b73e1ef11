# fair answer: confusion matrix through np.bincount of true*n+pred, float32 metrics, np.errstate + nan_to_num for 0/0.
import numpy as np


def classification_metrics(y_true, y_pred):
    y_true = np.asarray(y_true).astype(int).ravel()
    y_pred = np.asarray(y_pred).astype(int).ravel()
    n = int(max(y_true.max(), y_pred.max())) + 1
    conf = np.bincount(y_true * n + y_pred, minlength=n * n).reshape(n, n)
    tp = np.diag(conf).astype(np.float32)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.nan_to_num(tp / conf.sum(axis=0))
        recall = np.nan_to_num(tp / conf.sum(axis=1))
        f1 = np.nan_to_num(2 * precision * recall / (precision + recall))
    return dict(precision=precision.astype(np.float32), recall=recall.astype(np.float32),
                f1=f1.astype(np.float32), confusion_matrix=conf)
