# fair-answer: exactly the nine variants COURSE.md lists for build_cnn (default + 8), one row each, configs in a dict and a for-loop.
import time

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


def build_cnn(activation="relu", kernel1_size=(3, 3), kernel2_size=(3, 3),
              conv_layers=2, one_layer=False, batch_norm=False):
    model = keras.Sequential([keras.Input((32, 32, 3))])
    if batch_norm:
        model.add(layers.BatchNormalization())
    if one_layer:
        model.add(layers.Conv2D(7, (5, 5), padding="same", activation=activation))
    else:
        model.add(layers.Conv2D(7, kernel1_size, padding="same", activation=activation))
        for _ in range(conv_layers - 2):
            model.add(layers.Conv2D(7, (3, 3), activation=activation))
        model.add(layers.Conv2D(9, kernel2_size, activation=activation))
    model.add(layers.MaxPooling2D(2))
    model.add(layers.Flatten())
    model.add(layers.Dropout(0.3))
    model.add(layers.Dense(10, activation="softmax"))
    return model


VARIANTS = {
    "default": {},
    "3 conv layers": {"conv_layers": 3},
    "4 conv layers": {"conv_layers": 4},
    "kernel 5x5": {"kernel1_size": (5, 5)},
    "kernel 7x7": {"kernel1_size": (7, 7)},
    "one 5x5 layer": {"one_layer": True},
    "tanh": {"activation": "tanh"},
    "leaky relu": {"activation": "leaky_relu"},
    "batch norm first": {"batch_norm": True},
}


def ablation_table(x, y, epochs=50):
    x = x.astype("float32") / 255.0
    y = np.asarray(y).reshape(-1)
    table = []
    for name, kwargs in VARIANTS.items():
        model = build_cnn(**kwargs)
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        stopper = keras.callbacks.EarlyStopping(monitor="loss", patience=3)
        t0 = time.time()
        hist = model.fit(x, y, epochs=epochs, batch_size=32, validation_split=0.15,
                         callbacks=[stopper], verbose=0)
        elapsed = time.time() - t0
        table.append({
            "variant": name,
            "min_train_loss": min(hist.history["loss"]),
            "min_val_loss": min(hist.history["val_loss"]),
            "epochs": len(hist.history["loss"]),
            "seconds": elapsed,
            "max_val_accuracy": max(hist.history["val_accuracy"]),
        })
        print(table[-1])
    return table
