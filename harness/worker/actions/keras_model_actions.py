"""A Keras model described as plain data, so the grader can compare structures.

Only the aspects a check asks for are returned: comparing a projection (say, parameter
counts and output shapes) lets the generic comparison and known-mistake matching work
on models as they do on arrays.
"""
from __future__ import annotations

from harness.worker.failure_reasons import NotInspectable

ASPECTS = ("params", "inputs", "outputs", "output_names", "layer_kinds", "activations", "compile")
SKIPPED_LAYERS = ("InputLayer",)


def describe_model(model, options: dict, namespace: dict | None = None) -> dict:
    if not hasattr(model, "layers") or not hasattr(model, "count_params"):
        raise NotInspectable("model", model)
    aspects = options.get("aspects") or ["params", "outputs"]
    unknown = set(aspects) - set(ASPECTS)
    if unknown:
        raise ValueError(f"unknown model aspects {sorted(unknown)}")
    described = {aspect: DESCRIBERS[aspect](model) for aspect in aspects}
    for aspect, kept in (options.get("fields") or {}).items():  # only what the contract fixes
        if isinstance(described.get(aspect), dict):
            described[aspect] = {k: v for k, v in described[aspect].items() if k == "compiled" or k in kept}
    return described


def _params(model) -> dict:
    trainable = sum(int(_size(w)) for w in model.trainable_weights)
    frozen = sum(int(_size(w)) for w in model.non_trainable_weights)
    return {"total": trainable + frozen, "trainable": trainable, "non_trainable": frozen}


def _size(weight) -> int:
    count = 1
    for dim in weight.shape:
        count *= int(dim)
    return count


def _shape(tensor) -> list:
    return [None if d is None else int(d) for d in tensor.shape]


def _inputs(model) -> list:
    return [_shape(t) for t in model.inputs]


def _outputs(model) -> list:
    return [_shape(t) for t in model.outputs]


def _output_names(model) -> list:
    return sorted(str(name) for name in model.output_names)


def _layer_kinds(model) -> list:
    return [type(layer).__name__ for layer in model.layers if type(layer).__name__ not in SKIPPED_LAYERS]


def _activations(model) -> list:
    found = []
    for layer in model.layers:
        activation = getattr(layer, "activation", None)
        if activation is not None:
            found.append(activation_name(activation))
        elif type(layer).__name__ in ("ReLU", "LeakyReLU", "Softmax", "Activation"):
            found.append(type(layer).__name__.lower())
    return found


# TensorFlow's own functions under the names Keras gives the same activation (tf.nn.softmax is softmax_v2).
ACTIVATION_ALIASES = {"softmax_v2": "softmax", "log_softmax_v2": "log_softmax"}


def activation_name(activation) -> str:
    """An activation's name as Keras spells it, whichever module the student took the function from."""
    name = getattr(activation, "__name__", type(activation).__name__)
    return ACTIVATION_ALIASES.get(name, name)


def _compile(model) -> dict:
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or not getattr(model, "compiled", True):
        return {"compiled": False}
    config = model.get_compile_config() or {}
    weights = config.get("loss_weights")
    return {"compiled": True, "optimizer": type(optimizer).__name__.lower(),
            "learning_rate": float(optimizer.learning_rate),
            "loss_weights": {str(k): float(v) for k, v in weights.items()} if isinstance(weights, dict)
            else ([float(v) for v in weights] if isinstance(weights, (list, tuple)) else None)}


DESCRIBERS = {"params": _params, "inputs": _inputs, "outputs": _outputs, "output_names": _output_names,
              "layer_kinds": _layer_kinds, "activations": _activations, "compile": _compile}
ACTIONS = {"describe_model": describe_model}
