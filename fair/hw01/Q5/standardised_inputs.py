# Freedom exercised: input standardisation ((x/255 - mean) / std with MNIST's usual 0.1307/0.3081) instead of plain /255; the contract names no scaling.
import numpy as np
import keras
from keras import layers

sgd_optimizer = keras.optimizers.SGD(learning_rate=0.01)

MNIST_MEAN, MNIST_STD = 0.1307, 0.3081


def model_factory(input_shape, num_classes):
    inp = keras.Input(shape=input_shape)
    x = layers.Flatten()(inp)
    x = layers.Dense(128, activation="relu")(x)
    return keras.Model(inp, layers.Dense(num_classes, activation="softmax")(x))


def train_mnist(x, y, epochs=5):
    x = (np.asarray(x, dtype="float32") / 255.0 - MNIST_MEAN) / MNIST_STD
    y = keras.utils.to_categorical(y, 10)
    model = model_factory((28, 28), 10)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, batch_size=64, epochs=epochs, verbose=0)
    return model
