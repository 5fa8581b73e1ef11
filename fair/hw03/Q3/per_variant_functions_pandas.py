# fair-answer: one model function per variant (nearby-coursework style), metrics=['acc'] with val_acc read back, a pandas DataFrame turned into the list of dicts, the default's learning-rate row named "lr=0.01" and kept separately (16 CNN rows).
import time

import numpy as np
import pandas as pd
from tensorflow import keras
from tensorflow.keras.layers import BatchNormalization, Conv2D, Dense, Dropout, Flatten, MaxPooling2D


def _head():
    return [MaxPooling2D(), Flatten(), Dropout(0.3), Dense(10, activation="softmax")]


def base_model(act="relu", k1=(3, 3)):
    return keras.Sequential([keras.Input((32, 32, 3)), Conv2D(7, k1, padding="same", activation=act),
                             Conv2D(9, (3, 3), activation=act)] + _head())


def three_layer_model():
    return keras.Sequential([keras.Input((32, 32, 3)), Conv2D(7, 3, padding="same", activation="relu"),
                             Conv2D(7, 3, activation="relu"), Conv2D(9, 3, activation="relu")] + _head())


def four_layer_model():
    return keras.Sequential([keras.Input((32, 32, 3)), Conv2D(7, 3, padding="same", activation="relu"),
                             Conv2D(7, 3, activation="relu"), Conv2D(7, 3, activation="relu"),
                             Conv2D(9, 3, activation="relu")] + _head())


def single_layer_model():
    return keras.Sequential([keras.Input((32, 32, 3)), Conv2D(7, 5, padding="same", activation="relu")] + _head())


def bn_model():
    return keras.Sequential([keras.Input((32, 32, 3)), BatchNormalization(),
                             Conv2D(7, 3, padding="same", activation="relu"),
                             Conv2D(9, 3, activation="relu")] + _head())


def build_cnn(activation="relu", kernel1_size=(3, 3), kernel2_size=(3, 3),
              conv_layers=2, one_layer=False, batch_norm=False):
    inp = keras.Input((32, 32, 3))
    x = BatchNormalization()(inp) if batch_norm else inp
    if one_layer:
        x = Conv2D(7, 5, padding="same", activation=activation)(x)
    else:
        x = Conv2D(7, kernel1_size, padding="same", activation=activation)(x)
        for _ in range(conv_layers - 2):
            x = Conv2D(7, 3, activation=activation)(x)
        x = Conv2D(9, kernel2_size, activation=activation)(x)
    for layer in _head():
        x = layer(x)
    return keras.Model(inp, x)


def fit_and_log(make_model, x, y, epochs, lr=0.01, optimizer="adam", batch_size=32):
    model = make_model()
    opt = keras.optimizers.Adam(lr) if optimizer == "adam" else keras.optimizers.SGD(lr)
    model.compile(opt, loss="sparse_categorical_crossentropy", metrics=["acc"])
    tic = time.time()
    h = model.fit(x, y, epochs=epochs, batch_size=batch_size, validation_split=0.15, verbose=0,
                  callbacks=[keras.callbacks.EarlyStopping(monitor="loss", patience=3)]).history
    toc = time.time()
    return dict(min_train_loss=min(h["loss"]), min_val_loss=min(h["val_loss"]), epochs=len(h["loss"]),
                seconds=toc - tic, max_val_accuracy=max(h["val_acc"]))


def ablation_table(x, y, epochs=50):
    x = x / 255.0
    runs = {
        "base": lambda: fit_and_log(base_model, x, y, epochs),
        "3 layers": lambda: fit_and_log(three_layer_model, x, y, epochs),
        "4 layers": lambda: fit_and_log(four_layer_model, x, y, epochs),
        "k=5": lambda: fit_and_log(lambda: base_model(k1=(5, 5)), x, y, epochs),
        "k=7": lambda: fit_and_log(lambda: base_model(k1=(7, 7)), x, y, epochs),
        "single 5x5 layer": lambda: fit_and_log(single_layer_model, x, y, epochs),
        "lr=0.1": lambda: fit_and_log(base_model, x, y, epochs, lr=0.1),
        "lr=0.01": lambda: fit_and_log(base_model, x, y, epochs, lr=0.01),
        "lr=0.001": lambda: fit_and_log(base_model, x, y, epochs, lr=0.001),
        "lr=0.0001": lambda: fit_and_log(base_model, x, y, epochs, lr=0.0001),
        "tanh": lambda: fit_and_log(lambda: base_model(act="tanh"), x, y, epochs),
        "leaky_relu": lambda: fit_and_log(lambda: base_model(act="leaky_relu"), x, y, epochs),
        "sgd": lambda: fit_and_log(base_model, x, y, epochs, optimizer="sgd"),
        "batchnorm": lambda: fit_and_log(bn_model, x, y, epochs),
        "batch=4": lambda: fit_and_log(base_model, x, y, epochs, batch_size=4),
        "batch=128": lambda: fit_and_log(base_model, x, y, epochs, batch_size=128),
    }
    rows = []
    for name, run in runs.items():
        rows.append({"variant": name, **run()})
    df = pd.DataFrame(rows)
    print(df.to_string())
    return df.to_dict("records")
