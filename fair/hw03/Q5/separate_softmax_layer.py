# fair-answer: Dense(10) followed by its own Activation("softmax") layer, custom layer names, input_tensor= passed to MobileNetV2.
import keras


def build_transfer_model(weights=None):
    image = keras.Input(shape=(32, 32, 3), name="cifar_image")
    backbone = keras.applications.MobileNetV2(include_top=False, weights=weights, input_tensor=image)
    flat = keras.layers.Flatten(name="flatten_features")(backbone.output)
    logits = keras.layers.Dense(10, name="class_logits")(flat)
    probs = keras.layers.Activation("softmax", name="class_probs")(logits)
    return keras.Model(image, probs, name="mobilenet_cifar10")
