"""hw03 training setup: the seed's compile/fit settings and its list of ablations.

The seed trains every model with Adam (learning rate 0.01), batch 32,
15% of the training data held out for validation, at most 50 epochs and
early stopping on the *training* loss with patience 3. Each ablation changes
one thing; ``VARIANTS`` lists them in the order of the seed's results table.
The seed's learning-rate row (0.1, 0.01, 0.001, 0.0001) shares 0.01 with the
default model, so 0.01 is the ``default`` row here and is not trained twice.
"""
import time

import numpy as np

SEED_EPOCHS = 50
VALIDATION_SPLIT = 0.15
EARLY_STOPPING = {"monitor": "loss", "patience": 3}


def _variant(name, build=None, optimizer="adam", learning_rate=0.01, batch_size=32, model="cnn"):
    return {"variant": name, "model": model, "build": build or {}, "optimizer": optimizer,
            "learning_rate": learning_rate, "batch_size": batch_size}


VARIANTS = [
    _variant("default"),
    _variant("conv_layers_3", {"conv_layers": 3}),
    _variant("conv_layers_4", {"conv_layers": 4}),
    _variant("kernel1_5x5", {"kernel1_size": (5, 5)}),
    _variant("kernel1_7x7", {"kernel1_size": (7, 7)}),
    _variant("one_layer", {"one_layer": True}),
    _variant("lr_0.1", learning_rate=0.1),
    _variant("lr_0.001", learning_rate=0.001),
    _variant("lr_0.0001", learning_rate=0.0001),
    _variant("tanh", {"activation": "tanh"}),
    _variant("leaky_relu", {"activation": "leaky_relu"}),
    _variant("sgd", optimizer="sgd"),
    _variant("batch_norm", {"batch_norm": True}),
    _variant("batch_4", batch_size=4),
    _variant("batch_128", batch_size=128),
    _variant("mobilenetv2", model="transfer"),
]
VARIANT_NAMES = [spec["variant"] for spec in VARIANTS]


def get_variant(name):
    """The spec dict of one variant, by name."""
    for spec in VARIANTS:
        if spec["variant"] == name:
            return spec
    raise KeyError(f"unknown hw03 variant {name!r}; known: {', '.join(VARIANT_NAMES)}")


def prepare_data(x, y):
    """Images as float32 in [0, 1]; labels as integer class ids or one-hot rows.

    Returns ``(x, y, loss)`` where ``loss`` is the matching cross-entropy name.
    """
    x = np.asarray(x)
    x = x.astype("float32") / 255.0 if x.dtype == np.uint8 or x.max() > 1.5 else x.astype("float32")
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        return x, y.astype("float32"), "categorical_crossentropy"
    return x, y.reshape(-1).astype("int64"), "sparse_categorical_crossentropy"


def build_variant(spec):
    """An uncompiled model for one variant spec."""
    if spec["model"] == "transfer":
        from reference.hw03.q5 import build_transfer_model

        return build_transfer_model(weights=None)
    from reference.hw03.q2 import build_cnn

    return build_cnn(**spec["build"])


def compile_variant(model, spec, loss="sparse_categorical_crossentropy"):
    """Compile with the variant's optimizer and learning rate, tracking accuracy."""
    import keras

    optimizers = {"adam": keras.optimizers.Adam, "sgd": keras.optimizers.SGD}
    optimizer = optimizers[spec["optimizer"]](learning_rate=spec["learning_rate"])
    model.compile(optimizer=optimizer, loss=loss, metrics=["accuracy"])
    return model


def train_variant(spec, x, y, epochs=SEED_EPOCHS, seed=0):
    """Build, compile and fit one variant; return ``(model, history, seconds)``.

    ``spec`` is a dict from ``VARIANTS`` or a variant name. The epoch count is
    a budget: early stopping on the training loss may end the run sooner.
    """
    import keras

    spec = get_variant(spec) if isinstance(spec, str) else spec
    x, y, loss = prepare_data(x, y)
    keras.utils.set_random_seed(seed)
    model = compile_variant(build_variant(spec), spec, loss)
    stop = keras.callbacks.EarlyStopping(**EARLY_STOPPING)
    start = time.perf_counter()
    history = model.fit(x, y, batch_size=spec["batch_size"], epochs=epochs,
                        validation_split=VALIDATION_SPLIT, callbacks=[stop],
                        shuffle=True, verbose=0)
    return model, history, time.perf_counter() - start
