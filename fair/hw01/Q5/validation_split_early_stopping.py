# Freedom exercised: validation_split=0.1 with an EarlyStopping callback, nesterov/momentum spelled out, one-hot built by hand with np.eye.
import numpy as np
import tensorflow as tf

sgd_optimizer = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.0, nesterov=False)


def model_factory(input_shape, num_classes):
    i = tf.keras.layers.Input(shape=input_shape)
    f = tf.keras.layers.Flatten()(i)
    d = tf.keras.layers.Dense(128, activation=tf.nn.relu)(f)
    o = tf.keras.layers.Dense(num_classes, activation=tf.nn.softmax)(d)
    return tf.keras.Model(inputs=i, outputs=o)


def train_mnist(x, y, epochs=5):
    x = np.asarray(x) / 255.0
    y = np.eye(10)[np.asarray(y).reshape(-1)]
    model = model_factory((28, 28), 10)
    model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.01),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    stop = tf.keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    model.fit(x, y, batch_size=64, epochs=epochs, validation_split=0.1, callbacks=[stop], verbose=0)
    return model
