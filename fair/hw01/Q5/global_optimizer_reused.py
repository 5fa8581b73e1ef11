# Freedom exercised: compiling with the module-level sgd_optimizer itself (as the course template does), loss object instead of a string.
import numpy as np
import keras
from keras import layers

sgd_optimizer = keras.optimizers.SGD(learning_rate=0.01, momentum=0.0)
loss = keras.losses.CategoricalCrossentropy()


def model_factory(input_shape, num_classes):
    inputs = keras.Input(shape=input_shape)
    h = layers.Dense(128)(layers.Flatten()(inputs))
    h = layers.Activation("relu")(h)
    outputs = layers.Activation("softmax")(layers.Dense(num_classes)(h))
    return keras.Model(inputs, outputs)


def train_mnist(x, y, epochs=5):
    images = np.array(x, dtype=np.float64) / 255
    labels = keras.utils.to_categorical(y, num_classes=10)
    model_mnist = model_factory((28, 28), 10)
    model_mnist.compile(optimizer=sgd_optimizer, loss=loss, metrics=["accuracy"])
    model_mnist.fit(images, labels, epochs=epochs, batch_size=64, verbose=2)
    return model_mnist
