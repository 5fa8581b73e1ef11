# fair-answer: functional head on base.output (the model starts at MobileNetV2's own input), tf.keras.applications path.
import tensorflow as tf


def build_transfer_model(weights=None):
    base = tf.keras.applications.MobileNetV2(input_shape=(32, 32, 3), include_top=False, weights=weights)
    x = tf.keras.layers.Flatten()(base.output)
    predictions = tf.keras.layers.Dense(10, activation="softmax")(x)
    return tf.keras.Model(inputs=base.input, outputs=predictions)
