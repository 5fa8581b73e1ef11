# Freedom exercised: one helper holds the layer list; functional model built by looping over it; keras.layers.ReLU / Softmax layer classes.
import keras


def _layers(num_classes):
    return [keras.layers.Flatten(),
            keras.layers.Dense(128),
            keras.layers.ReLU(),
            keras.layers.Dense(num_classes),
            keras.layers.Softmax()]


def model_sequential(input_shape, num_classes):
    return keras.Sequential([keras.Input(input_shape)] + _layers(num_classes))


def model_factory(input_shape, num_classes):
    inputs = keras.Input(shape=tuple(input_shape))
    x = inputs
    for layer in _layers(num_classes):
        x = layer(x)
    return keras.Model(inputs=inputs, outputs=x)
