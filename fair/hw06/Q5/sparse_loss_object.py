# fair answer: integer labels (load_data's own) with a SparseCategoricalCrossentropy loss object; defaults given for each hyper-parameter; Nadam.
import keras
from keras import layers


def build_hypermodel(hp):
    model = keras.Sequential([keras.Input((32, 32, 3))])
    blocks = hp.Int("conv_blocks", min_value=1, max_value=3, default=2)
    p = hp.Choice("dropout", [0.3, 0.4, 0.5], default=0.4)
    for b in range(blocks):
        model.add(layers.Conv2D(16 * 2 ** b, 3, padding="same"))
        model.add(layers.BatchNormalization())
        model.add(layers.ReLU())
        model.add(layers.Conv2D(16 * 2 ** b, 3, padding="same", activation="relu"))
        model.add(layers.MaxPooling2D())
        model.add(layers.Dropout(p))
    model.add(layers.GlobalAveragePooling2D())
    model.add(layers.Dense(hp.Int("hidden", min_value=128, max_value=512, step=128, default=256), activation="relu"))
    model.add(layers.Dropout(p))
    model.add(layers.Dense(10, activation="softmax"))
    model.compile(
        optimizer=keras.optimizers.Nadam(hp.Float("lr", min_value=1e-4, max_value=1e-2, sampling="log", default=1e-3)),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=["accuracy"],
    )
    return model
