# Freedom exercised: activations passed as Dense(..., activation=...) instead of separate Activation layers; tf.keras imports.
import tensorflow as tf
from tensorflow.keras import layers, models


def model_sequential(input_shape, num_classes):
    model = models.Sequential([
        layers.Input(shape=input_shape),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dense(num_classes, activation="softmax"),
    ])
    return model


def model_factory(input_shape, num_classes):
    inp = layers.Input(shape=input_shape)
    x = layers.Flatten()(inp)
    x = layers.Dense(128, activation="relu")(x)
    out = layers.Dense(num_classes, activation="softmax")(x)
    return models.Model(inp, out)


model_temp_1 = model_sequential((50, 50), 5)
model_temp_1.summary()
