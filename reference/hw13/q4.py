"""hw13 Q4: CIFAR-10 with 200 labels: rotation pre-training, fine-tuning, two heads.

core_model() is the shared feature extractor (no classifier). It is trained
(a) directly on the 200 labelled images, (b) on rotated unlabelled images and
then fine-tuned with a new 10-way head, (c) in a two-head model that learns
both tasks at once.
"""
import numpy as np

NUM_CLASSES = 10
NUM_ROTATIONS = 4
IMAGE_SHAPE = (32, 32, 3)
ROTATION_LABEL_WEIGHTS = [1, 3, 3, 3]  # the seed draws "not rotated" less often


def preprocess(x_train, y_train, x_test, y_test):
    """Scale pixels to [0, 1] and one-hot the labels, for both splits."""
    one_hot = np.eye(NUM_CLASSES, dtype="float32")
    return (np.asarray(x_train, dtype="float32") / 255.0,
            one_hot[np.asarray(y_train).ravel()],
            np.asarray(x_test, dtype="float32") / 255.0,
            one_hot[np.asarray(y_test).ravel()])


def core_model():
    """Three conv blocks and a 1024-unit dense layer: 230,336 parameters, 2,496 non-trainable.

    The non-trainable ones are the batch-norm moving means and variances.
    """
    import keras
    from keras import layers

    inputs = keras.Input(IMAGE_SHAPE)
    x = inputs
    # The first pooling is 3x3 (30x30 -> 10x10), the others 2x2, as in the seed.
    for filters, pool in [(32, 3), (64, 2), (128, 2)]:
        x = layers.Conv2D(filters, 3, activation="relu")(x)
        x = layers.BatchNormalization()(x)
        x = layers.MaxPooling2D(pool)(x)
        x = layers.Dropout(0.25)(x)
    x = layers.Flatten()(x)
    x = layers.Dense(1024, activation="relu")(x)
    x = layers.BatchNormalization()(x)
    outputs = layers.Dropout(0.5)(x)
    return keras.Model(inputs, outputs, name="core")


