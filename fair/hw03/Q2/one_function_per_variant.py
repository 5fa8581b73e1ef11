# fair-answer: one function per variant (as in nearby coursework: default_model, three_conv_model, ...) with build_cnn dispatching to them; Sequential models built from lists.
from keras import Sequential, Input
from keras.layers import BatchNormalization, Conv2D, Dense, Dropout, Flatten, MaxPooling2D


def _top():
    return [MaxPooling2D((2, 2)), Flatten(), Dropout(0.3), Dense(10, activation="softmax")]


def _start(batch_norm):
    return [Input((32, 32, 3))] + ([BatchNormalization()] if batch_norm else [])


def default_model(activation="relu", k1=(3, 3), k2=(3, 3), batch_norm=False):
    return Sequential(_start(batch_norm) + [
        Conv2D(7, k1, padding="same", activation=activation),
        Conv2D(9, k2, activation=activation),
    ] + _top())


def three_conv_model(activation="relu", k1=(3, 3), k2=(3, 3), batch_norm=False):
    return Sequential(_start(batch_norm) + [
        Conv2D(7, k1, padding="same", activation=activation),
        Conv2D(7, (3, 3), activation=activation),
        Conv2D(9, k2, activation=activation),
    ] + _top())


def four_conv_model(activation="relu", k1=(3, 3), k2=(3, 3), batch_norm=False):
    return Sequential(_start(batch_norm) + [
        Conv2D(7, k1, padding="same", activation=activation),
        Conv2D(7, (3, 3), activation=activation),
        Conv2D(7, (3, 3), activation=activation),
        Conv2D(9, k2, activation=activation),
    ] + _top())


def one_layer_model(activation="relu", batch_norm=False):
    return Sequential(_start(batch_norm) + [Conv2D(7, (5, 5), padding="same", activation=activation)] + _top())


def build_cnn(activation="relu", kernel1_size=(3, 3), kernel2_size=(3, 3),
              conv_layers=2, one_layer=False, batch_norm=False):
    if one_layer:
        return one_layer_model(activation, batch_norm)
    if conv_layers == 3:
        return three_conv_model(activation, kernel1_size, kernel2_size, batch_norm)
    if conv_layers == 4:
        return four_conv_model(activation, kernel1_size, kernel2_size, batch_norm)
    return default_model(activation, kernel1_size, kernel2_size, batch_norm)


model_default = build_cnn()
model_default.summary()
