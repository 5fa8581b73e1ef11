# fair answer: the shared trunk is a Sequential sub-model called once; heads are Dense layers named classification/rotation; integer loss weights 10:1.
import keras
from keras import layers

multitask_loss_weights = {"classification": 10, "rotation": 1}


def build_multitask_model():
    trunk = keras.Sequential([
        layers.Conv2D(32, 3, activation="relu", padding="same"),
        layers.MaxPooling2D(),
        layers.Conv2D(64, 3, activation="relu", padding="same"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
    ], name="trunk")
    img = keras.Input(shape=(32, 32, 3))
    feats = trunk(img)
    cls = layers.Dense(10, activation="softmax", name="classification")(feats)
    rot = layers.Dense(4, activation="softmax", name="rotation")(feats)
    model = keras.Model(img, [cls, rot])
    model.compile(optimizer="adam",
                  loss={"classification": "categorical_crossentropy", "rotation": "categorical_crossentropy"},
                  loss_weights=multitask_loss_weights,
                  metrics={"classification": "accuracy", "rotation": "accuracy"})
    return model
