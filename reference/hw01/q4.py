"""hw01 Q4: one classifier, two Keras APIs.

Flatten -> Dense(128) -> ReLU -> Dense(num_classes) -> softmax. For (50, 50) inputs and 5
classes: 2500*128 + 128 = 320,128 plus 128*5 + 5 = 645, i.e. 320,773 parameters.
"""


def model_sequential(input_shape, num_classes):
    """The classifier built with keras.Sequential."""
    import keras
    from keras import layers

    return keras.Sequential([
        keras.Input(shape=input_shape),
        layers.Flatten(),
        layers.Dense(128),
        layers.Activation("relu"),
        layers.Dense(num_classes),
        layers.Activation("softmax"),
    ])


def model_factory(input_shape, num_classes):
    """The same classifier with the functional API: call each layer on a tensor."""
    import keras
    from keras import layers

    inputs = keras.Input(shape=input_shape)
    hidden = layers.Activation("relu")(layers.Dense(128)(layers.Flatten()(inputs)))
    outputs = layers.Activation("softmax")(layers.Dense(num_classes)(hidden))
    return keras.Model(inputs=inputs, outputs=outputs)


def _dense64(input_shape, num_classes):
    import keras
    from keras import layers

    return keras.Sequential([
        keras.Input(shape=input_shape), layers.Flatten(),
        layers.Dense(64, activation="relu"), layers.Dense(num_classes, activation="softmax"),
    ])


def mistake_model_sequential_dense64(input_shape, num_classes):
    """The hidden layer has 64 units; the assignment asks for Dense(128) (160,389
    parameters instead of 320,773 for (50, 50) and 5 classes).

    fa: لایهٔ پنهان ۶۴ واحد دارد؛ تمرین Dense(128) خواسته است (برای ورودی (50, 50) و ۵ کلاس، 160,389 پارامتر به
    جای 320,773).
    """
    return _dense64(input_shape, num_classes)


def mistake_model_factory_dense64(input_shape, num_classes):
    """The hidden layer has 64 units; the assignment asks for Dense(128) (160,389
    parameters instead of 320,773 for (50, 50) and 5 classes).

    fa: لایهٔ پنهان ۶۴ واحد دارد؛ تمرین Dense(128) خواسته است (برای ورودی (50, 50) و ۵ کلاس، 160,389 پارامتر به
    جای 320,773).
    """
    return _dense64(input_shape, num_classes)


def mistake_model_sequential_no_softmax(input_shape, num_classes):
    """The output layer has no softmax: the model returns logits, whose rows do not sum to
    1 (the parameter count is right, the probabilities are not).

    fa: لایهٔ خروجی softmax ندارد: مدل logit برمی‌گرداند و جمع هر سطر ۱ نمی‌شود (تعداد پارامترها درست است، ولی
    خروجی احتمال نیست).
    """
    import keras
    from keras import layers

    return keras.Sequential([
        keras.Input(shape=input_shape), layers.Flatten(),
        layers.Dense(128, activation="relu"), layers.Dense(num_classes),
    ])


def mistake_model_factory_no_flatten(input_shape, num_classes):
    """Flatten is missing: Dense acts on the last axis only, so a (50, 50) image gives a
    (50, num_classes) output instead of one prediction per image.

    fa: لایهٔ Flatten جا افتاده است: Dense فقط روی محور آخر اثر می‌کند، پس تصویر (50, 50) خروجی (50,
    num_classes) می‌دهد، نه یک پیش‌بینی برای هر تصویر.
    """
    import keras
    from keras import layers

    inputs = keras.Input(shape=input_shape)
    hidden = layers.Dense(128, activation="relu")(inputs)
    outputs = layers.Dense(num_classes, activation="softmax")(hidden)
    return keras.Model(inputs=inputs, outputs=outputs)
