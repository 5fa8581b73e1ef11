# Freedom exercised: Sequential built with .add() and input_shape= on Flatten (old style), named layers, tf.nn.softmax as activation.
import tensorflow as tf
from keras.models import Sequential, Model
from keras.layers import Dense, Flatten, Activation, Input


def model_sequential(input_shape, num_classes):
    model = Sequential(name="mlp_seq")
    model.add(Flatten(input_shape=input_shape, name="flat"))
    model.add(Dense(128, name="hidden"))
    model.add(Activation("relu", name="relu"))
    model.add(Dense(num_classes, name="logits"))
    model.add(Activation(tf.nn.softmax, name="probs"))
    return model


def model_factory(input_shape, num_classes):
    image = Input(shape=input_shape, name="image")
    flat = Flatten(name="flat")(image)
    hidden = Activation("relu")(Dense(128, name="hidden")(flat))
    probs = Activation("softmax")(Dense(num_classes, name="logits")(hidden))
    return Model(inputs=image, outputs=probs, name="mlp_functional")


a = model_sequential((50, 50), 5)
b = model_factory((50, 50), 5)
print(a.count_params(), b.count_params(), a.count_params() == b.count_params())
