"""A keras-tuner hypermodel described as plain data, inside the worker.

``describe_hypermodel`` calls ``build_hypermodel(hp)`` with a fresh HyperParameters and
reports the search space it declared (kind and range of each hyper-parameter), the model
built at the default values, how each integer hyper-parameter changes the model, and,
when asked, whether a tiny RandomSearch runs to the end, or how many layers of one family
(``counts``, say "Conv") the model has at each value of the Int declared over ``int_range``.
"""
from __future__ import annotations

import tempfile

import numpy as np

from harness.worker.failure_reasons import NotInspectable

# An Int over a long range would build a model per value: the first few values show the relation.
MOST_VALUES_COUNTED = 6


def describe_hypermodel(build, options: dict, namespace: dict) -> dict:
    import keras_tuner

    if not callable(build):
        raise NotInspectable("hypermodel", build)
    hp = keras_tuner.HyperParameters()
    model = build(hp)
    report = {"space": [describe_entry(h) for h in hp.space], "default": _model(model),
              "varies": _varies(build, hp)}
    if options.get("search"):
        report["search"] = _search(build, report["default"].get("loss"), options)
    if options.get("int_range"):
        report["responds"] = _responds(build, hp, options["int_range"], str(options.get("counts", "Conv")))
    return report


def describe_entry(h) -> dict:
    """One declared hyper-parameter as an entry of :mod:`harness.contract.search_space` (names aside, what
    the "space" aspect and the builders of values under the submission's names compare)."""
    config = h.get_config()
    kind = type(h).__name__
    entry = {"kind": kind, "name": str(config.get("name"))}
    if kind == "Choice":
        entry["values"] = sorted(float(v) if isinstance(v, (int, float)) else str(v) for v in config["values"])
    elif kind in ("Int", "Float"):
        entry.update(min=float(config["min_value"]), max=float(config["max_value"]),
                     step=None if config.get("step") is None else float(config["step"]),
                     sampling=str(config.get("sampling") or "linear"))
    elif kind == "Fixed":
        entry["value"] = config.get("value")
    return entry


def _model(model) -> dict:
    if not hasattr(model, "count_params"):
        raise TypeError(f"build_hypermodel(hp) must return a Keras model, not a {type(model).__name__}")
    compiled = getattr(model, "optimizer", None) is not None
    loss = (model.get_compile_config() or {}).get("loss") if compiled else None
    return {"params": int(model.count_params()), "outputs": [[None if d is None else int(d) for d in t.shape]
                                                            for t in model.outputs],
            "compiled": compiled, "loss": loss if isinstance(loss, (str, type(None))) else str(loss)}


def _varies(build, hp) -> dict:
    """Parameter count at the lowest and highest value of each Int: an Int nobody uses changes nothing."""
    found = {}
    for h in hp.space:
        if type(h).__name__ != "Int":
            continue
        counts = []
        for value in (h.min_value, h.max_value):
            trial = hp.copy()
            trial.values[h.name] = value
            counts.append(int(build(trial).count_params()))
        found[h.name] = counts
    return found


def _responds(build, hp, int_range, family: str) -> dict:
    """Layers of ``family`` counted at each value of every Int declared over ``int_range``, the
    other hyper-parameters at their defaults.  Names are the student's own, so every Int with that
    range is a candidate."""
    low, high = (int(v) for v in int_range)
    candidates = []
    for h in hp.space:
        if type(h).__name__ != "Int" or (int(h.min_value), int(h.max_value)) != (low, high):
            continue
        counts = []
        for value in list(range(low, high + 1, int(h.step or 1)))[:MOST_VALUES_COUNTED]:
            trial = hp.copy()
            trial.values[h.name] = value
            counts.append([value, _count_layers(build(trial), family)])
        candidates.append({"name": str(h.name), "step": int(h.step or 1), "counts": counts})
    return {"int_range": [low, high], "layers": family, "candidates": candidates}


def _count_layers(model, family: str) -> int:
    """Layers, nested ones included, that are (or subclass) a Keras class named with ``family``:
    a student's own ``ConvBlock(Layer)`` is not a convolution, its Conv2D inside is."""
    def of_family(layer) -> bool:
        return any(family in cls.__name__ for cls in type(layer).__mro__ if cls.__module__.split(".")[0] == "keras")

    return sum(of_family(layer) for layer in model._flatten_layers(include_self=False, recursive=True))


def _search(build, loss, options: dict) -> dict:
    import keras_tuner

    from harness.data import load

    train, test = load(options.get("dataset", "cifar10"), "train"), load(options.get("dataset", "cifar10"), "test")
    n, m = int(options.get("train_limit", 256)), int(options.get("test_limit", 128))
    x, x_val = train.x[:n].astype("float32") / 255.0, test.x[:m].astype("float32") / 255.0
    y, y_val = _labels(train.y[:n], loss), _labels(test.y[:m], loss)
    with tempfile.TemporaryDirectory(prefix="tuner-") as folder:
        tuner = keras_tuner.RandomSearch(build, objective="val_accuracy", max_trials=int(options.get("trials", 2)),
                                         seed=int(options.get("seed", 0)), directory=folder, project_name="search",
                                         overwrite=True)
        tuner.search(x, y, epochs=int(options.get("epochs", 1)), batch_size=int(options.get("batch_size", 64)),
                     validation_data=(x_val, y_val), verbose=0)
        trials = list(tuner.oracle.trials.values())
        finished = [t for t in trials if t.score is not None and np.isfinite(t.score)]
        return {"trials": len(trials), "finished": len(finished)}


def _labels(y, loss):
    y = np.asarray(y).reshape(-1).astype(int)
    return y if loss and "sparse" in str(loss) else np.eye(10, dtype="float32")[y]


ACTIONS = {"describe_hypermodel": describe_hypermodel}
