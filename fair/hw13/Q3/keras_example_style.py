# fair answer: written like keras's babi_memnn example: Sequential encoders (Embedding + Dropout 0.3), layers.dot/add/concatenate helpers, Dense(vocab) then a separate softmax Activation; keras.utils.pad_sequences.
import numpy as np
import keras
from keras import layers
from keras.models import Sequential, Model
from keras.utils import pad_sequences


def vectorize_stories(data, word_idx, story_maxlen, query_maxlen):
    inputs, queries, answers = [], [], []
    for story, query, answer in data:
        inputs.append([word_idx[w] for w in story])
        queries.append([word_idx[w] for w in query])
        answers.append(word_idx[answer])
    return (pad_sequences(inputs, maxlen=story_maxlen),
            pad_sequences(queries, maxlen=query_maxlen),
            np.array(answers))


def best_epochs(history):
    h = history.history
    result = {}
    result["min_train_loss"] = float(np.min(h["loss"]))
    result["min_train_loss_epoch"] = int(np.argmin(h["loss"])) + 1
    result["min_val_loss"] = float(np.min(h["val_loss"]))
    result["min_val_loss_epoch"] = int(np.argmin(h["val_loss"])) + 1
    result["max_train_accuracy"] = float(np.max(h["accuracy"]))
    result["max_train_accuracy_epoch"] = int(np.argmax(h["accuracy"])) + 1
    result["max_val_accuracy"] = float(np.max(h["val_accuracy"]))
    result["max_val_accuracy_epoch"] = int(np.argmax(h["val_accuracy"])) + 1
    return result


def build_memory_network(vocab_size, story_maxlen, query_maxlen):
    input_sequence = layers.Input((story_maxlen,))
    question = layers.Input((query_maxlen,))

    input_encoder_m = Sequential()
    input_encoder_m.add(layers.Embedding(input_dim=vocab_size, output_dim=64))
    input_encoder_m.add(layers.Dropout(0.3))

    input_encoder_c = Sequential()
    input_encoder_c.add(layers.Embedding(input_dim=vocab_size, output_dim=query_maxlen))
    input_encoder_c.add(layers.Dropout(0.3))

    question_encoder = Sequential()
    question_encoder.add(layers.Embedding(input_dim=vocab_size, output_dim=64))
    question_encoder.add(layers.Dropout(0.3))

    input_encoded_m = input_encoder_m(input_sequence)
    input_encoded_c = input_encoder_c(input_sequence)
    question_encoded = question_encoder(question)

    match = layers.dot([input_encoded_m, question_encoded], axes=(2, 2))
    match = layers.Activation("softmax")(match)
    response = layers.add([match, input_encoded_c])
    response = layers.Permute((2, 1))(response)
    answer = layers.concatenate([response, question_encoded])
    answer = layers.LSTM(32)(answer)
    answer = layers.Dropout(0.3)(answer)
    answer = layers.Dense(vocab_size)(answer)
    answer = layers.Activation("softmax")(answer)

    model = Model([input_sequence, question], answer)
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
