"""hw06 Q5: hyper-parameter search with keras-tuner.

The search space (matched by kind and range, not by name):
dropout Choice [0.3, 0.4, 0.5]; CNN blocks Int 1..3; dense units Int 128..512
step 128; learning rate Float 1e-4..1e-2 sampled on a log scale.
"""
IMAGE_SHAPE = (32, 32, 3)
NUM_CLASSES = 10


def _conv_block(model, filters, dropout):
    from keras import layers

    for _ in range(2):
        model.add(layers.Conv2D(filters, 3, padding="same", activation="relu"))
        model.add(layers.BatchNormalization())
    model.add(layers.MaxPooling2D(2))
    model.add(layers.Dropout(dropout))


def build_hypermodel(hp):
    """Build and compile one CNN for the hyper-parameters `hp` chooses."""
    import keras
    from keras import layers

    dropout = hp.Choice("dropout", [0.3, 0.4, 0.5])
    model = keras.Sequential([keras.Input(IMAGE_SHAPE)])
    # Each block doubles the filters (32, 64, 128); padding="same" keeps three
    # 2x2 poolings legal on 32x32 images.
    for block in range(hp.Int("num_cnn_block", min_value=1, max_value=3)):
        _conv_block(model, 32 * 2 ** block, dropout)
    model.add(layers.GlobalAveragePooling2D())
    model.add(layers.Dense(hp.Int("num_dense_units", min_value=128, max_value=512, step=128),
                           activation="relu"))
    model.add(layers.BatchNormalization())
    model.add(layers.Dropout(dropout))
    model.add(layers.Dense(NUM_CLASSES, activation="softmax"))
    # A learning rate spans orders of magnitude: sample its exponent uniformly.
    lr = hp.Float("lr", min_value=1e-4, max_value=1e-2, sampling="log")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model


# --- known mistakes -------------------------------------------------------

def _with_space(hp, *, lr, dropout, units_max=512, loss="categorical_crossentropy"):
    """Reference architecture with a caller-chosen (wrong) part of the search space."""
    import keras
    from keras import layers

    model = keras.Sequential([keras.Input(IMAGE_SHAPE)])
    for block in range(hp.Int("num_cnn_block", min_value=1, max_value=3)):
        _conv_block(model, 32 * 2 ** block, dropout)
    model.add(layers.GlobalAveragePooling2D())
    model.add(layers.Dense(hp.Int("num_dense_units", 128, units_max, step=128), activation="relu"))
    model.add(layers.Dropout(dropout))
    model.add(layers.Dense(NUM_CLASSES, activation="softmax"))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr), loss=loss, metrics=["accuracy"])
    return model


def mistake_build_hypermodel_linear_lr(hp):
    """The learning rate is sampled linearly, so almost every trial draws a rate near 1e-2: use sampling="log" for a range spanning orders of magnitude.

    fa: نرخ یادگیری به صورت خطی نمونه‌برداری می‌شود، پس تقریباً همهٔ آزمایش‌ها نرخی نزدیک 1e-2 می‌گیرند: برای
    بازه‌ای که چند مرتبهٔ بزرگی را در بر می‌گیرد sampling="log" بگذارید.
    """
    return _with_space(hp, lr=hp.Float("lr", min_value=1e-4, max_value=1e-2),
                       dropout=hp.Choice("dropout", [0.3, 0.4, 0.5]))


def mistake_build_hypermodel_dropout_float(hp):
    """Dropout is a continuous Float range instead of the Choice [0.3, 0.4, 0.5] the question asks for.

    fa: Dropout یک بازهٔ پیوستهٔ Float است، نه Choice [0.3, 0.4, 0.5] که سؤال خواسته است.
    """
    return _with_space(hp, lr=hp.Float("lr", 1e-4, 1e-2, sampling="log"),
                       dropout=hp.Float("dropout", min_value=0.3, max_value=0.5))


def mistake_build_hypermodel_lr_from_1e_3(hp):
    """The learning-rate range starts at 1e-3 instead of 1e-4 (the seed's prose says 0.001 to 0.01), so small rates are never tried.

    fa: بازهٔ نرخ یادگیری از 1e-3 شروع می‌شود نه 1e-4 (متن گزارش می‌گوید 0.001 تا 0.01)، پس نرخ‌های کوچک هرگز
    آزموده نمی‌شوند.
    """
    return _with_space(hp, lr=hp.Float("lr", 1e-3, 1e-2, sampling="log"),
                       dropout=hp.Choice("dropout", [0.3, 0.4, 0.5]))


def mistake_build_hypermodel_no_loss(hp):
    """model.compile() is called without a loss (the seed's own code), so the first fit of a trial fails with "No loss to compute".

    fa: model.compile() بدون loss صدا زده شده است (کد خود گزارش)، پس اولین fit هر آزمایش با خطای "No loss to
    compute" شکست می‌خورد.
    """
    return _with_space(hp, lr=hp.Float("lr", 1e-4, 1e-2, sampling="log"),
                       dropout=hp.Choice("dropout", [0.3, 0.4, 0.5]), loss=None)
