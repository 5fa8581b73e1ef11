# fair answer: functional API builder with its own hyper-parameter names, one conv per block, Flatten, Adam.
import keras
from keras import layers


def build_hypermodel(hp):
    rate = hp.Choice("drop_rate", values=[0.3, 0.4, 0.5])
    n_blocks = hp.Int("n_blocks", min_value=1, max_value=3, step=1)
    units = hp.Int("dense_units", min_value=128, max_value=512, step=128)
    learning_rate = hp.Float("learning_rate", min_value=1e-4, max_value=1e-2, sampling="log")

    inputs = keras.Input(shape=(32, 32, 3))
    x = inputs
    filters = 32
    for _ in range(n_blocks):
        x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
        x = layers.MaxPooling2D()(x)
        filters *= 2
    x = layers.Flatten()(x)
    x = layers.Dropout(rate)(x)
    x = layers.Dense(units, activation="relu")(x)
    x = layers.Dropout(rate)(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model
