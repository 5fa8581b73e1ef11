"""hw03 Q1: gradient clipping, L1/L2 penalties and symmetry breaking.

The prose parts (vanishing/exploding gradients, L1 versus L2, symmetry
breaking, the clipping figure) are graded by hand; the formulas the seed
writes down are small numpy functions checked by value.
"""
import numpy as np


def clip_by_value(g, lo, hi):
    """Clip every gradient component into [lo, hi] independently."""
    return np.clip(np.asarray(g, dtype=float), lo, hi)


def clip_by_norm(g, max_norm):
    """Rescale the whole gradient so its L2 norm is at most ``max_norm``.

    The direction is kept: only the length changes, and only when it is too
    long. A gradient already inside the ball is returned unchanged.
    """
    g = np.asarray(g, dtype=float)
    norm = np.linalg.norm(g)
    if norm <= max_norm:
        return g.copy()
    return g * (max_norm / norm)


def _squared_error(X, y, w):
    residual = np.asarray(y, dtype=float) - np.asarray(X, dtype=float) @ np.asarray(w, dtype=float)
    return float(np.sum(residual ** 2))


def l1_loss(X, y, w, lam):
    """Lasso: squared error plus ``lam`` times the sum of absolute weights."""
    return _squared_error(X, y, w) + lam * float(np.sum(np.abs(w)))


def l2_loss(X, y, w, lam):
    """Ridge: squared error plus ``lam`` times the sum of squared weights."""
    return _squared_error(X, y, w) + lam * float(np.sum(np.square(w)))


def _two_layer_net(n_features, units, init):
    import keras

    return keras.Sequential([
        keras.Input((n_features,)),
        keras.layers.Dense(units, activation="sigmoid", kernel_initializer=init,
                           bias_initializer="zeros"),
        keras.layers.Dense(1, kernel_initializer=init, bias_initializer="zeros"),
    ])


def dense_gradients_with_constant_init(x, units, value):
    """First-layer kernel gradients of a 2-layer net whose weights all equal ``value``.

    Every hidden unit computes the same function of the input and receives the
    same error signal from the output layer, so every column of the returned
    (n_features, units) array is identical: the units can never become
    different, whatever the loss. Random initialisation breaks this symmetry.
    """
    import keras
    import tensorflow as tf

    x = tf.convert_to_tensor(np.asarray(x, dtype="float32"))
    model = _two_layer_net(x.shape[1], units, keras.initializers.Constant(value))
    with tf.GradientTape() as tape:
        # Any loss shows the symmetry; regress onto 1 so the gradient is non-zero.
        loss = tf.reduce_mean(tf.square(model(x) - 1.0))
    kernel = model.layers[0].kernel
    return tape.gradient(loss, kernel).numpy()


# --- known mistakes -------------------------------------------------------

def mistake_clip_by_norm_per_element(g, max_norm):
    """Norm clipping was applied to each component separately (that is value clipping to +-max_norm); rescale the whole vector by max_norm / ||g|| instead, which keeps its direction.

    fa: برش با نُرم روی هر مؤلفه جداگانه انجام شده (که همان برش مقدار به ±max_norm است)؛ باید کل بردار را با
    ضریب max_norm / ||g|| کوچک کنید تا جهتش حفظ شود.
    """
    return np.clip(np.asarray(g, dtype=float), -max_norm, max_norm)


def mistake_clip_by_norm_always_rescales(g, max_norm):
    """The gradient is rescaled to length max_norm even when it is already shorter; clipping only shrinks gradients whose norm exceeds the threshold.

    fa: گرادیان حتی وقتی از max_norm کوتاه‌تر است هم به طول max_norm رسانده می‌شود؛ برش فقط گرادیان‌هایی را کوچک
    می‌کند که نُرمشان از آستانه بیشتر است.
    """
    g = np.asarray(g, dtype=float)
    return g * (max_norm / np.linalg.norm(g))


def mistake_clip_by_value_symmetric(g, lo, hi):
    """The lower bound was ignored and the gradient clipped to [-hi, hi]; use both bounds, [lo, hi].

    fa: کران پایین نادیده گرفته شده و گرادیان به [-hi, hi] بریده شده است؛ هر دو کران [lo, hi] را به کار ببرید.
    """
    return np.clip(np.asarray(g, dtype=float), -hi, hi)


