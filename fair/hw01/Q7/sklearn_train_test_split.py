# Freedom exercised: sklearn train_test_split (tuple assignment) and validation_data=(x_val, y_val); prose under a "# Q7" comment heading.
import numpy as np
from sklearn.model_selection import train_test_split
import tensorflow as tf

# Q7
# Using the training set as validation_data only tells us how well the model remembers the
# images it is fitted on: train and "val" curves move together and over-fitting is invisible.
# The validation data must be held out from training (a split like below, or the test folder).

pixels = np.random.rand(600, 48, 48, 1).astype("float32")
emotions = np.random.randint(0, 7, size=600)
x_tr, x_val, y_tr, y_val = train_test_split(pixels, emotions, test_size=0.2, random_state=42,
                                            stratify=emotions)

model = tf.keras.Sequential([
    tf.keras.layers.Flatten(input_shape=(48, 48, 1)),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(7, activation="softmax"),
])
model.compile(optimizer=tf.keras.optimizers.SGD(0.01), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.fit(x_tr, y_tr, validation_data=(x_val, y_val), epochs=3, batch_size=32)
