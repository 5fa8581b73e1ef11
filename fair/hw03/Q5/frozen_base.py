# fair-answer: the usual transfer-learning choice of freezing the pretrained base (base.trainable = False); COURSE.md fixes the layers and the 2,270,794 parameters, not which of them train.
import keras
from keras.applications import MobileNetV2


def build_transfer_model(weights=None):
    base = MobileNetV2(weights=weights, include_top=False, input_shape=(32, 32, 3))
    base.trainable = False
    inputs = keras.Input(shape=(32, 32, 3))
    x = base(inputs, training=False)
    x = keras.layers.Flatten()(x)
    outputs = keras.layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs)
