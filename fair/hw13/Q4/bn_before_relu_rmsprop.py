# fair answer: Conv -> BatchNorm -> ReLU ordering (same parameter count), fine-tuning with RMSprop at learning rate 1e-4 (COURSE.md fixes the rate, not the optimizer), two heads with RMSprop.
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, Model, Input, optimizers


def preprocess(x_train, y_train, x_test, y_test):
    onehot = np.eye(10)
    return (x_train / 255.0, onehot[np.ravel(y_train)],
            x_test / 255.0, onehot[np.ravel(y_test)])


def core_model():
    inp = Input((32, 32, 3))
    x = inp
    for filters, pool in ((32, 3), (64, 2), (128, 2)):
        x = layers.Conv2D(filters, 3)(x)
        x = layers.BatchNormalization()(x)
        x = layers.ReLU()(x)
        x = layers.MaxPooling2D(pool)(x)
        x = layers.Dropout(0.25)(x)
    x = layers.Flatten()(x)
    x = layers.Dense(1024)(x)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    x = layers.Dropout(0.5)(x)
    return Model(inp, x)


def rotate(x, deg):
    k = {0: 0, 90: 1, 180: 2, 270: 3}[deg]
    return np.rot90(x, k, axes=(0, 1))


def build_finetune_model(core):
    model = tf.keras.Sequential([core, layers.Dense(10, activation="softmax")])
    model.compile(optimizer=optimizers.RMSprop(learning_rate=1e-4),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def build_two_head_model(loss_weights=None):
    core = core_model()
    features = core.output
    out_c = layers.Dense(10, activation="softmax", name="classifier")(features)
    out_r = layers.Dense(4, activation="softmax", name="rotator")(features)
    model = Model(inputs=core.input, outputs=[out_c, out_r])
    model.compile(optimizer=optimizers.RMSprop(),
                  loss=["categorical_crossentropy", "categorical_crossentropy"],
                  loss_weights=loss_weights,
                  metrics=[["accuracy"], ["accuracy"]])
    return model
