# fair answer: utility computed with TensorFlow (returns a tf scalar tensor, allowed for numbers), labels_needed over enumerate with an explicit line equation.
import tensorflow as tf


def utility(n_bar, n):
    return tf.constant(n_bar, tf.float64) / tf.constant(n, tf.float64) - 1.0


def labels_needed(n_values, accuracies, target_accuracy):
    pairs = sorted(zip(list(n_values), list(accuracies)), key=lambda p: p[0])
    xs = [p[0] for p in pairs]
    ys = [p[1] for p in pairs]
    for idx, y in enumerate(ys):
        if y >= target_accuracy:
            if idx == 0:
                return float(xs[0])
            # line through (xs[idx-1], ys[idx-1]) and (xs[idx], ys[idx]): y = m x + b
            m = (ys[idx] - ys[idx - 1]) / (xs[idx] - xs[idx - 1])
            b = ys[idx] - m * xs[idx]
            return float((target_accuracy - b) / m)
    return float("inf")
