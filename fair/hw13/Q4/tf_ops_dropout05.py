# fair answer: TensorFlow tensors from preprocess (tf.one_hot) and rotate (tf.image.rot90); Dropout(0.5) after every block of the core (rate left open by COURSE.md).
import tensorflow as tf
from tensorflow import keras


def preprocess(x_train, y_train, x_test, y_test):
    def prep_x(x):
        return tf.cast(x, tf.float32) / 255.0

    def prep_y(y):
        return tf.one_hot(tf.reshape(tf.cast(y, tf.int32), [-1]), depth=10)

    return prep_x(x_train), prep_y(y_train), prep_x(x_test), prep_y(y_test)


def core_model():
    inputs = keras.Input(shape=(32, 32, 3))
    x = keras.layers.Conv2D(32, 3, activation="relu")(inputs)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.MaxPool2D(3)(x)
    x = keras.layers.Dropout(0.5)(x)
    x = keras.layers.Conv2D(64, 3, activation="relu")(x)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.MaxPool2D(2)(x)
    x = keras.layers.Dropout(0.5)(x)
    x = keras.layers.Conv2D(128, 3, activation="relu")(x)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.MaxPool2D(2)(x)
    x = keras.layers.Dropout(0.5)(x)
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dense(1024, activation="relu")(x)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.Dropout(0.5)(x)
    return keras.Model(inputs, x, name="core")


def rotate(x, deg):
    return tf.image.rot90(x, k=deg // 90)


def build_finetune_model(core):
    clf = keras.Sequential([core, keras.layers.Dense(10, activation="softmax")])
    clf.compile(optimizer=keras.optimizers.Adam(1e-4), loss="categorical_crossentropy", metrics=["accuracy"])
    return clf


def build_two_head_model(loss_weights=None):
    core = core_model()
    heads = [keras.layers.Dense(10, activation="softmax", name="classifier")(core.output),
             keras.layers.Dense(4, activation="softmax", name="rotator")(core.output)]
    model = keras.Model(core.input, heads)
    model.compile(optimizer=keras.optimizers.Adam(),
                  loss={"classifier": "categorical_crossentropy", "rotator": "categorical_crossentropy"},
                  loss_weights=loss_weights if loss_weights else {"classifier": 1, "rotator": 1},
                  metrics={"classifier": ["accuracy"], "rotator": ["accuracy"]})
    return model