def mistake_l2_loss_abs(X, y, w, lam):
    """The L2 penalty used absolute values (that is the L1 penalty); L2 adds lam times the sum of squared weights.

    fa: جریمهٔ L2 با قدرمطلق وزن‌ها حساب شده (که جریمهٔ L1 است)؛ L2 ضریب lam ضرب در مجموع مربع وزن‌ها را اضافه
    می‌کند.
    """
    return _squared_error(X, y, w) + lam * float(np.sum(np.abs(w)))


def mistake_l2_loss_norm_not_squared(X, y, w, lam):
    """The L2 penalty used the norm ||w|| itself; ridge adds the squared norm, the sum of w_j^2.

    fa: جریمهٔ L2 خود نُرم ||w|| را به کار برده است؛ ridge مربع نُرم، یعنی مجموع w_j^2، را اضافه می‌کند.
    """
    return _squared_error(X, y, w) + lam * float(np.linalg.norm(w))


def mistake_l2_loss_no_lambda(X, y, w, lam):
    """The penalty is added without its factor lambda, so the regularisation strength cannot be set.

    fa: جریمه بدون ضریب lambda اضافه شده است، پس شدت منظم‌سازی قابل تنظیم نیست.
    """
    return _squared_error(X, y, w) + float(np.sum(np.square(w)))


def mistake_l2_loss_mean_error(X, y, w, lam):
    """The data term is the mean of squared residuals; the formula asked for their sum.

    fa: جملهٔ داده میانگین مربع باقی‌مانده‌هاست؛ فرمول خواسته‌شده مجموع آن‌ها را می‌خواهد.
    """
    residual = np.asarray(y, dtype=float) - np.asarray(X, dtype=float) @ np.asarray(w, dtype=float)
    return float(np.mean(residual ** 2)) + lam * float(np.sum(np.square(w)))


def mistake_l1_loss_squares(X, y, w, lam):
    """The L1 penalty used squared weights (that is the L2 penalty); L1 adds lam times the sum of |w_j|.

    fa: جریمهٔ L1 با مربع وزن‌ها حساب شده (که جریمهٔ L2 است)؛ L1 ضریب lam ضرب در مجموع |w_j| را اضافه می‌کند.
    """
    return _squared_error(X, y, w) + lam * float(np.sum(np.square(w)))


def mistake_l1_loss_no_lambda(X, y, w, lam):
    """The penalty is added without its factor lambda, so the regularisation strength cannot be set.

    fa: جریمه بدون ضریب lambda اضافه شده است، پس شدت منظم‌سازی قابل تنظیم نیست.
    """
    return _squared_error(X, y, w) + float(np.sum(np.abs(w)))


def mistake_l1_loss_mean_error(X, y, w, lam):
    """The data term is the mean of squared residuals; the formula asked for their sum.

    fa: جملهٔ داده میانگین مربع باقی‌مانده‌هاست؛ فرمول خواسته‌شده مجموع آن‌ها را می‌خواهد.
    """
    residual = np.asarray(y, dtype=float) - np.asarray(X, dtype=float) @ np.asarray(w, dtype=float)
    return float(np.mean(residual ** 2)) + lam * float(np.sum(np.abs(w)))


def mistake_dense_gradients_with_constant_init_random_init(x, units, value):
    """The network was initialised randomly, so the gradient columns differ; the question asks what happens when every weight starts at the same value.

    fa: شبکه با وزن‌های تصادفی مقداردهی شده، پس ستون‌های گرادیان با هم فرق دارند؛ سؤال می‌پرسد وقتی همهٔ وزن‌ها
    از یک مقدار شروع کنند چه می‌شود.
    """
    import keras
    import tensorflow as tf

    x = tf.convert_to_tensor(np.asarray(x, dtype="float32"))
    model = _two_layer_net(x.shape[1], units, keras.initializers.GlorotUniform(seed=0))
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - 1.0))
    return tape.gradient(loss, model.layers[0].kernel).numpy()


def mistake_dense_gradients_with_constant_init_output_layer(x, units, value):
    """These are the output layer's kernel gradients (units, 1); the question asks for the first layer's (n_features, units).

    fa: این‌ها گرادیان kernel لایهٔ خروجی‌اند با ابعاد (units, 1)؛ سؤال گرادیان لایهٔ اول با ابعاد (n_features,
    units) را می‌خواهد.
    """
    import keras
    import tensorflow as tf

    x = tf.convert_to_tensor(np.asarray(x, dtype="float32"))
    model = _two_layer_net(x.shape[1], units, keras.initializers.Constant(value))
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - 1.0))
    return tape.gradient(loss, model.layers[1].kernel).numpy()
