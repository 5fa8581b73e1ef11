# fair answer: a builder that delegates to helper functions (one per block kind) and uses tf.keras, logits + from_logits loss, SGD with momentum.
import tensorflow as tf


def conv_block(x, filters, rate):
    x = tf.keras.layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    x = tf.keras.layers.MaxPooling2D(2)(x)
    return tf.keras.layers.Dropout(rate)(x)


def build_hypermodel(hp):
    rate = hp.Choice("dropout", [0.3, 0.4, 0.5])
    inp = tf.keras.Input((32, 32, 3))
    x = inp
    for i in range(hp.Int("num_cnn_block", 1, 3)):
        x = conv_block(x, 32 * (2 ** i), rate)
    x = tf.keras.layers.Flatten()(x)
    x = tf.keras.layers.Dense(hp.Int("num_dense_units", 128, 512, step=128), activation="relu")(x)
    logits = tf.keras.layers.Dense(10)(x)
    model = tf.keras.Model(inp, logits)
    model.compile(optimizer=tf.keras.optimizers.SGD(hp.Float("lr", 1e-4, 1e-2, sampling="log"), momentum=0.9),
                  loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    return model
