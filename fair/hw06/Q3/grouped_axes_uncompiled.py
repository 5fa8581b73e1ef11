# fair answer: rotations grouped by k with np.rot90(axes=(1, 2)), labels from np.eye as int; rotation model returned UNCOMPILED (COURSE.md never asks for it compiled); logits Dense + separate softmax Activation, head drops both.
import numpy as np
import keras
from keras import layers


def rotate_batch(x, seed):
    x = np.asarray(x)
    k = np.random.RandomState(seed).randint(4, size=len(x))
    out = np.zeros_like(x)
    for turns in (0, 1, 2, 3):
        idx = np.where(k == turns)[0]
        if len(idx):
            out[idx] = np.rot90(x[idx], k=turns, axes=(1, 2))
    y = np.eye(4, dtype=int)[k]
    return out, y


def build_rotation_model():
    inputs = keras.Input((32, 32, 3))
    x = layers.Conv2D(32, 3, activation="relu")(inputs)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(64, 3, activation="relu")(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Flatten(name="flat")(x)
    x = layers.Dense(4, name="rotation_logits")(x)
    outputs = layers.Activation("softmax")(x)
    return keras.Model(inputs, outputs)


def transfer_head(model, num_classes=10):
    # the last two layers (logits + softmax) are the rotation head
    base_out = model.get_layer("flat").output
    new_out = layers.Dense(num_classes, activation="softmax")(base_out)
    return keras.Model(model.input, new_out)
