# fair answer: nested Python loops over the labels, results as plain lists (COURSE.md accepts lists for arrays).
def classification_metrics(y_true, y_pred):
    y_true = [int(v) for v in y_true]
    y_pred = [int(v) for v in y_pred]
    n = max(max(y_true), max(y_pred)) + 1
    cm = [[0] * n for _ in range(n)]
    for t, p in zip(y_true, y_pred):
        cm[t][p] += 1
    precision, recall, f1 = [], [], []
    for c in range(n):
        tp = cm[c][c]
        predicted = sum(cm[r][c] for r in range(n))
        actual = sum(cm[c])
        p = tp / predicted if predicted else 0.0
        r = tp / actual if actual else 0.0
        precision.append(p)
        recall.append(r)
        f1.append(2 * p * r / (p + r) if p + r > 0 else 0.0)
    return {"precision": precision, "recall": recall, "f1": f1, "confusion_matrix": cm}
