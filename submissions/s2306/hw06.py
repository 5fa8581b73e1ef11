"""hw06 — normalisation by hand.

Q2
BERT is pre-trained as a masked language model: about 15% of the input tokens are
replaced by [MASK] and the encoder predicts the original words from the whole
sentence, left and right.  Because every layer attends to the full sentence, the
vector of a word depends on the words around it, unlike word2vec or GloVe.

Q3
Predicting the rotation needs no labels, yet it forces the trunk to learn where the
sky and the objects are; with a new 10-way head the transferred model beat the one
trained on the labelled images only, by a few points.

Q4
Only the labelled rows carry a class target, so the classification loss is about 100
times smaller than the rotation loss; I weighted it 100:1 so both tasks pull equally.

Q5
Best trial: dropout 0.5, 3 blocks, 128 units, lr about 2e-3.  More blocks and more
dropout helped most; the number of dense units mattered little.

Q6
TP/TN: predicted positive/negative and really so; FP: predicted positive but negative;
FN: predicted negative but positive.  CIFAR-10 is balanced, so accuracy is enough here;
precision and recall matter for imbalanced data or when FP and FN cost differently.
Cats and dogs are confused most.
"""
import numpy as np

X = np.array([[20, 17, 32, 42, 65],
              [13, 65, 96, 53, 21],
              [45, 63, 74, 38, 64],
              [23, 76, 40, 34, 26],
              [14, 66, 78, 49, 23]], dtype=float)


def _normalise(x, axis, eps):
    x = np.asarray(x, dtype=np.float64)
    centred = x - x.mean(axis=axis, keepdims=True)
    return centred / np.sqrt((centred ** 2).mean(axis=axis, keepdims=True) + eps)


def batch_norm(x, eps=0.0):
    return _normalise(x, 0, eps)


def layer_norm(x, eps=0.0):
    return _normalise(x, 1, eps)


import keras
from keras import layers


def rotate_batch(x, seed):
    rng = np.random.default_rng(seed)
    k = rng.integers(0, 4, size=len(x))
    x_rot = np.stack([np.rot90(img, int(t)) for img, t in zip(x, k)])
    y_rot = keras.utils.to_categorical(k, num_classes=4)
    return x_rot, y_rot


def _trunk(inputs):
    x = layers.Conv2D(32, 3, activation="relu")(inputs)
    x = layers.Conv2D(32, 3, activation="relu")(x)
    x = layers.BatchNormalization()(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(64, 3, activation="relu")(x)
    x = layers.Conv2D(64, 3, activation="relu")(x)
    x = layers.BatchNormalization()(x)
    x = layers.MaxPooling2D()(x)
    return layers.Flatten()(x)


def build_rotation_model():
    inputs = keras.Input((32, 32, 3))
    outputs = layers.Dense(4, activation="softmax")(_trunk(inputs))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def transfer_head(model, num_classes=10):
    outputs = layers.Dense(num_classes, activation="softmax")(model.layers[-2].output)
    new_model = keras.Model(model.inputs, outputs)
    new_model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return new_model

multitask_loss_weights = {"classification": 100.0, "rotation": 1.0}


def build_multitask_model():
    inputs = keras.Input((32, 32, 3))
    features = _trunk(inputs)
    classification = layers.Dense(10, activation="softmax", name="classification")(features)
    rotation = layers.Dense(4, activation="softmax", name="rotation")(features)
    model = keras.Model(inputs, [classification, rotation])
    model.compile(optimizer=keras.optimizers.Adam(1e-4),
                  loss={"classification": "categorical_crossentropy", "rotation": "categorical_crossentropy"},
                  loss_weights=multitask_loss_weights, metrics=["accuracy", "accuracy"])
    return model

def build_hypermodel(hp):
    dropout = hp.Choice("dropout", [0.3, 0.4, 0.5])
    model = keras.Sequential([keras.Input((32, 32, 3))])
    for i in range(hp.Int("num_cnn_block", min_value=1, max_value=3)):
        for _ in range(2):
            model.add(layers.Conv2D(2 ** (i + 5), 3, padding="same", activation="relu"))
            model.add(layers.BatchNormalization())
        model.add(layers.MaxPooling2D(2))
        model.add(layers.Dropout(dropout))
    model.add(layers.GlobalAveragePooling2D())
    model.add(layers.Dense(hp.Int("num_dense_units", min_value=128, max_value=512, step=128), activation="relu"))
    model.add(layers.Dropout(dropout))
    model.add(layers.Dense(10, activation="softmax"))
    lr = hp.Float("lr", min_value=1e-3, max_value=1e-2, sampling="log")
    model.compile(optimizer=keras.optimizers.Adam(lr), loss="categorical_crossentropy", metrics=["accuracy"])
    return model

from sklearn.metrics import confusion_matrix, precision_recall_fscore_support


def classification_metrics(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_pred.ndim == 2:
        y_pred = y_pred.argmax(axis=1)
    precision, recall, f1, _ = precision_recall_fscore_support(y_true, y_pred, zero_division=0)
    return {"precision": precision, "recall": recall, "f1": f1,
            "confusion_matrix": confusion_matrix(y_true, y_pred)}


if __name__ == "__main__":
    print(batch_norm(X))
    print(layer_norm(X))
