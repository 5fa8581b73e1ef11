# fair answer: learning rate declared first, hp.Int with positional step, Sequential with valid-padding convs (one per block), dropout only before the dense layer.
import tensorflow as tf
from tensorflow.keras import layers, models, optimizers


def build_hypermodel(hp):
    lr = hp.Float("lr", 0.0001, 0.01, sampling="log")
    model = models.Sequential()
    model.add(layers.InputLayer(shape=(32, 32, 3)))
    for i in range(hp.Int("num_cnn_block", 1, 3)):
        model.add(layers.Conv2D(32 * (i + 1), (3, 3), activation="relu"))
        model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Flatten())
    model.add(layers.Dropout(hp.Choice("dropout", [0.3, 0.4, 0.5])))
    model.add(layers.Dense(hp.Int("num_dense_units", 128, 512, 128), activation="relu"))
    model.add(layers.Dense(10, activation="softmax"))
    model.compile(optimizer=optimizers.Adam(lr), loss="categorical_crossentropy", metrics=["accuracy"])
    return model
