# fair answer: per-image loop with np.random.seed + randint, to_categorical labels, a Sequential rotation CNN with Dense(128)+Dropout(0.5), new head on layers[-2].
import numpy as np
import keras
from keras import layers


def rotate_batch(x, seed):
    np.random.seed(seed)
    rotated, labels = [], []
    for img in x:
        k = np.random.randint(0, 4)
        rotated.append(np.rot90(img, k))
        labels.append(k)
    return np.array(rotated), keras.utils.to_categorical(labels, num_classes=4)


def build_rotation_model():
    model = keras.Sequential([
        keras.Input(shape=(32, 32, 3)),
        layers.Conv2D(32, (3, 3), activation="relu", padding="same"),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(64, (3, 3), activation="relu", padding="same"),
        layers.MaxPooling2D((2, 2)),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dropout(0.5),
        layers.Dense(4, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def transfer_head(model, num_classes=10):
    features = model.layers[-2].output
    out = layers.Dense(num_classes, activation="softmax")(features)
    new_model = keras.Model(inputs=model.inputs, outputs=out)
    new_model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return new_model
