# fair answer: list comprehension + np.stack, float32 one-hot labels; rotation model compiled with SGD(momentum=0.9) (optimizer is free in COURSE.md); head rebuilt by re-calling all but the last layer on a new Input.
import numpy as np
import keras
from keras import layers, optimizers


def rotate_batch(x, seed):
    gen = np.random.default_rng(seed)
    turns = gen.choice(4, size=len(x))
    x_rot = np.stack([np.rot90(image, t, axes=(0, 1)) for image, t in zip(x, turns)])
    y_rot = np.zeros((len(x), 4), dtype="float32")
    y_rot[np.arange(len(x)), turns] = 1.0
    return x_rot, y_rot


def build_rotation_model():
    model = keras.Sequential()
    model.add(keras.Input(shape=(32, 32, 3)))
    model.add(layers.Conv2D(32, 3, activation="relu", padding="same"))
    model.add(layers.Conv2D(32, 3, activation="relu", padding="same"))
    model.add(layers.MaxPooling2D(2))
    model.add(layers.Conv2D(64, 3, activation="relu", padding="same"))
    model.add(layers.MaxPooling2D(2))
    model.add(layers.Flatten())
    model.add(layers.Dense(256, activation="relu"))
    model.add(layers.Dense(4, activation="softmax"))
    model.compile(optimizer=optimizers.SGD(learning_rate=0.01, momentum=0.9),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def transfer_head(model, num_classes=10):
    new_input = keras.Input(shape=(32, 32, 3))
    h = new_input
    for layer in model.layers[:-1]:
        h = layer(h)
    prediction = layers.Dense(num_classes, activation="softmax")(h)
    clf = keras.Model(new_input, prediction)
    clf.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return clf
