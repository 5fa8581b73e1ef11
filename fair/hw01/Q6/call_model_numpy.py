# Freedom exercised: calling the model directly (model(x, training=False)) and converting the tensor with .numpy().
import numpy as np
import tensorflow as tf


def predict_labels(model, x):
    out = model(tf.convert_to_tensor(x, dtype=tf.float32), training=False)
    return out.numpy().argmax(axis=-1)
