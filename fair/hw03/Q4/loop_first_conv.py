# fair-answer: the first Conv2D found with a for-loop over model.layers; the maps read from a probe model on model.input; kernel read as conv.kernel converted with np.array.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers


def build_cnn(activation="relu", kernel1_size=(3, 3), kernel2_size=(3, 3),
              conv_layers=2, one_layer=False, batch_norm=False):
    net = keras.Sequential([keras.Input((32, 32, 3))])
    if batch_norm:
        net.add(layers.BatchNormalization())
    if one_layer:
        net.add(layers.Conv2D(7, (5, 5), padding="same", activation=activation))
    else:
        net.add(layers.Conv2D(7, kernel1_size, padding="same", activation=activation))
        for _ in range(conv_layers - 2):
            net.add(layers.Conv2D(7, (3, 3), activation=activation))
        net.add(layers.Conv2D(9, kernel2_size, activation=activation))
    for layer in (layers.MaxPooling2D(), layers.Flatten(), layers.Dropout(0.3), layers.Dense(10, activation="softmax")):
        net.add(layer)
    return net


def find_first_conv(model):
    for layer in model.layers:
        if isinstance(layer, layers.Conv2D):
            return layer
    return None


def first_layer_filters(model):
    conv = find_first_conv(model)
    return np.array(conv.kernel)


def first_layer_feature_maps(model, image):
    conv = find_first_conv(model)
    extractor = keras.Model(inputs=model.input, outputs=conv.output)
    maps = extractor.predict(np.expand_dims(image, axis=0), verbose=0)
    return maps[0]
