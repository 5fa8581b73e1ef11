"""hw03 Q2: the seed's configurable CNN for CIFAR-10 and its variants.

Default: Conv2D(7, k1, same) -> Conv2D(9, k2) -> MaxPool(2) -> Flatten ->
Dropout(0.3) -> Dense(10, softmax). Extra conv layers are Conv2D(7, 3x3, valid)
between the first and the last conv; ``one_layer`` replaces the first two conv
layers by a single Conv2D(7, 5x5, same); ``batch_norm`` puts a
BatchNormalization layer first. Parameter counts: default 21,032; 3 conv
18,870; 4 conv 16,888; 5x5 first kernel 21,368; 7x7 21,872; one layer 18,462;
batch norm 21,044.
"""
INPUT_SHAPE = (32, 32, 3)
NUM_CLASSES = 10


def _head(keras):
    return [
        keras.layers.MaxPooling2D(pool_size=(2, 2)),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(NUM_CLASSES, activation="softmax"),
    ]


def _conv_stack(keras, activation, kernel1_size, kernel2_size, conv_layers, one_layer):
    if one_layer:
        return [keras.layers.Conv2D(7, (5, 5), padding="same", activation=activation)]
    layers = [keras.layers.Conv2D(7, kernel1_size, padding="same", activation=activation)]
    # Extra layers sit between the first and the last conv, as in the seed's loop.
    for _ in range(conv_layers - 2):
        layers.append(keras.layers.Conv2D(7, (3, 3), activation=activation))
    layers.append(keras.layers.Conv2D(9, kernel2_size, activation=activation))
    return layers


def build_cnn(activation="relu", kernel1_size=(3, 3), kernel2_size=(3, 3),
              conv_layers=2, one_layer=False, batch_norm=False):
    """Build (not compile) one variant of the seed's CNN.

    ``activation`` is any Keras activation name; "leaky_relu" is passed to the
    conv layers as their activation, exactly like "relu" or "tanh", so the
    variant changes only the non-linearity and keeps every layer in place.
    """
    import keras

    layers = [keras.Input(INPUT_SHAPE)]
    if batch_norm:
        layers.append(keras.layers.BatchNormalization())
    layers += _conv_stack(keras, activation, kernel1_size, kernel2_size, conv_layers, one_layer)
    return keras.Sequential(layers + _head(keras))


# --- known mistakes -------------------------------------------------------

def mistake_build_cnn_no_same_padding(activation="relu", kernel1_size=(3, 3), kernel2_size=(3, 3),
                                      conv_layers=2, one_layer=False, batch_norm=False):
    """The first conv layer lacks padding="same", so it shrinks the image and the Dense layer gets fewer inputs (18,422 parameters instead of 21,032).

    fa: لایهٔ کانولوشن اول padding="same" ندارد، پس تصویر را کوچک می‌کند و لایهٔ Dense ورودی کمتری می‌گیرد
    (18,422 پارامتر به جای 21,032).
    """
    import keras

    layers = _rebuilt(build_cnn(activation, kernel1_size, kernel2_size, conv_layers, one_layer, batch_norm).layers)
    convs = [layer for layer in layers if isinstance(layer, keras.layers.Conv2D)]
    convs[0].padding = "valid"
    return keras.Sequential([keras.Input(INPUT_SHAPE)] + layers)


def mistake_build_cnn_leaky_relu_extra_layer(activation="relu", kernel1_size=(3, 3), kernel2_size=(3, 3),
                                             conv_layers=2, one_layer=False, batch_norm=False):
    """Leaky ReLU was added as an extra LeakyReLU layer (and the last conv left linear) instead of being the conv layers' activation, so the variant changes the architecture, not only the non-linearity (the seed's code).

    fa: Leaky ReLU به صورت یک لایهٔ LeakyReLU اضافی آمده (و کانولوشن آخر خطی مانده) به جای این‌که تابع فعال‌سازی
    لایه‌های کانولوشن باشد، پس این حالت معماری را هم عوض می‌کند، نه فقط تابع غیرخطی را (کد گزارش).
    """
    import keras

    if activation != "leaky_relu" or one_layer:
        return build_cnn(activation, kernel1_size, kernel2_size, conv_layers, one_layer, batch_norm)
    layers = [keras.Input(INPUT_SHAPE)] + ([keras.layers.BatchNormalization()] if batch_norm else [])
    layers += _conv_stack(keras, activation, kernel1_size, kernel2_size, conv_layers, one_layer)[:-1]
    layers += [keras.layers.LeakyReLU(negative_slope=0.3), keras.layers.Conv2D(9, kernel2_size)]
    return keras.Sequential(layers + _head(keras))


