"""hw14 Q4: tuning a one-hidden-layer Fashion-MNIST classifier with keras-tuner.

The seed's best trial: 352 dense units, learning rate 0.001 -> 279,850 parameters
(784*352 + 352 = 276,320 in the hidden layer, 352*10 + 10 = 3,530 in the output).
"""

LEARNING_RATES = [1e-2, 1e-3, 1e-4]


def _classifier(units, learning_rate):
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        layers.Flatten(),
        layers.Dense(units, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def build_hypermodel(hp):
    """Search space: dense units Int(16..512, step 16); learning rate Choice of three."""
    units = hp.Int("dense_neurons", min_value=16, max_value=512, step=16)
    learning_rate = hp.Choice("learning_rate", values=LEARNING_RATES)
    return _classifier(units, learning_rate)


def best_model(hp_values):
    """Rebuild (untrained) the model from ``tuner.get_best_hyperparameters()[0].values``."""
    return _classifier(int(hp_values["dense_neurons"]), float(hp_values["learning_rate"]))


def mistake_best_model_ignores_values(hp_values):
    """The best values were not used: the model was rebuilt with the old 512 units
    (407,050 parameters instead of 279,850 for the seed's 352).

    fa: بهترین مقدارها به کار نرفته‌اند: مدل دوباره با همان ۵۱۲ واحد قبلی ساخته شده است (407,050 پارامتر به جای
    279,850 برای ۳۵۲ واحدِ گزارش).
    """
    # The learning rate is read: the checks give one that is no optimizer's default, and a rebuild that
    # drops only the units (as students do) must still be named as this mistake.
    return _classifier(512, float(hp_values["learning_rate"]))


def mistake_best_model_default_learning_rate(hp_values):
    """The tuned learning rate was not used: the optimizer was built with its default (Adam: 1e-3).

    fa: نرخ یادگیری تنظیم‌شده به کار نرفته است: بهینه‌ساز با نرخ پیش‌فرض خودش ساخته شده است (Adam: 1e-3).
    """
    return _classifier(int(hp_values["dense_neurons"]), 1e-3)


def mistake_build_hypermodel_fixed_units(hp):
    """The number of units is fixed (512) instead of hp.Int(16..512, step 16), so the tuner
    only searches the learning rate.

    fa: تعداد واحدها ثابت است (512) به جای hp.Int(16..512, step 16)، پس tuner فقط نرخ یادگیری را جست‌وجو می‌کند.
    """
    learning_rate = hp.Choice("learning_rate", values=LEARNING_RATES)
    return _classifier(512, learning_rate)


def mistake_build_hypermodel_step_32(hp):
    """The units range uses step 32; the assignment asks for 16..512 with step 16. From 16
    in steps of 32 (16, 48, ..., 336, 368, ...) the seed's best, 352, cannot be reached.

    fa: بازهٔ تعداد واحدها گام ۳۲ دارد؛ تمرین 16..512 با گام ۱۶ را خواسته است. از ۱۶ با گام ۳۲ (16, 48, ...,
    336, 368, ...) بهترین مقدار گزارش، ۳۵۲، هرگز به دست نمی‌آید.
    """
    units = hp.Int("dense_neurons", min_value=16, max_value=512, step=32)
    learning_rate = hp.Choice("learning_rate", values=LEARNING_RATES)
    return _classifier(units, learning_rate)
