# fair answer: pure Python (no numpy), points sorted with sorted(zip(...)), linear interpolation written out.
def utility(n_bar, n):
    return n_bar / n - 1


def labels_needed(n_values, accuracies, target_accuracy):
    points = sorted(zip(n_values, accuracies))
    prev_n, prev_acc = None, None
    for n, acc in points:
        if acc >= target_accuracy:
            if prev_n is None:
                return float(n)
            slope = (acc - prev_acc) / (n - prev_n)
            return float(prev_n + (target_accuracy - prev_acc) / slope)
        prev_n, prev_acc = n, acc
    return float("inf")
