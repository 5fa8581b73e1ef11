"""Keras objects that are not models, and model outputs, described as plain data in the worker."""
from __future__ import annotations

import numpy as np

from harness.worker.failure_reasons import NotInspectable

OPTIMIZER_SETTINGS = ("learning_rate", "momentum", "nesterov")


def describe_optimizer(optimizer, options: dict, namespace: dict | None = None) -> dict:
    """The optimizer's class and the settings the check names (a Keras 3 optimizer is bound
    to the first model it trains, so its settings are what can be checked, not the object)."""
    if not hasattr(optimizer, "get_config"):
        raise NotInspectable("optimizer", optimizer)
    config = optimizer.get_config()
    described = {"class": type(optimizer).__name__}
    for name in options.get("settings") or OPTIMIZER_SETTINGS:
        value = config.get(name)
        described[name] = value if isinstance(value, (bool, str)) or value is None else float(value)
    return described


def output_probabilities(model, options: dict, namespace: dict | None = None) -> dict:
    """Whether the model's outputs on a seeded random batch are probability rows (>= 0, sum 1)."""
    if not hasattr(model, "inputs") or not callable(model):
        raise NotInspectable("model", model)
    shape = [int(d) for d in model.inputs[0].shape[1:]]
    batch = np.random.default_rng(int(options.get("seed", 0))).uniform(0, 1, [4, *shape]).astype("float32")
    out = np.asarray(model(batch, training=False), dtype=np.float64)
    rows = out.reshape(len(out), -1)
    ok = bool(np.all(rows >= 0) and np.allclose(rows.sum(axis=1), 1.0, rtol=1e-5, atol=1e-5))
    return {"probability_rows": int(ok)}


ACTIONS = {"describe_optimizer": describe_optimizer, "output_probabilities": output_probabilities}
