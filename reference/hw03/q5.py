"""hw03 Q5: transfer learning with a MobileNetV2 base on 32x32 CIFAR-10 images.

On 32x32 inputs the base ends in a 1x1x1280 map, so Flatten gives 1,280
features and the model has 2,270,794 parameters (2,257,984 in the base).
The grader always passes ``weights=None``: nothing is downloaded.
"""
INPUT_SHAPE = (32, 32, 3)


def build_transfer_model(weights=None):
    """MobileNetV2 without its top, then Flatten and Dense(10, softmax); not compiled.

    ``weights="imagenet"`` gives the pretrained base the seed used (it needs a
    download); the base stays trainable, as in the seed.
    """
    import keras

    base = keras.applications.MobileNetV2(input_shape=INPUT_SHAPE, include_top=False, weights=weights)
    inputs = keras.Input(INPUT_SHAPE, name="input_image")
    features = keras.layers.Flatten()(base(inputs))
    outputs = keras.layers.Dense(10, activation="softmax")(features)
    return keras.Model(inputs, outputs)


# --- known mistakes -------------------------------------------------------

def mistake_build_transfer_model_no_softmax(weights=None):
    """The new head is Dense(10) without softmax, so the outputs are logits, not class probabilities; use activation="softmax" (or from_logits=True in the loss).

    fa: سر تازه Dense(10) بدون softmax است، پس خروجی‌ها logit هستند نه احتمال کلاس‌ها؛ activation="softmax"
    بگذارید (یا در loss از from_logits=True استفاده کنید).
    """
    import keras

    base = keras.applications.MobileNetV2(input_shape=INPUT_SHAPE, include_top=False, weights=weights)
    inputs = keras.Input(INPUT_SHAPE)
    outputs = keras.layers.Dense(10)(keras.layers.Flatten()(base(inputs)))
    return keras.Model(inputs, outputs)


def mistake_build_transfer_model_with_top(weights=None):
    """The base keeps its 1000-class ImageNet top (include_top=True); the new 10-class head must replace it.

    fa: مدل پایه سر ۱۰۰۰ کلاسی ImageNet خود را نگه داشته است (include_top=True)؛ سر تازهٔ ۱۰ کلاسی باید جای آن
    را بگیرد.
    """
    import keras

    base = keras.applications.MobileNetV2(input_shape=INPUT_SHAPE, include_top=True, weights=weights)
    inputs = keras.Input(INPUT_SHAPE)
    outputs = keras.layers.Dense(10, activation="softmax")(keras.layers.Flatten()(base(inputs)))
    return keras.Model(inputs, outputs)