def rotate(x, deg):
    """Turn an image (H, W, C), or each image of a batch (N, H, W, C), by deg in {0, 90, 180, 270}."""
    if deg not in (0, 90, 180, 270):
        raise ValueError(f"deg must be 0, 90, 180 or 270, not {deg!r}")
    # axes=(-3, -2) are the rows and columns for a single image and for a batch.
    return np.rot90(x, deg // 90, axes=(-3, -2))


def build_finetune_model(core, learning_rate=1e-4):
    """`core` (e.g. pre-trained on rotations) with a new 10-way softmax head.

    The small learning rate keeps the pre-trained features from being wiped
    out by the large gradients of the freshly initialised head.
    """
    import keras
    from keras import layers

    model = keras.Sequential([core, layers.Dense(NUM_CLASSES, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def build_two_head_model(loss_weights=None):
    """One core, two softmax heads: `classifier` (10) and `rotator` (4), compiled.

    loss_weights: e.g. {"classifier": 10, "rotator": 1}; None means 1:1.
    """
    import keras
    from keras import layers

    core = core_model()
    classifier = layers.Dense(NUM_CLASSES, activation="softmax", name="classifier")(core.output)
    rotator = layers.Dense(NUM_ROTATIONS, activation="softmax", name="rotator")(core.output)
    model = keras.Model(core.inputs, [classifier, rotator], name="two_heads")
    model.compile(optimizer="adam",
                  loss={"classifier": "categorical_crossentropy", "rotator": "categorical_crossentropy"},
                  loss_weights=loss_weights or {"classifier": 1.0, "rotator": 1.0},
                  metrics={"classifier": ["accuracy"], "rotator": ["accuracy"]})
    return model


# --- known mistakes -------------------------------------------------------

def mistake_preprocess_test_from_train(x_train, y_train, x_test, y_test):
    """x_test = x_train / 255.0 (the seed's own code): the test images are replaced by the training images, so every test score is measured on the wrong data.

    fa: x_test = x_train / 255.0 (کد خود گزارش): تصویرهای آزمون با تصویرهای آموزش جایگزین شده‌اند، پس هر نمرهٔ
    آزمون روی دادهٔ نادرست اندازه‌گیری می‌شود.
    """
    x_train, y_train, _, y_test = preprocess(x_train, y_train, x_test, y_test)
    # As the seed wrote it, after x_train was already scaled: the training images divided twice.
    return x_train, y_train, x_train / 255.0, y_test


def mistake_preprocess_not_scaled(x_train, y_train, x_test, y_test):
    """Pixels are left in [0, 255]; divide by 255.0 to scale them to [0, 1].

    fa: پیکسل‌ها در بازهٔ [0, 255] مانده‌اند؛ آن‌ها را بر 255.0 تقسیم کنید تا به [0, 1] برسند.
    """
    _, y_train, _, y_test = preprocess(x_train, y_train, x_test, y_test)
    return np.asarray(x_train, "float32"), y_train, np.asarray(x_test, "float32"), y_test


def mistake_preprocess_integer_division(x_train, y_train, x_test, y_test):
    """x // 255 is integer division: every pixel but pure white becomes 0. Use x / 255.0.

    fa: x // 255 تقسیم صحیح است: همهٔ پیکسل‌ها جز سفید خالص ۰ می‌شوند. از x / 255.0 استفاده کنید.
    """
    _, y_train, _, y_test = preprocess(x_train, y_train, x_test, y_test)
    return np.asarray(x_train) // 255, y_train, np.asarray(x_test) // 255, y_test


def mistake_preprocess_labels_not_one_hot(x_train, y_train, x_test, y_test):
    """Labels are left as class indices; categorical cross-entropy needs to_categorical(y, 10).

    fa: برچسب‌ها به صورت شمارهٔ کلاس مانده‌اند؛ categorical cross-entropy به to_categorical(y, 10) نیاز دارد.
    """
    x_train, _, x_test, _ = preprocess(x_train, y_train, x_test, y_test)
    return x_train, np.asarray(y_train), x_test, np.asarray(y_test)


def mistake_rotate_degrees_as_turns(x, deg):
    """np.rot90(x, deg) reads deg as a number of quarter turns: 90 turns is 180 degrees and 270 turns is 180 degrees too. Use deg // 90.

    fa: np.rot90(x, deg) عدد deg را تعداد ربع‌دور می‌خواند: ۹۰ ربع‌دور ۱۸۰ درجه است و ۲۷۰ ربع‌دور هم ۱۸۰ درجه.
    از deg // 90 استفاده کنید.
    """
    return np.rot90(x, deg, axes=(-3, -2))


def mistake_rotate_clockwise(x, deg):
    """The image is turned clockwise (np.rot90 with -k); rotations here are counter-clockwise like np.rot90, so 90 and 270 are swapped.

    fa: تصویر ساعت‌گرد چرخانده شده است (np.rot90 با -k)؛ چرخش‌ها در اینجا مانند np.rot90 پادساعت‌گردند، پس جای
    ۹۰ و ۲۷۰ عوض شده است.
    """
    return np.rot90(x, -(deg // 90), axes=(-3, -2))


def mistake_rotate_wrong_axes(x, deg):
    """np.rot90 turns the columns-and-channels plane (axes=(1, 2)) instead of rows and columns (axes=(0, 1) for one image).

    fa: np.rot90 صفحهٔ ستون‌ها و کانال‌ها را می‌چرخاند (axes=(1, 2)) به جای سطرها و ستون‌ها (برای یک تصویر
    axes=(0, 1)).
    """
    return np.rot90(x, deg // 90, axes=(1, 2))


def mistake_build_finetune_model_default_lr(core, learning_rate=1e-3):
    """The fine-tuning model is compiled with Adam's default 1e-3; the question lowers it to 1e-4 so the pre-trained features are not wiped out.

    fa: مدل fine-tune با نرخ پیش‌فرض Adam یعنی 1e-3 کامپایل شده است؛ سؤال آن را به 1e-4 کاهش می‌دهد تا ویژگی‌های
    پیش‌آموخته از بین نروند.
    """
    return build_finetune_model(core, learning_rate=learning_rate)


def mistake_build_finetune_model_frozen_core(core, learning_rate=1e-4):
    """The core is frozen (core.trainable = False), so only the new head learns: that probes the pre-trained features with a linear classifier, it does not fine-tune them. Train every layer, with the small learning rate.

    fa: لایه‌های core منجمد شده‌اند (core.trainable = False) و فقط دسته‌بند جدید آموزش می‌بیند؛ این کار ویژگی‌های پیش‌آموخته را فقط با یک دسته‌بند خطی می‌سنجد و آن‌ها را fine-tune نمی‌کند. همه‌ی لایه‌ها را با همان نرخ یادگیری کوچک آموزش دهید.
    """
    core.trainable = False
    return build_finetune_model(core, learning_rate)


def mistake_build_two_head_model_ignores_loss_weights(loss_weights=None):
    """The loss_weights argument is never passed to compile(), so all three runs (10:1, 1:10, 1:1) train the same 1:1 model.

    fa: آرگومان loss_weights هرگز به compile() داده نمی‌شود، پس هر سه اجرا (10:1 و 1:10 و 1:1) همان مدل 1:1 را
    آموزش می‌دهند.
    """
    model = build_two_head_model(None)
    # Compiled again as such students do: without any loss_weights.
    model.compile(optimizer="adam",
                  loss={"classifier": "categorical_crossentropy", "rotator": "categorical_crossentropy"},
                  metrics={"classifier": ["accuracy"], "rotator": ["accuracy"]})
    return model
