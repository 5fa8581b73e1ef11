# fair answer: tensorflow.keras imports, stories vectorised with tf.keras.utils.pad_sequences into int32 arrays, best epochs by sorting epoch numbers (first best kept), memory network without compile (the check compiles it).
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers


def vectorize_stories(data, word_idx, story_maxlen, query_maxlen):
    stories = [[word_idx[token] for token in story] for story, _, _ in data]
    questions = [[word_idx[token] for token in query] for _, query, _ in data]
    answers = np.array([word_idx[answer] for _, _, answer in data], dtype=np.int32)
    stories = keras.utils.pad_sequences(stories, maxlen=story_maxlen, dtype="int32")
    questions = keras.utils.pad_sequences(questions, maxlen=query_maxlen, dtype="int32")
    return stories, questions, answers


def best_epochs(history):
    curves = history.history

    def best(values, smallest):
        epochs = range(1, len(values) + 1)
        ranked = sorted(zip(values, epochs), key=lambda p: (p[0] if smallest else -p[0], p[1]))
        return ranked[0]

    report = {}
    report["min_train_loss"], report["min_train_loss_epoch"] = best(curves["loss"], True)
    report["min_val_loss"], report["min_val_loss_epoch"] = best(curves["val_loss"], True)
    report["max_train_accuracy"], report["max_train_accuracy_epoch"] = best(curves["accuracy"], False)
    report["max_val_accuracy"], report["max_val_accuracy_epoch"] = best(curves["val_accuracy"], False)
    return report


def build_memory_network(vocab_size, story_maxlen, query_maxlen):
    s = keras.Input((story_maxlen,))
    q = keras.Input((query_maxlen,))
    emb_m = layers.Embedding(vocab_size, 64)
    emb_c = layers.Embedding(vocab_size, query_maxlen)
    emb_q = layers.Embedding(vocab_size, 64)
    m = layers.Dropout(0.25)(emb_m(s))
    c = layers.Dropout(0.25)(emb_c(s))
    u = layers.Dropout(0.25)(emb_q(q))
    weights = layers.Activation("softmax")(layers.Dot(axes=(2, 2))([m, u]))
    o = layers.Permute((2, 1))(layers.Add()([weights, c]))
    x = layers.Concatenate()([o, u])
    x = layers.Dropout(0.25)(layers.LSTM(32)(x))
    return keras.Model([s, q], layers.Dense(vocab_size, activation="softmax")(x))
