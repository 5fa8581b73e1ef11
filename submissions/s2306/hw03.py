"""HW3 - CNN ablations on CIFAR-10 (student s2306).

سوال ۱
الف) در پس‌انتشار، گرادیان هر لایه ضرب مشتق‌های لایه‌های بالاتر است. با sigmoid/tanh مشتق‌ها
کوچک‌اند و گرادیان لایه‌های اول محو می‌شود؛ با وزن‌های بزرگ حاصل‌ضرب بزرگ می‌شود و گرادیان
منفجر می‌شود. برش بر اساس مقدار هر مؤلفه را به [lo, hi] محدود می‌کند و ممکن است جهت گرادیان را
عوض کند؛ برش بر اساس نرم کل بردار را در max_norm/||g|| ضرب می‌کند (فقط وقتی ||g|| > max_norm)
و جهت را حفظ می‌کند.
ب) L1 = SSE + lambda*sum|w| و L2 = SSE + lambda*sum(w^2). L1 جواب تنک می‌دهد (انتخاب ویژگی)،
در صفر مشتق‌پذیر نیست و جواب بسته ندارد؛ L2 وزن‌ها را کوچک ولی غیرصفر نگه می‌دارد و جواب
بسته دارد. L1 به داده پرت حساسیت کمتری دارد.
پ) اگر همه وزن‌ها یکسان شروع شوند همه نورون‌های لایه گرادیان یکسان می‌گیرند و برای همیشه
یکسان می‌مانند (تقارن)؛ مقداردهی تصادفی این تقارن را می‌شکند.
ت) برش گرادیان جلوی گام‌های خیلی بزرگ روی «صخره»‌های سطح خطا را می‌گیرد.
"""
import time

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


# Q1 ----------------------------------------------------------------------

def clip_by_value(g, lo, hi):
    return np.clip(np.asarray(g, dtype=float), lo, hi)


def clip_by_norm(g, max_norm):
    g = np.asarray(g, dtype=float)
    norm = np.linalg.norm(g)
    return g * (max_norm / norm) if norm > max_norm else g


def l1_loss(X, y, w, lam):
    residual = np.asarray(y) - np.asarray(X) @ np.asarray(w)
    return float(residual @ residual + lam * np.abs(w).sum())


def l2_loss(X, y, w, lam):
    residual = np.asarray(y) - np.asarray(X) @ np.asarray(w)
    return float(residual @ residual + lam * np.square(w).sum())


def dense_gradients_with_constant_init(x, units, value):
    x = np.asarray(x, dtype="float32")
    const = keras.initializers.Constant(value)
    net = keras.Sequential([
        keras.Input((x.shape[1],)),
        layers.Dense(units, activation="sigmoid", kernel_initializer=const),
        layers.Dense(1, kernel_initializer=const),
    ])
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(net(x) - 0.5))
    return tape.gradient(loss, net.layers[0].kernel).numpy()


# Q2 ----------------------------------------------------------------------

def build_cnn(activation="relu", kernel1_size=(3, 3), kernel2_size=(3, 3),
              conv_layers=2, one_layer=False, batch_norm=False):
    stack = [keras.Input((32, 32, 3))]
    if batch_norm:
        stack.append(layers.BatchNormalization())
    if one_layer:
        stack.append(layers.Conv2D(7, 5, padding="same", activation=activation))
    else:
        stack.append(layers.Conv2D(7, kernel1_size, padding="same", activation=activation))
        stack += [layers.Conv2D(7, 3, activation=activation) for _ in range(conv_layers - 2)]
        stack.append(layers.Conv2D(9, kernel2_size, activation=activation))
    stack += [layers.MaxPooling2D(2), layers.Flatten(), layers.Dropout(0.3),
              layers.Dense(10, activation="softmax")]
    return keras.Sequential(stack)


# Q3 ----------------------------------------------------------------------

VARIANTS = {
    "default": {}, "conv_layers_3": {"conv_layers": 3}, "conv_layers_4": {"conv_layers": 4},
    "kernel1_5x5": {"kernel1_size": (5, 5)}, "kernel1_7x7": {"kernel1_size": (7, 7)},
    "one_layer": {"one_layer": True}, "lr_0.1": {"lr": 0.1}, "lr_0.001": {"lr": 0.001},
    "lr_0.0001": {"lr": 0.0001}, "tanh": {"activation": "tanh"},
    "leaky_relu": {"activation": "leaky_relu"}, "sgd": {"opt": "sgd"},
    "batch_norm": {"batch_norm": True}, "batch_4": {"batch": 4}, "batch_128": {"batch": 128},
}


def fit_variant(settings, x, y, epochs):
    settings = dict(settings)
    lr, batch, opt = settings.pop("lr", 0.01), settings.pop("batch", 32), settings.pop("opt", "adam")
    model = build_cnn(**settings)
    optimizer = keras.optimizers.SGD(lr) if opt == "sgd" else keras.optimizers.Adam(lr)
    model.compile(optimizer, "sparse_categorical_crossentropy", metrics=["accuracy"])
    start = time.time()
    history = model.fit(x, y, batch_size=batch, epochs=epochs, validation_split=0.15, verbose=0,
                        callbacks=[keras.callbacks.EarlyStopping(monitor="loss", patience=3)])
    return model, history.history, time.time() - start


def ablation_table(x, y, epochs=50):
    x = np.asarray(x, dtype="float32") / (255.0 if np.max(x) > 1 else 1.0)
    table = []
    for name, settings in VARIANTS.items():
        _, h, seconds = fit_variant(settings, x, y, epochs)
        table.append({"variant": name, "min_train_loss": float(min(h["loss"])),
                      "min_val_loss": float(min(h["val_loss"])), "epochs": len(h["loss"]),
                      "seconds": seconds, "max_val_accuracy": float(max(h["val_accuracy"]))})
    return table


# Q4 ----------------------------------------------------------------------

def first_layer_filters(model):
    conv = next(l for l in model.layers if isinstance(l, layers.Conv2D))
    return conv.get_weights()[0]


def first_layer_feature_maps(model, image):
    conv = next(l for l in model.layers if isinstance(l, layers.Conv2D))
    probe = keras.Model(model.inputs[0], conv.output)
    return probe.predict(np.asarray(image, dtype="float32")[None], verbose=0)[0]


# Q5 ----------------------------------------------------------------------

def build_transfer_model(weights=None):
    base = keras.applications.MobileNetV2(input_shape=(32, 32, 3), include_top=False,
                                          weights=weights)
    inputs = keras.Input((32, 32, 3))
    outputs = layers.Dense(10, activation="softmax")(layers.Flatten()(base(inputs)))
    return keras.Model(inputs, outputs)


if __name__ == "__main__":
    (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
    for row in ablation_table(x_train, y_train, epochs=50):
        print(row)
