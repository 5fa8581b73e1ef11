# fair-answer: a truncated Sequential model made of the layers up to the first conv (reusing them), filters as conv.weights[0].numpy(); tf.keras imports.
import numpy as np
import tensorflow as tf


def build_cnn(activation="relu", kernel1_size=(3, 3), kernel2_size=(3, 3),
              conv_layers=2, one_layer=False, batch_norm=False):
    L = tf.keras.layers
    layer_list = [L.BatchNormalization()] if batch_norm else []
    if one_layer:
        layer_list.append(L.Conv2D(7, 5, padding="same", activation=activation))
    else:
        layer_list.append(L.Conv2D(7, kernel1_size, padding="same", activation=activation))
        layer_list += [L.Conv2D(7, 3, activation=activation) for _ in range(conv_layers - 2)]
        layer_list.append(L.Conv2D(9, kernel2_size, activation=activation))
    layer_list += [L.MaxPooling2D(2), L.Flatten(), L.Dropout(0.3), L.Dense(10, activation="softmax")]
    return tf.keras.Sequential([tf.keras.Input(shape=(32, 32, 3))] + layer_list)


def first_conv_position(model):
    kinds = [type(layer).__name__ for layer in model.layers]
    return kinds.index("Conv2D")


def first_layer_filters(model):
    conv = model.layers[first_conv_position(model)]
    return conv.weights[0].numpy()


def first_layer_feature_maps(model, image):
    k = first_conv_position(model)
    prefix = [l for l in model.layers[:k + 1] if not isinstance(l, tf.keras.layers.InputLayer)]
    head = tf.keras.Sequential([tf.keras.Input(shape=(32, 32, 3))] + prefix)
    result = head(tf.convert_to_tensor(image[np.newaxis, ...], dtype=tf.float32), training=False)
    return tf.squeeze(result, axis=0)
