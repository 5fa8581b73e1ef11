# Freedom exercised: returning a TensorFlow tensor (tf.argmax) instead of a NumPy array.
import tensorflow as tf


def predict_labels(model, x):
    return tf.argmax(model.predict(x, verbose=0), axis=-1)
