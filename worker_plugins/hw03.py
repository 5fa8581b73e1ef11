"""hw03's worker-side plugin: the seed's CNN with fixed, seeded weights (a builder), the seed's
training run, feature maps against a trusted convolution, and MobileNetV2 head checks (actions).

Loaded into grading workers through the rubric's ``worker_plugins`` (see harness/worker/plugins.py).
Each action returns plain data; the same code serves the student's and the reference's answers.
Filters and feature maps are checked on a model both workers build identically, so the student's
answer can be compared number for number with the reference's.  All weights (biases included) are
drawn from a seeded generator: Keras's default zero biases would hide a feature map computed
without its bias.
"""
from __future__ import annotations

import math
import os
import time

import numpy as np

from harness.worker.actions.keras_model_actions import activation_name


def hw03_cnn(kernel1_size=(3, 3), activation: str = "relu", batch_norm: bool = False, seed: int = 3):
    import keras

    layers = [keras.Input((32, 32, 3))]
    if batch_norm:
        layers.append(keras.layers.BatchNormalization())
    layers += [keras.layers.Conv2D(7, tuple(kernel1_size), padding="same", activation=activation),
               keras.layers.Conv2D(9, (3, 3), activation=activation),
               keras.layers.MaxPooling2D((2, 2)), keras.layers.Flatten(), keras.layers.Dropout(0.3),
               keras.layers.Dense(10, activation="softmax")]
    model = keras.Sequential(layers)
    rng = np.random.default_rng(seed)
    weights = []
    for w in model.get_weights():
        if batch_norm and w.ndim == 1 and len(weights) < 4 and w.shape == (3,):
            weights.append(_batch_norm_weight(len(weights), rng))  # gamma, beta, mean, variance
        else:
            weights.append(rng.normal(0.0, 0.3, size=w.shape).astype("float32"))
    model.set_weights(weights)
    return model


def _batch_norm_weight(index: int, rng) -> np.ndarray:
    """Non-trivial batch-norm statistics, so a model read past the normalisation layer shows it."""
    if index in (0, 3):  # gamma and the moving variance stay positive
        return rng.uniform(0.5, 1.5, size=3).astype("float32")
    return rng.normal(0.0, 0.2, size=3).astype("float32")


BUILDERS = {"hw03_cnn": hw03_cnn}


CANDIDATES = ("conv_bias_activation", "conv_bias", "conv")


def train_variant(model, options: dict, namespace: dict) -> dict:
    """Compile and fit ``model`` as the seed does (optimizer, learning rate, batch size, 15 %
    validation split, early stopping on the training loss) on the CPU/GPU subset, and return
    one ablation-table row plus the model's layer signature (kinds and activations)."""
    import keras

    if not hasattr(model, "fit"):
        raise TypeError(f"expected a Keras model, got a {type(model).__name__}")
    x, y = _training_data(options)
    keras.utils.set_random_seed(int(options.get("seed", 0)))
    optimizer = {"adam": keras.optimizers.Adam, "sgd": keras.optimizers.SGD}[options.get("optimizer", "adam")]
    model.compile(optimizer=optimizer(learning_rate=float(options.get("learning_rate", 0.01))),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    stop = keras.callbacks.EarlyStopping(**options.get("early_stopping", {"monitor": "loss", "patience": 3}))
    started = time.perf_counter()
    history = model.fit(x, y, batch_size=int(options.get("batch_size", 32)), epochs=int(options.get("epochs", 2)),
                        validation_split=float(options.get("validation_split", 0.15)), callbacks=[stop],
                        shuffle=True, verbose=0).history
    row = {"variant": options.get("variant", "variant"), "min_train_loss": float(min(history["loss"])),
           "min_val_loss": float(min(history["val_loss"])), "epochs": len(history["loss"]),
           "seconds": time.perf_counter() - started, "max_val_accuracy": float(max(history["val_accuracy"]))}
    return {"table": [row], "structure": layer_signature(model)}


def _training_data(options: dict):
    from harness.data import load

    data = load(options.get("dataset", "cifar10"), "train", size=os.environ.get("HARNESS_DATA_SIZE", "cpu"))
    limit = options.get("train_limit")
    x = np.asarray(data.x[:limit], dtype="float32") / 255.0
    return x, np.asarray(data.y[:limit]).reshape(-1).astype("int64")


def layer_signature(model) -> list:
    """Layer classes with their activations, the input layer left out: what a variant changes."""
    signature = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "InputLayer":
            continue
        activation = getattr(layer, "activation", None)
        signature.append([kind, activation_name(activation) if activation is not None else None])
    return signature


def feature_maps_vs_conv(model, options: dict, namespace: dict) -> dict:
    """Call the namespace's feature-map function on ``model`` (the submission's own CNN, with
    seeded biases) and say which trusted computation of its first Conv2D the answer equals."""
    from harness.worker.probes import resolve

    conv, before = _first_conv(model)
    rng = np.random.default_rng(int(options.get("seed", 5)))
    kernel, bias = conv.get_weights()[:2]
    conv.set_weights([kernel, rng.normal(0.0, 0.3, size=bias.shape).astype(bias.dtype)])
    image = rng.uniform(0.0, 1.0, size=(32, 32, 3)).astype("float32")
    maps = np.asarray(_namespace_function(namespace, options.get("function", "first_layer_feature_maps"),
                                          resolve)(model, image), dtype="float64")
    trusted = _trusted_maps(conv, before, image)
    expected_shape = trusted["conv"].shape
    layout = "conv-output" if maps.shape == expected_shape else (
        "batch-axis" if maps.shape == (1, *expected_shape) else "other")
    flat = maps.reshape(expected_shape) if layout != "other" else None
    equals = next((name for name in CANDIDATES if flat is not None
                   and np.allclose(flat, trusted[name], rtol=1e-4, atol=1e-4)), "none")
    return {"layout": layout, "equals": equals}


def _first_conv(model):
    import keras

    before = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.Conv2D):
            return layer, before
        before.append(layer)
    raise ValueError("the model has no Conv2D layer")


