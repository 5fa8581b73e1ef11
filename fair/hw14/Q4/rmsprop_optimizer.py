# Freedom exercised: RMSprop as the optimizer at the tuned learning rate (COURSE.md fixes the learning-rate Choice, not the optimizer); categorical cross-entropy.
import keras
from keras import layers


def _make(units, learning_rate):
    model = keras.Sequential([
        layers.Flatten(input_shape=(28, 28)),
        layers.Dense(units, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=learning_rate),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def build_hypermodel(hp):
    units = hp.Int("dense_neurons", 16, 512, step=16)
    learning_rate = hp.Choice("learning_rate", [1e-2, 1e-3, 1e-4])
    return _make(units, learning_rate)


def best_model(hp_values):
    return _make(hp_values["dense_neurons"], hp_values["learning_rate"])
