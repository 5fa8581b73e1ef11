"""hw06 Q3: self-supervised rotation pretext task on CIFAR-10, then transfer.

Unlabelled images are turned by k * 90 degrees and a CNN learns to predict k;
its features are then reused, with a new softmax head, for the 10 real classes.
"""
import numpy as np

IMAGE_SHAPE = (32, 32, 3)
NUM_ROTATIONS = 4

# np.rot90 turns the plane of the first two axes it is given. An image batch is
# (N, H, W, C), so the plane of one image is axes (1, 2); the default (0, 1)
# would mix the batch axis with the rows.
IMAGE_PLANE = (1, 2)


def rotate_batch(x, seed):
    """Turn image i by k_i * 90 degrees (counter-clockwise, as np.rot90 does).

    Returns (x_rot, y_rot): the rotated images and one-hot labels with 4
    columns, column k meaning "turned k times". np.rot90(x_rot[i], -k_i)
    gives x[i] back.
    """
    x = np.asarray(x)
    rng = np.random.default_rng(seed)
    k = rng.integers(0, NUM_ROTATIONS, size=len(x))
    x_rot = np.empty_like(x)
    for turns in range(NUM_ROTATIONS):
        chosen = k == turns
        x_rot[chosen] = np.rot90(x[chosen], turns, axes=IMAGE_PLANE)
    y_rot = np.eye(NUM_ROTATIONS, dtype="float32")[k]
    return x_rot, y_rot


def conv_trunk(inputs):
    """The seed's feature extractor: two conv blocks with batch norm, flattened."""
    from keras import layers

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
    """CNN that predicts which of the 4 rotations an image went through."""
    import keras
    from keras import layers

    inputs = keras.Input(IMAGE_SHAPE)
    outputs = layers.Dense(NUM_ROTATIONS, activation="softmax")(conv_trunk(inputs))
    model = keras.Model(inputs, outputs, name="rotation")
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def transfer_head(model, num_classes=10):
    """Keep every layer of `model` but its last and put a new softmax head on top.

    The functional API lets the new Dense layer read the penultimate layer's
    output, so the pre-trained weights are shared, not copied.
    """
    import keras
    from keras import layers

    features = model.layers[-2].output
    outputs = layers.Dense(num_classes, activation="softmax")(features)
    new_model = keras.Model(model.inputs, outputs)
    new_model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return new_model


# --- known mistakes -------------------------------------------------------

def mistake_rotate_batch_labels_not_one_hot(x, seed):
    """Rotation labels are the integers k, not one-hot vectors with 4 columns: a softmax head trained with categorical cross-entropy needs to_categorical(k, 4).

    fa: برچسب‌های چرخش خود عدد k هستند، نه بردار one-hot با ۴ ستون: سر softmax که با categorical cross-entropy
    آموزش می‌بیند to_categorical(k, 4) لازم دارد.
    """
    x_rot, y_rot = rotate_batch(x, seed)
    return x_rot, y_rot.argmax(axis=1)


def mistake_rotate_batch_batch_axis(x, seed):
    """np.rot90 on the whole batch turns its first two axes (batch and rows), not each image: pass axes=(1, 2) or rotate one image at a time.

    fa: np.rot90 روی کل دسته، دو محور اول آن (دسته و سطرها) را می‌چرخاند، نه هر تصویر را: axes=(1, 2) بدهید یا
    تصویرها را یکی‌یکی بچرخانید.
    """
    k = int(np.random.default_rng(seed).integers(0, NUM_ROTATIONS))
    x_rot = np.rot90(np.asarray(x), k)
    return x_rot, np.eye(NUM_ROTATIONS, dtype="float32")[np.full(len(x), k)]


def mistake_rotate_batch_one_k_per_batch(x, seed):
    """One k is drawn for the whole batch, so every image gets the same rotation and label: draw k for each image.

    fa: برای کل دسته یک k انتخاب شده، پس همهٔ تصویرها یک چرخش و یک برچسب می‌گیرند: برای هر تصویر k جدا انتخاب
    کنید.
    """
    k = int(np.random.default_rng(seed).integers(0, NUM_ROTATIONS))
    x_rot = np.rot90(np.asarray(x), k, axes=IMAGE_PLANE)
    return x_rot, np.eye(NUM_ROTATIONS, dtype="float32")[np.full(len(x), k)]


def mistake_rotate_batch_clockwise(x, seed):
    """Images are turned clockwise while label k means k counter-clockwise quarter turns (np.rot90's convention): 90 and 270 degrees are swapped.

    fa: تصویرها ساعت‌گرد چرخانده شده‌اند، در حالی که برچسب k یعنی k ربع‌دور پادساعت‌گرد (قرارداد np.rot90): جای
    ۹۰ و ۲۷۰ درجه عوض شده است.
    """
    x_rot, y_rot = rotate_batch(x, seed)
    k = y_rot.argmax(axis=1)
    odd = k % 2 == 1
    x_rot[odd] = np.rot90(x_rot[odd], 2, axes=IMAGE_PLANE)
    return x_rot, y_rot


def mistake_transfer_head_keeps_rotation_head(model, num_classes=10):
    """The new head is stacked on the old 4-way softmax (model.output) instead of replacing it (model.layers[-2].output): the classifier only sees 4 rotation probabilities.

    fa: سر تازه روی softmax چهارتایی قبلی (model.output) سوار شده به جای این‌که جای آن را بگیرد
    (model.layers[-2].output): طبقه‌بند فقط ۴ احتمال چرخش را می‌بیند.
    """
    import keras
    from keras import layers

    outputs = layers.Dense(num_classes, activation="softmax")(model.output)
    new_model = keras.Model(model.inputs, outputs)
    new_model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return new_model
