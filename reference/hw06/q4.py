"""hw06 Q4: one shared trunk, two softmax heads (classification and rotation).

Labelled and rotated unlabelled images are trained together. A labelled image
has a class target and an all-zero rotation target, a rotated one the reverse;
an all-zero target contributes nothing to categorical cross-entropy.
"""
from reference.hw06.q3 import IMAGE_SHAPE, NUM_ROTATIONS, conv_trunk

NUM_CLASSES = 10

# Only the few labelled rows have a non-zero class target, so the mean
# classification loss over a batch is about (labelled fraction) x its true size
# (the seed saw ~0.01 against ~1 for rotation). Weighting it up by roughly the
# inverse fraction lets both tasks pull on the shared trunk equally.
multitask_loss_weights = {"classification": 100.0, "rotation": 1.0}


def _compile(model, loss_weights):
    import keras

    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-4),
        loss={"classification": "categorical_crossentropy",
              "rotation": "categorical_crossentropy"},
        loss_weights=loss_weights,
        metrics={"classification": ["accuracy"], "rotation": ["accuracy"]},
    )
    return model


def build_multitask_model():
    """Shared conv trunk feeding a 10-way `classification` and a 4-way `rotation` head."""
    import keras
    from keras import layers

    inputs = keras.Input(IMAGE_SHAPE)
    features = conv_trunk(inputs)
    classification = layers.Dense(NUM_CLASSES, activation="softmax", name="classification")(features)
    rotation = layers.Dense(NUM_ROTATIONS, activation="softmax", name="rotation")(features)
    model = keras.Model(inputs, [classification, rotation], name="multitask")
    return _compile(model, multitask_loss_weights)


# --- known mistakes -------------------------------------------------------

def mistake_multitask_loss_weights_swapped():
    """The weights are swapped: the large weight belongs to the classification loss, which is small because most rows have no class label.

    fa: وزن‌ها جابه‌جا شده‌اند: وزن بزرگ مال loss طبقه‌بندی است که کوچک است، چون بیشتر سطرها برچسب کلاس ندارند.
    """
    # A value target has no inputs, so its mistake is a function of none.
    return {"classification": 1.0, "rotation": 100.0}


def mistake_build_multitask_model_separate_trunks():
    """Each head has its own copy of the trunk, so nothing learned from rotations reaches the classifier: both heads must read the same features tensor.

    fa: هر سر نسخهٔ جداگانه‌ای از بدنه دارد، پس چیزی که از چرخش‌ها یاد گرفته می‌شود به طبقه‌بند نمی‌رسد: هر دو
    سر باید از یک تانسور ویژگی بخوانند.
    """
    import keras
    from keras import layers

    inputs = keras.Input(IMAGE_SHAPE)
    classification = layers.Dense(NUM_CLASSES, activation="softmax", name="classification")(conv_trunk(inputs))
    rotation = layers.Dense(NUM_ROTATIONS, activation="softmax", name="rotation")(conv_trunk(inputs))
    model = keras.Model(inputs, [classification, rotation])
    return _compile(model, multitask_loss_weights)


def mistake_build_multitask_model_no_loss_weights():
    """The model is compiled without loss_weights, so the tiny classification loss (only labelled rows count) is drowned by the rotation loss.

    fa: مدل بدون loss_weights کامپایل شده است، پس loss کوچک طبقه‌بندی (که فقط سطرهای برچسب‌دار در آن حساب
    می‌شوند) زیر loss چرخش گم می‌شود.
    """
    import keras
    from keras import layers

    inputs = keras.Input(IMAGE_SHAPE)
    features = conv_trunk(inputs)
    classification = layers.Dense(NUM_CLASSES, activation="softmax", name="classification")(features)
    rotation = layers.Dense(NUM_ROTATIONS, activation="softmax", name="rotation")(features)
    return _compile(keras.Model(inputs, [classification, rotation]), None)
