# fair answer: padding written by hand with loops, best epochs with min()/list.index(), memory network with Dropout(0.5) (COURSE.md leaves the rate open), compiled with adam.
import numpy as np
import tensorflow as tf


def _pad_front(seqs, maxlen):
    out = []
    for s in seqs:
        s = s[-maxlen:]
        out.append([0] * (maxlen - len(s)) + s)
    return np.array(out)


def vectorize_stories(data, word_idx, story_maxlen, query_maxlen):
    xs = _pad_front([[word_idx[w] for w in story] for story, _, _ in data], story_maxlen)
    xqs = _pad_front([[word_idx[w] for w in q] for _, q, _ in data], query_maxlen)
    ys = np.array([word_idx[a] for _, _, a in data])
    return xs, xqs, ys


def best_epochs(history):
    loss, val_loss = list(history.history["loss"]), list(history.history["val_loss"])
    acc, val_acc = list(history.history["accuracy"]), list(history.history["val_accuracy"])
    return {
        "min_train_loss": min(loss), "min_train_loss_epoch": loss.index(min(loss)) + 1,
        "min_val_loss": min(val_loss), "min_val_loss_epoch": val_loss.index(min(val_loss)) + 1,
        "max_train_accuracy": max(acc), "max_train_accuracy_epoch": acc.index(max(acc)) + 1,
        "max_val_accuracy": max(val_acc), "max_val_accuracy_epoch": val_acc.index(max(val_acc)) + 1,
    }


def build_memory_network(vocab_size, story_maxlen, query_maxlen):
    L = tf.keras.layers
    story_in = L.Input(shape=(story_maxlen,), name="story")
    question_in = L.Input(shape=(query_maxlen,), name="question")
    m = L.Dropout(0.5)(L.Embedding(vocab_size, 64, name="memory_m")(story_in))
    c = L.Dropout(0.5)(L.Embedding(vocab_size, query_maxlen, name="memory_c")(story_in))
    u = L.Dropout(0.5)(L.Embedding(vocab_size, 64, name="question_u")(question_in))
    p = L.Dot(axes=(2, 2))([m, u])
    p = L.Softmax()(p)
    o = L.Add()([p, c])
    o = L.Permute((2, 1))(o)
    h = L.Concatenate(axis=-1)([o, u])
    h = L.LSTM(32)(h)
    h = L.Dropout(0.5)(h)
    out = L.Dense(vocab_size, activation="softmax")(h)
    model = tf.keras.Model(inputs=[story_in, question_in], outputs=out)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
