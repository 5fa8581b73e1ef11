# Freedom exercised: a tf.data pipeline (scaling and tf.one_hot inside map, shuffle, batch(64)) instead of arrays passed to fit.
import tensorflow as tf

sgd_optimizer = tf.keras.optimizers.SGD(0.01)


def model_factory(input_shape, num_classes):
    x_in = tf.keras.Input(input_shape)
    h = tf.keras.layers.Flatten()(x_in)
    h = tf.keras.layers.Dense(128)(h)
    h = tf.keras.layers.ReLU()(h)
    h = tf.keras.layers.Dense(num_classes)(h)
    return tf.keras.Model(x_in, tf.keras.layers.Softmax()(h))


def _prepare(image, label):
    image = tf.cast(image, tf.float32) / 255.0
    label = tf.one_hot(tf.cast(label, tf.int32), 10)
    return image, label


def train_mnist(x, y, epochs=5):
    ds = tf.data.Dataset.from_tensor_slices((x, y)).map(_prepare)
    ds = ds.shuffle(1024, seed=0).batch(64)
    model = model_factory((28, 28), 10)
    model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.01),
                  loss=tf.keras.losses.categorical_crossentropy, metrics=["accuracy"])
    model.fit(ds, epochs=epochs, verbose=0)
    return model
