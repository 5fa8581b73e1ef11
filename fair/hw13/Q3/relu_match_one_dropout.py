# fair answer: ReLU match (COURSE.md: "softmax/ReLU match"), a single Dropout after the LSTM only, old keras.preprocessing pad_sequences with explicit padding='pre', history keys 'acc' or 'accuracy'.
import numpy as np
import keras
from keras.preprocessing.sequence import pad_sequences


def vectorize_stories(data, word_idx, story_maxlen, query_maxlen):
    X = [[word_idx[w] for w in s] for s, q, a in data]
    Xq = [[word_idx[w] for w in q] for s, q, a in data]
    Y = [word_idx[a] for s, q, a in data]
    return (pad_sequences(X, maxlen=story_maxlen, padding="pre", truncating="pre"),
            pad_sequences(Xq, maxlen=query_maxlen, padding="pre", truncating="pre"),
            np.asarray(Y, dtype="int64"))


def best_epochs(history):
    h = history.history
    acc_key = "acc" if "acc" in h else "accuracy"
    out = {}
    for name, key, pick in (("min_train_loss", "loss", np.argmin), ("min_val_loss", "val_loss", np.argmin),
                            ("max_train_accuracy", acc_key, np.argmax),
                            ("max_val_accuracy", "val_" + acc_key, np.argmax)):
        i = int(pick(h[key]))
        out[name] = h[key][i]
        out[name + "_epoch"] = i + 1
    return out


def build_memory_network(vocab_size, story_maxlen, query_maxlen):
    story = keras.Input(shape=(story_maxlen,))
    query = keras.Input(shape=(query_maxlen,))
    mem_a = keras.layers.Embedding(vocab_size, 64)(story)
    mem_c = keras.layers.Embedding(vocab_size, query_maxlen)(story)
    q_emb = keras.layers.Embedding(vocab_size, 64)(query)
    match = keras.layers.Dot(axes=[2, 2])([mem_a, q_emb])
    match = keras.layers.Activation("relu")(match)
    resp = keras.layers.Add()([match, mem_c])
    resp = keras.layers.Permute((2, 1))(resp)
    ans = keras.layers.Concatenate()([resp, q_emb])
    ans = keras.layers.LSTM(32)(ans)
    ans = keras.layers.Dropout(0.2)(ans)
    ans = keras.layers.Dense(vocab_size, activation="softmax")(ans)
    model = keras.Model([story, query], ans)
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
