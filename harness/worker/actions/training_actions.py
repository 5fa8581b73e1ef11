"""Training or evaluating a model on the fixed subset, inside the worker.

Both the student's and the reference's models go through this same code with the same
seed and data, so the grader can compare their metrics as a ratio.
"""
from __future__ import annotations

import numpy as np

from harness.worker.actions.training_data import training_data
from harness.worker.failure_reasons import NotInspectable


def train_and_evaluate(model, options: dict, namespace: dict) -> dict:
    """options: dataset, train_limit, test_limit, transform, seed, x_scale, labels ('sparse' | 'onehot'),
    num_classes, rotations {weights}, outputs {name: 'label' | 'rotation'}, story_maxlen, query_maxlen,
    vocab_size (bAbI), mode ('fit' | 'evaluate'), epochs, batch_size, compile {optimizer, loss, metrics},
    metric (a history key without 'val_', e.g. 'accuracy' or a head's 'classifier_accuracy'),
    curve ('val', the default, or 'train')."""
    if not hasattr(model, "fit"):
        raise NotInspectable("model", model)
    (x, y), (x_test, y_test) = training_data(options, namespace)
    if options.get("mode", "fit") == "evaluate":
        return {"metric": _accuracy(model, x_test, y_test)}
    if options.get("compile") and (options.get("recompile") or not getattr(model, "optimizer", None)):
        model.compile(**options["compile"])
    history = _uncapped_fit(model)(x, y, epochs=int(options.get("epochs", 1)), batch_size=int(options.get("batch_size", 32)),
                                   validation_data=(x_test, y_test), verbose=0, shuffle=True)
    curves = {key: [float(v) for v in values] for key, values in history.history.items()}
    metric = options.get("metric", "accuracy")
    # curve "train": the metric as fit() measured it on the training batches, for models whose
    # BatchNorm moving averages need more steps than a CPU budget gives before held-out data is fair.
    key = metric if options.get("curve") == "train" else f"val_{metric}"
    if key not in curves:
        raise ValueError(f"the model reports no '{metric}' metric; compile it with metrics=['{metric}']")
    best = max(curves[key]) if "loss" not in key else min(curves[key])
    return {"metric": float(best), "history": curves}


def _uncapped_fit(model):
    """model.fit without the grading epoch cap (harness.data.serve): the cap keeps the notebook's own
    trainings short, but the check's epochs are the rubric's and the reference trains as many."""
    import keras

    capped = keras.Model.fit
    original = getattr(capped, "__wrapped__", None) if getattr(capped, "harness_epoch_cap", None) else None
    if original is None or getattr(type(model), "fit", None) is not capped:
        return model.fit  # no cap, or the model's own fit (a subclass's): left as it is
    return lambda *args, **kwargs: original(model, *args, **kwargs)


def _accuracy(model, x, y) -> float:
    predicted = np.asarray(model.predict(x, verbose=0)).argmax(axis=-1)
    truth = y.argmax(axis=-1) if y.ndim == 2 and y.shape[1] > 1 else y.reshape(-1)
    return float(np.mean(predicted == truth))


ACTIONS = {"train_and_evaluate": train_and_evaluate}
