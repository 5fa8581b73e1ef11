"""hw01 Q5: plain SGD and a first MNIST training run.

``sgd_optimizer`` is created on first access (module ``__getattr__``) so that importing
this module does not import TensorFlow. It is checked by its settings only: a Keras 3
optimizer is bound to the first model it trains and cannot be reused for another.
"""
import numpy as np

SGD_SETTINGS = {"learning_rate": 0.01, "momentum": 0.0, "nesterov": False}


def make_sgd_optimizer():
    """SGD with learning rate 0.01 and no momentum; a fresh object for each model."""
    import keras

    return keras.optimizers.SGD(learning_rate=SGD_SETTINGS["learning_rate"],
                                momentum=SGD_SETTINGS["momentum"])


def __getattr__(name):
    if name == "sgd_optimizer":
        return make_sgd_optimizer()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _prepare(x, y):
    """uint8 pixels -> floats in [0, 1]; integer labels -> one-hot rows."""
    from reference.hw01.q2 import one_hot

    return np.asarray(x, dtype=np.float32) / 255.0, one_hot(y, 10)


def _fit(x, y, epochs, optimizer):
    from reference.hw01.q4 import model_factory

    model = model_factory((28, 28), 10)
    model.compile(loss="categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
    model.fit(x, y, batch_size=64, epochs=epochs, verbose=0)
    return model


def train_mnist(x, y, epochs=5):
    """Train model_factory((28, 28), 10) with SGD on raw ``load_data`` arrays; return it."""
    x, y = _prepare(x, y)
    return _fit(x, y, epochs, make_sgd_optimizer())


def mistake_train_mnist_unscaled(x, y, epochs=5):
    """The pixels were not scaled to [0, 1]: with raw 0..255 inputs the first SGD steps
    explode (the seed's first epoch has loss 22.8) and accuracy stays far lower."""
    _, y_onehot = _prepare(x, y)
    return _fit(np.asarray(x, dtype=np.float32), y_onehot, epochs, make_sgd_optimizer())

