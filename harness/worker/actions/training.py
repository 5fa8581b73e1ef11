"""Training or evaluating a model on the fixed subset, inside the worker.

Both the student's and the reference's models go through this same code with the same
seed and data, so the grader can compare their metrics as a ratio.
"""
from __future__ import annotations

import os
from types import ModuleType

import numpy as np


def train_and_evaluate(model, options: dict, namespace: dict) -> dict:
    """options: dataset, train_limit, test_limit, transform, seed, x_scale, labels ('sparse' | 'onehot'),
    num_classes, mode ('fit' | 'evaluate'), epochs, batch_size, compile {optimizer, loss, metrics}, metric."""
    if not hasattr(model, "fit"):
        raise TypeError(f"expected a Keras model, got a {type(model).__name__}")
    (x, y), (x_test, y_test) = _data(options, namespace)
    if options.get("mode", "fit") == "evaluate":
        return {"metric": _accuracy(model, x_test, y_test)}
    if options.get("compile") and (options.get("recompile") or not getattr(model, "optimizer", None)):
        model.compile(**options["compile"])
    history = model.fit(x, y, epochs=int(options.get("epochs", 1)), batch_size=int(options.get("batch_size", 32)),
                        validation_data=(x_test, y_test), verbose=0, shuffle=True)
    curves = {key: [float(v) for v in values] for key, values in history.history.items()}
    key = f"val_{options.get('metric', 'accuracy')}"
    if key not in curves:
        raise ValueError(f"the model reports no '{key[4:]}' metric; compile it with metrics=['{key[4:]}']")
    best = max(curves[key]) if "loss" not in key else min(curves[key])
    return {"metric": float(best), "history": curves}


def _data(options: dict, namespace: dict):
    from ...data import load

    size = os.environ.get("HARNESS_DATA_SIZE", "cpu")
    name = options["dataset"]
    train = load(name, options.get("train_split", "train"), size=size)
    test = load(name, options.get("test_split", "test"), size=size)
    x, y = train.x[: options.get("train_limit")], train.y[: options.get("train_limit")]
    x_test, y_test = test.x[: options.get("test_limit")], test.y[: options.get("test_limit")]
    if options.get("transform"):
        from ..probes import resolve

        # A function of the namespace (the student's own for the student) makes the task's labels.
        transform = _transform(namespace, options["transform"], resolve)
        x, y = transform(x, int(options.get("seed", 0)))
        x_test, y_test = transform(x_test, int(options.get("seed", 0)) + 1)
    return (_scaled(x, options), _labels(y, options)), (_scaled(x_test, options), _labels(y_test, options))


def _transform(namespace: dict, name: str, resolve):
    """The student's own function; for a reference, whose namespace holds its question modules
    ("q3": module), the function of that name in one of them."""
    if name not in namespace and namespace and all(isinstance(v, ModuleType) for v in namespace.values()):
        for module in namespace.values():
            if hasattr(module, name):
                return getattr(module, name)
    return resolve(namespace, name)


def _scaled(x, options):
    scale = options.get("x_scale", 255.0)
    return np.asarray(x, dtype="float32") / scale if scale else np.asarray(x)


def _labels(y, options):
    y = np.asarray(y)
    wanted = options.get("labels", "sparse")
    if wanted == "onehot" and (y.ndim == 1 or y.shape[-1] == 1):
        return np.eye(int(options["num_classes"]), dtype="float32")[y.reshape(-1).astype(int)]
    if wanted == "sparse" and y.ndim == 2 and y.shape[1] > 1:
        return y.argmax(axis=1)
    return y


def _accuracy(model, x, y) -> float:
    predicted = np.asarray(model.predict(x, verbose=0)).argmax(axis=-1)
    truth = y.argmax(axis=-1) if y.ndim == 2 and y.shape[1] > 1 else y.reshape(-1)
    return float(np.mean(predicted == truth))


ACTIONS = {"train_and_evaluate": train_and_evaluate}
