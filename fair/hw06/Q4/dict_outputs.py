# fair answer: the model outputs given as a dict keyed classification/rotation (layers named the same); a helper conv_block function (allowed: it only builds the trunk); sparse losses.
import keras
from keras import layers

multitask_loss_weights = {"rotation": 1.0, "classification": 20.0}


def conv_block(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    return layers.MaxPooling2D()(x)


def build_multitask_model():
    image = keras.Input(shape=(32, 32, 3))
    x = conv_block(image, 32)
    x = conv_block(x, 64)
    x = layers.Flatten()(x)
    x = layers.Dropout(0.4)(x)
    outputs = {
        "classification": layers.Dense(10, activation="softmax", name="classification")(x),
        "rotation": layers.Dense(4, activation="softmax", name="rotation")(x),
    }
    model = keras.Model(image, outputs)
    model.compile(optimizer="adam",
                  loss={"classification": "sparse_categorical_crossentropy",
                        "rotation": "sparse_categorical_crossentropy"},
                  loss_weights=multitask_loss_weights,
                  metrics={"classification": ["accuracy"], "rotation": ["accuracy"]})
    return model
