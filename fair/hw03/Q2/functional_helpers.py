# fair-answer: functional API with a helper per block, own layer names, a for-loop for the extra conv layers.
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

IMG_SHAPE = (32, 32, 3)


def conv_block(x, filters, kernel, activation, padding, name):
    return layers.Conv2D(filters, kernel, padding=padding, activation=activation, name=name)(x)


def classifier_head(x):
    x = layers.MaxPooling2D(pool_size=2, name="pool")(x)
    x = layers.Flatten(name="flat")(x)
    x = layers.Dropout(0.3, name="drop")(x)
    return layers.Dense(10, activation="softmax", name="probs")(x)


def build_cnn(activation="relu", kernel1_size=(3, 3), kernel2_size=(3, 3),
              conv_layers=2, one_layer=False, batch_norm=False):
    inputs = keras.Input(shape=IMG_SHAPE, name="image")
    x = inputs
    if batch_norm:
        x = layers.BatchNormalization(name="bn_input")(x)
    if one_layer:
        x = conv_block(x, 7, (5, 5), activation, "same", "conv_only")
    else:
        x = conv_block(x, 7, kernel1_size, activation, "same", "conv_first")
        for i in range(conv_layers - 2):
            x = conv_block(x, 7, (3, 3), activation, "valid", f"conv_extra_{i + 1}")
        x = conv_block(x, 9, kernel2_size, activation, "valid", "conv_last")
    outputs = classifier_head(x)
    return keras.Model(inputs, outputs, name="cifar_cnn")


if __name__ == "__main__":
    for kw in [{}, {"conv_layers": 3}, {"conv_layers": 4}, {"one_layer": True}, {"batch_norm": True}]:
        print(kw, build_cnn(**kw).count_params())
