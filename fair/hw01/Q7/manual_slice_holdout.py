# Freedom exercised: a hand-made hold-out (slices of the training arrays, the training name reassigned to its own slice) passed as validation_data.
"""Q7: validating on the training data hides over-fitting, because the model has already seen every
validation image; the two curves then say the same thing. I keep the last 100 images out of training."""
import numpy as np
import keras

x_train = np.random.rand(500, 48, 48, 1)
y_train = keras.utils.to_categorical(np.random.randint(7, size=500), 7)

x_val = x_train[-100:]
y_val = y_train[-100:]
x_train = x_train[:-100]
y_train = y_train[:-100]

model = keras.Sequential([keras.Input((48, 48, 1)), keras.layers.Flatten(),
                          keras.layers.Dense(32, activation="relu"),
                          keras.layers.Dense(7, activation="softmax")])
model.compile("adam", "categorical_crossentropy", metrics=["accuracy"])
hist = model.fit(x_train, y_train, epochs=2, validation_data=(x_val, y_val))
