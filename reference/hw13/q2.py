"""hw13 Q2: the utility of self-supervised pre-training (Newell & Deng, 2020).

a(n) is the accuracy of a model trained from scratch on n labels, a_ft(n) the
accuracy of the pre-trained, fine-tuned model on n labels, and n_bar the
number of labels the scratch model needs so that a(n_bar) = a_ft(n).
U(n) = n_bar / n - 1: the extra labels pre-training saves, per label used.
"""
import numpy as np


def utility(n_bar, n):
    """U = n_bar / n - 1: 0 when pre-training saves nothing, 1 when it halves the labels needed."""
    return n_bar / n - 1


def labels_needed(n_values, accuracies, target_accuracy):
    """Smallest label count at which the accuracy curve reaches `target_accuracy`.

    The curve is known only at `n_values`; between two measured points it is
    taken to be a straight line, so the answer usually lies between them.
    Returns float("inf") when the curve never reaches the target.
    """
    order = np.argsort(n_values)
    n = np.asarray(n_values, dtype=float)[order]
    acc = np.asarray(accuracies, dtype=float)[order]
    if acc[0] >= target_accuracy:
        return float(n[0])
    for i in range(1, len(n)):
        if acc[i] >= target_accuracy:
            # First segment that crosses the target: solve the line for n.
            fraction = (target_accuracy - acc[i - 1]) / (acc[i] - acc[i - 1])
            return float(n[i - 1] + fraction * (n[i] - n[i - 1]))
    return float("inf")


# --- known mistakes -------------------------------------------------------

def mistake_utility_inverted(n_bar, n):
    """The ratio is upside down (n / n_bar - 1): utility is the labels the scratch model needs (n_bar) over the labels used (n), minus one.

    fa: کسر وارونه است (n / n_bar - 1): سودمندی برابر است با تعداد برچسبی که مدل بدون پیش‌آموزش لازم دارد
    (n_bar) تقسیم بر تعداد برچسب به‌کاررفته (n)، منهای یک.
    """
    return n / n_bar - 1


def mistake_utility_no_minus_one(n_bar, n):
    """The "- 1" is missing: n_bar / n is the label multiplier, and the utility is that multiplier minus one (0 when pre-training does not help).

    fa: «- 1» جا افتاده است: n_bar / n ضریب برچسب‌هاست و سودمندی همین ضریب منهای یک است (وقتی پیش‌آموزش کمکی
    نکند ۰ می‌شود).
    """
    return n_bar / n


def mistake_labels_needed_no_interpolation(n_values, accuracies, target_accuracy):
    """Returns the first measured n whose accuracy reaches the target instead of interpolating linearly between the two measured points around the crossing.

    fa: نخستین n اندازه‌گیری‌شده‌ای که دقتش به هدف می‌رسد برگردانده شده، به جای درون‌یابی خطی بین دو نقطهٔ
    اندازه‌گیری‌شدهٔ دو طرف محل عبور.
    """
    for n, acc in sorted(zip(n_values, accuracies)):
        if acc >= target_accuracy:
            return float(n)
    return float("inf")


def mistake_labels_needed_clamped(n_values, accuracies, target_accuracy):
    """np.interp clamps at the ends of the curve, so an unreachable target returns the largest n instead of float("inf").

    fa: np.interp در دو سر منحنی مقدار را می‌بُرد، پس برای هدفی که دست‌یافتنی نیست بزرگ‌ترین n برگردانده می‌شود
    به جای float("inf").
    """
    order = np.argsort(accuracies)
    return float(np.interp(target_accuracy, np.asarray(accuracies)[order], np.asarray(n_values)[order]))


def mistake_labels_needed_none_when_unreached(n_values, accuracies, target_accuracy):
    """Returns None when the target is never reached; the contract is float("inf"), so utility() still works.

    fa: وقتی هدف هرگز به دست نمی‌آید None برگردانده می‌شود؛ قرارداد float("inf") است تا utility() همچنان کار
    کند.
    """
    needed = labels_needed(n_values, accuracies, target_accuracy)
    return None if np.isinf(needed) else needed
