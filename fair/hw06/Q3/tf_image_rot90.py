# fair answer: tf.image.rot90 per image, tf.one_hot labels returned as tf tensors; functional CNN with a named GlobalAveragePooling feature layer, compiled with rmsprop.
import numpy as np
import tensorflow as tf
from tensorflow import keras


def rotate_batch(x, seed):
    rng = np.random.default_rng(seed)
    ks = rng.integers(0, 4, size=x.shape[0])
    images = [tf.image.rot90(tf.convert_to_tensor(x[i]), k=int(ks[i])) for i in range(x.shape[0])]
    return tf.stack(images), tf.one_hot(ks, depth=4)


def build_rotation_model():
    inp = keras.Input(shape=(32, 32, 3))
    h = keras.layers.Conv2D(32, 3, padding="same", activation="relu")(inp)
    h = keras.layers.BatchNormalization()(h)
    h = keras.layers.MaxPooling2D()(h)
    h = keras.layers.Conv2D(64, 3, padding="same", activation="relu")(h)
    h = keras.layers.BatchNormalization()(h)
    h = keras.layers.MaxPooling2D()(h)
    h = keras.layers.Conv2D(128, 3, padding="same", activation="relu")(h)
    feats = keras.layers.GlobalAveragePooling2D(name="features")(h)
    out = keras.layers.Dense(4, activation="softmax", name="rotation_head")(feats)
    model = keras.Model(inp, out, name="rotnet")
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def transfer_head(model, num_classes=10):
    feats = model.get_layer("features").output
    logits = keras.layers.Dense(num_classes, activation="softmax", name="class_head")(feats)
    return keras.Model(model.input, logits, name="rotnet_transfer")
