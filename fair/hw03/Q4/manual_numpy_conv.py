# fair-answer: feature maps computed by hand with numpy loops over pixels ('same' padding, bias, the layer's own activation), layers before the conv applied first; filters from get_weights().
import numpy as np
import keras


def build_cnn(activation="relu", kernel1_size=(3, 3), kernel2_size=(3, 3),
              conv_layers=2, one_layer=False, batch_norm=False):
    x = inp = keras.Input((32, 32, 3))
    if batch_norm:
        x = keras.layers.BatchNormalization()(x)
    if one_layer:
        x = keras.layers.Conv2D(7, (5, 5), padding="same", activation=activation)(x)
    else:
        x = keras.layers.Conv2D(7, kernel1_size, padding="same", activation=activation)(x)
        for _ in range(conv_layers - 2):
            x = keras.layers.Conv2D(7, (3, 3), activation=activation)(x)
        x = keras.layers.Conv2D(9, kernel2_size, activation=activation)(x)
    x = keras.layers.MaxPooling2D((2, 2))(x)
    x = keras.layers.Dropout(0.3)(keras.layers.Flatten()(x))
    return keras.Model(inp, keras.layers.Dense(10, activation="softmax")(x))


def _first_conv_index(model):
    for i, layer in enumerate(model.layers):
        if layer.__class__.__name__ == "Conv2D":
            return i
    raise ValueError("no conv layer")


def first_layer_filters(model):
    w, b = model.layers[_first_conv_index(model)].get_weights()
    return w


def first_layer_feature_maps(model, image):
    idx = _first_conv_index(model)
    conv = model.layers[idx]
    x = np.asarray(image, dtype="float32")[None]
    for layer in model.layers[:idx]:
        if layer.__class__.__name__ != "InputLayer":
            x = layer(x, training=False)
    x = np.asarray(x)[0]
    w, b = conv.get_weights()
    kh, kw, cin, cout = w.shape
    top, left = (kh - 1) // 2, (kw - 1) // 2
    padded = np.zeros((x.shape[0] + kh - 1, x.shape[1] + kw - 1, cin), dtype="float32")
    padded[top:top + x.shape[0], left:left + x.shape[1]] = x
    out = np.zeros((x.shape[0], x.shape[1], cout), dtype="float32")
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            patch = padded[i:i + kh, j:j + kw, :]
            for f in range(cout):
                out[i, j, f] = np.sum(patch * w[:, :, :, f]) + b[f]
    return np.asarray(conv.activation(out))
