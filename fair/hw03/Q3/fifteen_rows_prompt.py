# fair-answer: the fifteen CNN rows of the released prompt (lr 0.01 is the default row; no MobileNetV2), a helper run_experiment, one-hot labels with categorical cross-entropy, time.perf_counter.
import time

import numpy as np
import keras
from keras import layers
from keras.utils import to_categorical


def build_cnn(activation="relu", kernel1_size=(3, 3), kernel2_size=(3, 3),
              conv_layers=2, one_layer=False, batch_norm=False):
    inp = keras.Input(shape=(32, 32, 3))
    x = layers.BatchNormalization()(inp) if batch_norm else inp
    if one_layer:
        x = layers.Conv2D(7, (5, 5), padding="same", activation=activation)(x)
    else:
        x = layers.Conv2D(7, kernel1_size, padding="same", activation=activation)(x)
        for _ in range(conv_layers - 2):
            x = layers.Conv2D(7, (3, 3), activation=activation)(x)
        x = layers.Conv2D(9, kernel2_size, activation=activation)(x)
    x = layers.MaxPooling2D((2, 2))(x)
    x = layers.Flatten()(x)
    x = layers.Dropout(0.3)(x)
    return keras.Model(inp, layers.Dense(10, activation="softmax")(x))


EXPERIMENTS = [
    ("Default", {}, "adam", 0.01, 32),
    ("3 Conv Layers", {"conv_layers": 3}, "adam", 0.01, 32),
    ("4 Conv Layers", {"conv_layers": 4}, "adam", 0.01, 32),
    ("Kernel 5x5", {"kernel1_size": (5, 5)}, "adam", 0.01, 32),
    ("Kernel 7x7", {"kernel1_size": (7, 7)}, "adam", 0.01, 32),
    ("One Conv Layer 5x5", {"one_layer": True}, "adam", 0.01, 32),
    ("LR 0.1", {}, "adam", 0.1, 32),
    ("LR 0.001", {}, "adam", 0.001, 32),
    ("LR 0.0001", {}, "adam", 0.0001, 32),
    ("tanh", {"activation": "tanh"}, "adam", 0.01, 32),
    ("Leaky ReLU", {"activation": "leaky_relu"}, "adam", 0.01, 32),
    ("SGD", {}, "sgd", 0.01, 32),
    ("Batch Normalization", {"batch_norm": True}, "adam", 0.01, 32),
    ("Batch Size 4", {}, "adam", 0.01, 4),
    ("Batch Size 128", {}, "adam", 0.01, 128),
]


def run_experiment(name, build_kwargs, opt, lr, batch, x, y, epochs):
    model = build_cnn(**build_kwargs)
    optimizer = keras.optimizers.SGD(learning_rate=lr) if opt == "sgd" else keras.optimizers.Adam(learning_rate=lr)
    model.compile(optimizer=optimizer, loss="categorical_crossentropy", metrics=["accuracy"])
    start = time.perf_counter()
    history = model.fit(x, y, batch_size=batch, epochs=epochs, validation_split=0.15, verbose=0,
                        callbacks=[keras.callbacks.EarlyStopping(monitor="loss", patience=3)])
    seconds = time.perf_counter() - start
    h = history.history
    return {"variant": name, "min_train_loss": float(np.min(h["loss"])), "min_val_loss": float(np.min(h["val_loss"])),
            "epochs": len(history.epoch), "seconds": seconds, "max_val_accuracy": float(np.max(h["val_accuracy"]))}


def ablation_table(x, y, epochs=50):
    x = np.array(x, dtype="float32") / 255.0
    y = to_categorical(np.array(y).ravel(), 10)
    return [run_experiment(*exp, x, y, epochs) for exp in EXPERIMENTS]
