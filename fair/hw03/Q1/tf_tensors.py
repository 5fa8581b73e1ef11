# fair-answer: TensorFlow ops and tf tensors as return values (tf.clip_by_value, tf.clip_by_norm, GradientTape on raw tf.Variables).
import tensorflow as tf


def clip_by_value(g, lo, hi):
    return tf.clip_by_value(tf.constant(g, dtype=tf.float32), lo, hi)


def clip_by_norm(g, max_norm):
    # tf.clip_by_norm uses the L2 norm of the whole tensor
    return tf.clip_by_norm(tf.constant(g, dtype=tf.float64), max_norm)


def l1_loss(X, y, w, lam):
    X = tf.constant(X, tf.float64)
    y = tf.reshape(tf.constant(y, tf.float64), [-1, 1])
    w = tf.reshape(tf.constant(w, tf.float64), [-1, 1])
    residual = y - tf.matmul(X, w)
    return tf.reduce_sum(tf.square(residual)) + lam * tf.reduce_sum(tf.abs(w))


def l2_loss(X, y, w, lam):
    X = tf.constant(X, tf.float64)
    y = tf.reshape(tf.constant(y, tf.float64), [-1, 1])
    w = tf.reshape(tf.constant(w, tf.float64), [-1, 1])
    residual = y - tf.matmul(X, w)
    return tf.reduce_sum(tf.square(residual)) + lam * tf.reduce_sum(tf.square(w))


def dense_gradients_with_constant_init(x, units, value):
    x = tf.constant(x, tf.float32)
    n_in = x.shape[1]
    W1 = tf.Variable(tf.fill([n_in, units], float(value)))
    b1 = tf.Variable(tf.zeros([units]))
    W2 = tf.Variable(tf.fill([units, 1], float(value)))
    b2 = tf.Variable(tf.zeros([1]))
    target = tf.ones([x.shape[0], 1])
    with tf.GradientTape() as tape:
        hidden = tf.nn.relu(x @ W1 + b1)
        out = hidden @ W2 + b2
        loss = tf.reduce_mean((out - target) ** 2)
    dW1 = tape.gradient(loss, W1)
    return dW1


print(clip_by_value([-3.0, 0.2, 5.0], -1, 2))
print(clip_by_norm([3.0, -4.0, 12.0], 1.3))
