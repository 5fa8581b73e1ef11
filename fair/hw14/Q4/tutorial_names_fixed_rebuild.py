# Freedom exercised: keras-tuner tutorial names ('units', 'learning_rate'); best_model rebuilt by fixing the best values in a fresh HyperParameters and calling the hypermodel again.
import keras
import keras_tuner as kt
from keras import layers


def build_hypermodel(hp):
    model = keras.Sequential()
    model.add(keras.Input(shape=(28, 28)))
    model.add(layers.Flatten())
    model.add(layers.Dense(units=hp.Int("units", min_value=16, max_value=512, step=16), activation="relu"))
    model.add(layers.Dense(10, activation="softmax"))
    lr = hp.Choice("learning_rate", values=[1e-2, 1e-3, 1e-4])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def best_model(hp_values):
    hp = kt.HyperParameters()
    for name, value in hp_values.items():
        hp.Fixed(name, value)
    return build_hypermodel(hp)
