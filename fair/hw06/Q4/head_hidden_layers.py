# fair answer: one shared conv trunk, but each head has its own hidden Dense layer before its softmax output (classification / rotation).
import keras
from keras import layers

multitask_loss_weights = {"classification": 50.0, "rotation": 1.0}


def build_multitask_model():
    inputs = keras.Input((32, 32, 3))
    x = layers.Conv2D(32, 3, activation="relu")(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(64, 3, activation="relu")(x)
    x = layers.BatchNormalization()(x)
    x = layers.MaxPooling2D()(x)
    shared = layers.Flatten(name="shared_features")(x)

    c = layers.Dense(128, activation="relu", name="cls_hidden")(shared)
    c = layers.Dropout(0.3)(c)
    classification = layers.Dense(10, activation="softmax", name="classification")(c)

    r = layers.Dense(64, activation="relu", name="rot_hidden")(shared)
    rotation = layers.Dense(4, activation="softmax", name="rotation")(r)

    model = keras.Model(inputs=inputs, outputs=[classification, rotation])
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss=["categorical_crossentropy", "categorical_crossentropy"],
                  loss_weights=multitask_loss_weights,
                  metrics=[["accuracy"], ["accuracy"]])
    return model
