"""hw03 Q4: the first conv layer's filters and the feature maps it produces.

The grader recomputes the feature maps itself, as a 'same' cross-correlation
of the image with the returned filters plus the bias, followed by the layer's
activation, and compares.
"""
import numpy as np

# Q4 shows the filters of the Q2 model; the grader calls build_cnn through this module too.
from reference.hw03.q2 import build_cnn  # noqa: F401


def _first_conv(model):
    import keras

    for layer in model.layers:
        if isinstance(layer, keras.layers.Conv2D):
            return layer
    raise ValueError("the model has no Conv2D layer")


def first_layer_filters(model):
    """The first Conv2D layer's kernel, shape (kh, kw, 3, 7): one (kh, kw, 3) filter per output channel."""
    return np.asarray(_first_conv(model).get_weights()[0])


def first_layer_feature_maps(model, image):
    """The first Conv2D layer's output for one image, shape (32, 32, 7).

    The output is read from inside the model, so anything before the conv
    (a BatchNormalization layer) is applied too; bias and activation are part
    of the layer's output. The batch axis is added for the call and removed.
    """
    import keras

    probe = keras.Model(model.inputs[0], _first_conv(model).output)
    batch = np.asarray(image, dtype="float32")[None]
    return np.asarray(probe(batch))[0]


# --- known mistakes -------------------------------------------------------

def mistake_first_layer_filters_second_conv(model):
    """These are the second conv layer's weights (kh, kw, 7, 9); the question asks for the first layer's 7 filters over 3 colour channels.

    fa: این‌ها وزن‌های لایهٔ کانولوشن دوم‌اند با ابعاد (kh, kw, 7, 9)؛ سؤال ۷ فیلتر لایهٔ اول روی ۳ کانال رنگ را
    می‌خواهد.
    """
    import keras

    convs = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    return np.asarray(convs[1].get_weights()[0])


def mistake_first_layer_filters_first_channel_only(model):
    """Only the red channel of each filter is returned (kh, kw, 7), as when plotting f[:, :, 0]; each filter has 3 input channels.

    fa: فقط کانال قرمز هر فیلتر برگردانده شده (kh, kw, 7)، مانند رسم f[:, :, 0]؛ هر فیلتر ۳ کانال ورودی دارد.
    """
    return first_layer_filters(model)[:, :, 0, :]


def mistake_first_layer_feature_maps_no_activation(model, image):
    """The activation is missing: these are the conv's pre-activations (with bias); the feature maps are the layer's output after its activation.

    fa: فعال‌سازی جا افتاده است: این‌ها خروجی کانولوشن پیش از فعال‌سازی‌اند (با bias)؛ نقشه‌های ویژگی خروجی لایه
    پس از فعال‌سازی آن هستند.
    """
    conv = _first_conv(model)
    return _probe_linear(model, conv, image, use_bias=True)


def mistake_first_layer_feature_maps_no_bias_or_activation(model, image):
    """Only the bare convolution is returned, without the layer's bias and activation.

    fa: فقط خود کانولوشن برگردانده شده، بدون bias و فعال‌سازی لایه.
    """
    conv = _first_conv(model)
    return _probe_linear(model, conv, image, use_bias=False)


def mistake_first_layer_feature_maps_second_layer(model, image):
    """The maps come from model.layers[1] (the seed's code), which is the second layer, not the first conv, unless something precedes the first conv.

    fa: نقشه‌ها از model.layers[1] گرفته شده‌اند (کد گزارش)، که لایهٔ دوم است، نه اولین کانولوشن، مگر این‌که
    چیزی پیش از آن آمده باشد.
    """
    import keras

    probe = keras.Model(model.inputs[0], model.layers[1].output)
    return np.asarray(probe(np.asarray(image, dtype="float32")[None]))[0]


def mistake_first_layer_feature_maps_batch_axis(model, image):
    """The batch axis was kept: shape (1, 32, 32, 7) instead of (32, 32, 7).

    fa: محور دسته نگه داشته شده است: ابعاد (1, 32, 32, 7) به جای (32, 32, 7).
    """
    return first_layer_feature_maps(model, image)[None]


def _probe_linear(model, conv, image, use_bias):
    import keras

    probe = keras.Model(model.inputs[0], conv.input)
    x = probe(np.asarray(image, dtype="float32")[None])
    kernel, bias = conv.get_weights()
    out = keras.ops.conv(x, kernel, strides=conv.strides, padding=conv.padding)
    if use_bias:
        out = out + bias
    return np.asarray(out)[0]
