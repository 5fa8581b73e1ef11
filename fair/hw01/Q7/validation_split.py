# Freedom exercised: validation_split=0.2 in fit (Keras holds out the last 20%), FER-shaped arrays, prose in the module docstring.
"""HW01 — FER-2013 run.

Q7
The course sheet validated on the training data itself. That is wrong: the "validation" images
were all seen in training, so the validation curves just repeat the training curves (memorisation)
and cannot show over-fitting or how the model does on unseen faces. Hold out data the model never
trains on: a validation split of the training set, or the separate test/PublicTest images.
"""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x_fer = rng.integers(0, 256, size=(700, 48, 48, 1)).astype("float32") / 255.0
y_fer = keras.utils.to_categorical(rng.integers(0, 7, size=700), 7)

model_fer = keras.Sequential([
    keras.Input(shape=(48, 48, 1)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(64, activation="relu"),
    layers.Dense(7, activation="softmax"),
])
model_fer.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
history = model_fer.fit(x_fer, y_fer, epochs=3, batch_size=64, validation_split=0.2)
print(history.history["val_accuracy"])
