# Freedom exercised: every metric computed by hand with NumPy loops (report keys spelled as scikit-learn's, class keys as ints), AUC by the rank (Mann-Whitney) formula, confusion matrix by counting.
import numpy as np
from scipy.stats import rankdata


def confusion(y_true, y_pred):
    y_true, y_pred = np.ravel(y_true), np.ravel(y_pred)
    k = int(max(y_true.max(), y_pred.max())) + 1
    m = np.zeros((k, k), dtype=int)
    for t, p in zip(y_true, y_pred):
        m[t, p] += 1
    return m


def report(y_true, y_pred):
    m = confusion(y_true, y_pred)
    out = {}
    precisions, recalls, f1s, supports = [], [], [], []
    for c in range(m.shape[0]):
        tp = m[c, c]
        predicted = m[:, c].sum()
        actual = m[c, :].sum()
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[c] = {"precision": precision, "recall": recall, "f1-score": f1, "support": int(actual)}
        precisions.append(precision); recalls.append(recall); f1s.append(f1); supports.append(actual)
    w = np.array(supports) / np.sum(supports)
    total = int(np.sum(supports))
    out["accuracy"] = np.trace(m) / total
    out["macro avg"] = {"precision": np.mean(precisions), "recall": np.mean(recalls),
                        "f1-score": np.mean(f1s), "support": total}
    out["weighted avg"] = {"precision": float(w @ precisions), "recall": float(w @ recalls),
                           "f1-score": float(w @ f1s), "support": total}
    return out


def roc_auc_per_class(y_true, y_score):
    y_true = np.ravel(y_true)
    y_score = np.asarray(y_score, dtype=float)
    aucs = []
    for k in range(y_score.shape[1]):
        positive = y_true == k
        ranks = rankdata(y_score[:, k])
        n_pos, n_neg = positive.sum(), (~positive).sum()
        aucs.append((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
    return aucs


recommended_metric = "recall"
