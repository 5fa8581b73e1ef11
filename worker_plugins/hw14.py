"""hw14's worker-side builder: a fixed classifier's output on the seed's imbalanced classes.

Loaded into grading workers through the rubric's ``worker_plugins`` (see harness/worker/plugins.py):
it runs beside the student's code, so it holds no answers, only the objects a check calls them on.
"""
from __future__ import annotations

import numpy as np

# The seed's class supports (training split of its skin-lesion data).
SUPPORTS = (228, 359, 769, 80, 779, 4693, 99)


def imbalanced_predictions(part: str, seed: int = 0, never_predicted: int | None = None):
    """A fixed classifier's output on the seed's supports: scores = softmax(noise + 1.5 on
    the true class + 1.0 on the majority class 5); part is 'y_true', 'y_pred' or 'y_score'.
    ``never_predicted`` removes one class from the predictions (zero_division cases)."""
    rng = np.random.default_rng(seed)
    y_true = rng.permutation(np.repeat(np.arange(len(SUPPORTS)), SUPPORTS))
    logits = rng.normal(size=(len(y_true), len(SUPPORTS)))
    logits[np.arange(len(y_true)), y_true] += 1.5
    logits[:, 5] += 1.0
    if never_predicted is not None:
        logits[:, never_predicted] -= 100.0
    scores = np.exp(logits - logits.max(axis=1, keepdims=True))
    scores /= scores.sum(axis=1, keepdims=True)
    return {"y_true": y_true, "y_pred": scores.argmax(axis=1), "y_score": scores}[part]


BUILDERS = {"imbalanced_predictions": imbalanced_predictions}
