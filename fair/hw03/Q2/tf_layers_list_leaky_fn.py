# fair-answer: tensorflow.keras imports, layer list grown with append, activation names mapped to tf.nn functions (tf.nn.leaky_relu for "leaky_relu"), int kernel sizes accepted.
import tensorflow as tf
from tensorflow.keras import layers, models

ACTIVATIONS = {"relu": tf.nn.relu, "tanh": tf.nn.tanh, "leaky_relu": tf.nn.leaky_relu}


def build_cnn(activation="relu", kernel1_size=(3, 3), kernel2_size=(3, 3),
              conv_layers=2, one_layer=False, batch_norm=False):
    act = ACTIVATIONS.get(activation, activation)
    stack = [layers.InputLayer(shape=(32, 32, 3))]
    if batch_norm:
        stack.append(layers.BatchNormalization())
    if one_layer:
        stack.append(layers.Conv2D(filters=7, kernel_size=5, padding="same", activation=act))
    else:
        stack.append(layers.Conv2D(filters=7, kernel_size=tuple(kernel1_size), padding="same", activation=act))
        n_extra = conv_layers - 2
        while n_extra > 0:
            stack.append(layers.Conv2D(filters=7, kernel_size=3, padding="valid", activation=act))
            n_extra -= 1
        stack.append(layers.Conv2D(filters=9, kernel_size=tuple(kernel2_size), activation=act))
    stack += [layers.MaxPool2D(2), layers.Flatten(), layers.Dropout(rate=0.3),
              layers.Dense(10, activation=tf.nn.softmax)]
    return models.Sequential(stack)
