# fair answer: core_model as a Sequential stack (called on a new Input where a tensor is needed), to_categorical labels, np.rot90 with deg // 90 on one image, two heads compiled with metrics per head.
import numpy as np
import keras
from keras import layers
from keras.utils import to_categorical


def preprocess(x_train, y_train, x_test, y_test):
    x_train = x_train.astype("float32") / 255.0
    x_test = x_test.astype("float32") / 255.0
    y_train = to_categorical(y_train, 10)
    y_test = to_categorical(y_test, 10)
    return x_train, y_train, x_test, y_test


def core_model():
    model = keras.Sequential(name="core")
    model.add(keras.Input(shape=(32, 32, 3)))
    model.add(layers.Conv2D(32, (3, 3), activation="relu"))
    model.add(layers.BatchNormalization())
    model.add(layers.MaxPooling2D(pool_size=(3, 3)))
    model.add(layers.Dropout(0.2))
    model.add(layers.Conv2D(64, (3, 3), activation="relu"))
    model.add(layers.BatchNormalization())
    model.add(layers.MaxPooling2D(pool_size=(2, 2)))
    model.add(layers.Dropout(0.2))
    model.add(layers.Conv2D(128, (3, 3), activation="relu"))
    model.add(layers.BatchNormalization())
    model.add(layers.MaxPooling2D(pool_size=(2, 2)))
    model.add(layers.Dropout(0.2))
    model.add(layers.Flatten())
    model.add(layers.Dense(1024, activation="relu"))
    model.add(layers.BatchNormalization())
    model.add(layers.Dropout(0.4))
    return model


def rotate(x, deg):
    return np.rot90(x, deg // 90)


def build_finetune_model(core):
    image = keras.Input(shape=(32, 32, 3))
    out = layers.Dense(10, activation="softmax")(core(image))
    model = keras.Model(image, out)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-4),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def build_two_head_model(loss_weights=None):
    image = keras.Input(shape=(32, 32, 3))
    features = core_model()(image)
    classifier = layers.Dense(10, activation="softmax", name="classifier")(features)
    rotator = layers.Dense(4, activation="softmax", name="rotator")(features)
    model = keras.Model(image, [classifier, rotator])
    if loss_weights is None:
        loss_weights = {"classifier": 1.0, "rotator": 1.0}
    model.compile(optimizer="adam",
                  loss={"classifier": "categorical_crossentropy", "rotator": "categorical_crossentropy"},
                  loss_weights=loss_weights,
                  metrics={"classifier": "accuracy", "rotator": "accuracy"})
    return model