def mistake_build_cnn_leaky_relu_linear_convs(activation="relu", kernel1_size=(3, 3), kernel2_size=(3, 3),
                                              conv_layers=2, one_layer=False, batch_norm=False):
    """Every conv layer was left linear and followed by a separate LeakyReLU layer; the assignment asks for leaky ReLU as the conv layers' activation (activation="leaky_relu").

    fa: همهٔ لایه‌های کانولوشن خطی مانده‌اند و پس از هر کدام یک لایهٔ LeakyReLU جدا آمده است؛ تمرین leaky ReLU
    را به عنوان فعال‌سازی خود لایه‌های کانولوشن می‌خواهد (activation="leaky_relu").
    """
    import keras

    if activation != "leaky_relu":
        return build_cnn(activation, kernel1_size, kernel2_size, conv_layers, one_layer, batch_norm)
    layers = [keras.Input(INPUT_SHAPE)] + ([keras.layers.BatchNormalization()] if batch_norm else [])
    for conv in _conv_stack(keras, None, kernel1_size, kernel2_size, conv_layers, one_layer):
        layers += [conv, keras.layers.LeakyReLU()]
    return keras.Sequential(layers + _head(keras))


def mistake_build_cnn_sigmoid_default(activation="sigmoid", kernel1_size=(3, 3), kernel2_size=(3, 3),
                                      conv_layers=2, one_layer=False, batch_norm=False):
    """The default activation is sigmoid (the seed's class default); the default model uses ReLU.

    fa: فعال‌سازی پیش‌فرض sigmoid است (پیش‌فرض کلاس در کد گزارش)؛ مدل پیش‌فرض باید ReLU داشته باشد.
    """
    return build_cnn(activation, kernel1_size, kernel2_size, conv_layers, one_layer, batch_norm)


def mistake_build_cnn_one_layer_extra_pool(activation="relu", kernel1_size=(3, 3), kernel2_size=(3, 3),
                                           conv_layers=2, one_layer=False, batch_norm=False):
    """The one-layer variant adds a 5x5 max-pooling before the usual 2x2 one (the seed's code), leaving a 3x3x7 map and 1,172 parameters instead of 18,462.

    fa: حالت تک‌لایه پیش از max-pooling معمول 2x2 یک max-pooling 5x5 هم دارد (کد گزارش)، پس نقشه 3x3x7 می‌شود و
    مدل 1,172 پارامتر دارد به جای 18,462.
    """
    import keras

    model = build_cnn(activation, kernel1_size, kernel2_size, conv_layers, one_layer, batch_norm)
    if not one_layer:
        return model
    layers = list(model.layers)
    first_pool = next(i for i, layer in enumerate(layers) if isinstance(layer, keras.layers.MaxPooling2D))
    extra = keras.layers.MaxPooling2D(pool_size=(5, 5))
    return keras.Sequential([keras.Input(INPUT_SHAPE)] + _rebuilt(layers[:first_pool]) + [extra]
                            + _rebuilt(layers[first_pool:]))


def mistake_build_cnn_batch_norm_after_conv(activation="relu", kernel1_size=(3, 3), kernel2_size=(3, 3),
                                            conv_layers=2, one_layer=False, batch_norm=False):
    """BatchNormalization was put after the first conv layer (normalising 7 channels, 21,060 parameters); the variant puts it first, on the input image (21,044).

    fa: BatchNormalization پس از لایهٔ کانولوشن اول آمده (روی ۷ کانال، 21,060 پارامتر)؛ در این حالت باید اول
    بیاید، روی خود تصویر ورودی (21,044 پارامتر).
    """
    import keras

    model = build_cnn(activation, kernel1_size, kernel2_size, conv_layers, one_layer, False)
    if not batch_norm:
        return model
    layers = _rebuilt(model.layers)
    return keras.Sequential([keras.Input(INPUT_SHAPE), layers[0], keras.layers.BatchNormalization()]
                            + layers[1:])


def mistake_build_cnn_extra_convs_same_padding(activation="relu", kernel1_size=(3, 3), kernel2_size=(3, 3),
                                               conv_layers=2, one_layer=False, batch_norm=False):
    """The extra conv layers use padding="same", so the map does not shrink (21,480 parameters for 3 layers instead of 18,870); the seed's extra layers are valid 3x3 convolutions.

    fa: لایه‌های کانولوشن اضافی padding="same" دارند، پس نقشه کوچک نمی‌شود (برای ۳ لایه 21,480 پارامتر به جای
    18,870)؛ لایه‌های اضافی گزارش کانولوشن‌های 3x3 از نوع valid هستند.
    """
    import keras

    layers = _rebuilt(build_cnn(activation, kernel1_size, kernel2_size, conv_layers, one_layer, batch_norm).layers)
    convs = [layer for layer in layers if isinstance(layer, keras.layers.Conv2D)]
    for conv in convs[1:-1]:
        conv.padding = "same"
    return keras.Sequential([keras.Input(INPUT_SHAPE)] + layers)


def _rebuilt(layers):
    """Fresh, unbuilt copies of layers so they can be placed in a new model."""
    return [type(layer).from_config(layer.get_config()) for layer in layers]
