# Freedom exercised: returning a TensorFlow tensor (tf.one_hot) instead of a NumPy array.
import tensorflow as tf


def one_hot(labels, num_classes):
    flat = tf.reshape(tf.cast(labels, tf.int32), [-1])
    return tf.one_hot(flat, depth=num_classes)
