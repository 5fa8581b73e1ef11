# fair answer: rotate by an if/elif chain of np.transpose and np.flip (counter-clockwise like np.rot90), float64 scaling, core with BatchNorm after pooling, two-head model with Adam(1e-4) for both heads.
import numpy as np
import keras
from keras import layers


def preprocess(x_train, y_train, x_test, y_test):
    x_train = np.array(x_train) / 255
    x_test = np.array(x_test) / 255
    y_train = keras.utils.to_categorical(np.array(y_train).reshape(-1), num_classes=10)
    y_test = keras.utils.to_categorical(np.array(y_test).reshape(-1), num_classes=10)
    return x_train, y_train, x_test, y_test


def core_model():
    inp = keras.Input((32, 32, 3))
    x = layers.Conv2D(32, 3, activation="relu")(inp)
    x = layers.MaxPooling2D(3)(x)
    x = layers.BatchNormalization()(x)
    x = layers.Conv2D(64, 3, activation="relu")(x)
    x = layers.MaxPooling2D(2)(x)
    x = layers.BatchNormalization()(x)
    x = layers.Conv2D(128, 3, activation="relu")(x)
    x = layers.MaxPooling2D(2)(x)
    x = layers.BatchNormalization()(x)
    x = layers.Flatten()(x)
    x = layers.Dense(1024, activation="relu")(x)
    x = layers.Dropout(0.3)(x)
    x = layers.BatchNormalization()(x)
    return keras.Model(inp, x)


def rotate(x, deg):
    x = np.asarray(x)
    if deg == 0:
        return x.copy()
    elif deg == 90:
        return np.flip(np.transpose(x, (1, 0, 2)), axis=0)
    elif deg == 180:
        return np.flip(np.flip(x, axis=0), axis=1)
    elif deg == 270:
        return np.flip(np.transpose(x, (1, 0, 2)), axis=1)
    raise ValueError("deg must be one of 0, 90, 180, 270")


def build_finetune_model(core):
    head = layers.Dense(10, activation="softmax", name="new_head")(core.outputs[0])
    model = keras.Model(core.inputs, head)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.0001),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def build_two_head_model(loss_weights=None):
    core = core_model()
    c = layers.Dense(10, activation="softmax", name="classifier")(core.output)
    r = layers.Dense(4, activation="softmax", name="rotator")(core.output)
    model = keras.Model(core.input, [c, r])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-4),
                  loss={"classifier": "categorical_crossentropy", "rotator": "categorical_crossentropy"},
                  loss_weights=loss_weights,
                  metrics={"classifier": "accuracy", "rotator": "accuracy"})
    return model