def _trusted_maps(conv, before, image) -> dict:
    """'same'/'valid' cross-correlation of the conv's input with its kernel, in NumPy."""
    import keras

    x = image[None]
    for layer in before:
        if type(layer).__name__ != "InputLayer":
            x = layer(x, training=False)
    x = np.asarray(x, dtype="float64")[0]
    kernel, bias = (np.asarray(w, dtype="float64") for w in conv.get_weights()[:2])
    plain = _correlate(x, kernel, conv.padding)
    activated = np.asarray(keras.ops.convert_to_numpy(conv.activation(plain + bias)), dtype="float64")
    return {"conv": plain, "conv_bias": plain + bias, "conv_bias_activation": activated}


def _correlate(x, kernel, padding: str) -> np.ndarray:
    kh, kw = kernel.shape[:2]
    if padding == "same":
        top, left = (kh - 1) // 2, (kw - 1) // 2
        x = np.pad(x, ((top, kh - 1 - top), (left, kw - 1 - left), (0, 0)))
    windows = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(0, 1))  # (H, W, C, kh, kw)
    return np.einsum("hwcij,ijco->hwo", windows, kernel)


def _namespace_function(namespace: dict, name: str, resolve):
    """The name in the submission's namespace, or in one of the reference modules of a reference job."""
    if name in namespace:
        return resolve(namespace, name)
    for value in namespace.values():
        if type(value).__name__ == "module" and hasattr(value, name):
            return getattr(value, name)
    return resolve(namespace, name)  # raises the usual "not defined" answer


def softmax_head(model, options: dict, namespace: dict) -> dict:
    """Output shape and whether each row is a probability distribution, on seeded images."""
    rng = np.random.default_rng(int(options.get("seed", 7)))
    images = rng.uniform(0.0, 1.0, size=(int(options.get("images", 2)), 32, 32, 3)).astype("float32")
    out = np.asarray(model(images, training=False), dtype="float64")
    rows = out.reshape(len(images), -1)
    return {"shape": list(out.shape),
            "probabilities": bool(np.all(rows >= 0) and np.allclose(rows.sum(axis=1), 1.0, rtol=1e-5, atol=1e-5))}


def train_steps(model, options: dict, namespace: dict) -> dict:
    """A few eager ``train_on_batch`` steps on the subset: graph tracing of a large model costs
    ~30 s on the CPU, eager steps ~2 s.  Answers whether every loss was finite."""
    import keras

    x, y = _training_data({**options, "train_limit": int(options.get("batch", 16)) * int(options.get("steps", 1))})
    keras.utils.set_random_seed(int(options.get("seed", 0)))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=float(options.get("learning_rate", 0.01))),
                  loss="sparse_categorical_crossentropy", run_eagerly=True)
    batch = int(options.get("batch", 16))
    losses = [float(np.asarray(model.train_on_batch(x[i:i + batch], y[i:i + batch])).reshape(-1)[0])
              for i in range(0, len(x), batch)]
    return {"steps": len(losses), "finite": all(math.isfinite(v) for v in losses)}


ACTIONS = {"hw03_train_variant": train_variant, "hw03_feature_maps_vs_conv": feature_maps_vs_conv,
           "hw03_softmax_head": softmax_head, "hw03_train_steps": train_steps}
