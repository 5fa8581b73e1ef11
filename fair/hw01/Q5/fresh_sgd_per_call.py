# Freedom exercised: scaling with astype/255 inside train_mnist, to_categorical for the labels, a fresh SGD object per call.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.utils import to_categorical

sgd_optimizer = keras.optimizers.SGD(learning_rate=0.01)


def model_factory(input_shape, num_classes):
    inp = keras.Input(shape=input_shape)
    x = layers.Flatten()(inp)
    x = layers.Dense(128, activation="relu")(x)
    out = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inp, out)


def train_mnist(x, y, epochs=5):
    x = x.astype("float32") / 255.0
    y = to_categorical(y, 10)
    model = model_factory((28, 28), 10)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, batch_size=64, epochs=epochs)
    return model
