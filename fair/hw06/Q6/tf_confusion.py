# fair answer: tf.math.confusion_matrix and TensorFlow ops, values returned as tf tensors (allowed for arrays).
import tensorflow as tf


def classification_metrics(y_true, y_pred):
    cm = tf.math.confusion_matrix(y_true, y_pred)
    cm_f = tf.cast(cm, tf.float64)
    tp = tf.linalg.diag_part(cm_f)
    precision = tf.math.divide_no_nan(tp, tf.reduce_sum(cm_f, axis=0))
    recall = tf.math.divide_no_nan(tp, tf.reduce_sum(cm_f, axis=1))
    f1 = tf.math.divide_no_nan(2 * precision * recall, precision + recall)
    return {"confusion_matrix": cm, "precision": precision, "recall": recall, "f1": f1}
