"""HW1 - Keras basics (s2306)

Q1
MNIST: 70,000 grayscale 28x28 images of handwritten digits (60k train / 10k test), 10 classes.
CIFAR-10: 60,000 colour 32x32x3 images in 10 classes (50k train / 10k test), labels shaped (n, 1).
FER-2013: 48x48 grayscale faces, 7 emotions, 28,709 train and 3,589 test images, imbalanced.
to_categorical turns integer labels into one-hot rows (one column per class). The shapes are
(samples, height, width[, channels]) for images and (samples,) or (samples, classes) for labels.
ImageDataGenerator(rotation_range=r) rotates every training image by a random angle in [-r, r]
each time it is served, a cheap augmentation.

Q7
Validating on the training data only measures how well the model fits images it has already
seen; the validation curve then follows the training curve and can never show over-fitting or
tell us when to stop. A held-out split (validation_split or a separate folder) is needed.
"""
import numpy as np
import keras
from keras import layers


def one_hot(labels, num_classes):
    labels = np.asarray(labels).reshape(-1)
    return np.eye(num_classes, dtype="float32")[labels]


def dataset_summary(x, y):
    # labels go from 0 to 9 so the largest label is the number of classes
    return {"n_samples": len(x), "image_shape": tuple(x.shape[1:]), "n_classes": int(np.max(y))}


def model_sequential(input_shape, num_classes):
    return keras.Sequential([
        keras.Input(shape=input_shape),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dense(num_classes, activation="softmax"),
    ])


def model_factory(input_shape, num_classes):
    inputs = keras.Input(shape=input_shape)
    x = layers.Flatten()(inputs)
    x = layers.Dense(128, activation="relu")(x)
    return keras.Model(inputs, layers.Dense(num_classes, activation="softmax")(x))


sgd_optimizer = keras.optimizers.SGD(learning_rate=0.01)


def train_mnist(x, y, epochs=5):
    model = model_factory((28, 28), 10)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(x / 255.0, one_hot(y, 10), batch_size=64, epochs=epochs, verbose=0)
    return model


def predict_labels(model, x):
    return np.argmax(model.predict(x, verbose=0), axis=-1)


if __name__ == "__main__":
    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    model = train_mnist(x_train, y_train, epochs=5)
    print("test accuracy", np.mean(predict_labels(model, x_test / 255.0) == y_test))
