# fair answer: TensorFlow ops returning tf tensors (COURSE.md accepts tensors for NumPy arrays); eps as a keyword.
import tensorflow as tf


def batch_norm(x, eps=0.0):
    x = tf.convert_to_tensor(x, dtype=tf.float64)
    mean, variance = tf.nn.moments(x, axes=[0], keepdims=True)
    return (x - mean) / tf.sqrt(variance + eps)


def layer_norm(x, eps=0.0):
    x = tf.cast(tf.convert_to_tensor(x), tf.float64)
    mean = tf.reduce_mean(x, axis=1, keepdims=True)
    variance = tf.math.reduce_variance(x, axis=1, keepdims=True)
    return tf.math.divide(tf.subtract(x, mean), tf.math.sqrt(variance + eps))
