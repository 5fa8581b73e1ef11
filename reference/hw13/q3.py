"""hw13 Q3: an end-to-end memory network answering bAbI task 1 questions.

Each sample is (story, query, answer): the story and the query are lists of
tokens, the answer one word. Word indices start at 1; 0 is padding.
"""
import numpy as np


def _pad(sequences, maxlen):
    """keras.utils.pad_sequences' defaults: zeros in front, keep the last maxlen tokens."""
    out = np.zeros((len(sequences), maxlen), dtype="int32")
    for row, seq in enumerate(sequences):
        kept = list(seq)[-maxlen:]
        if kept:
            out[row, maxlen - len(kept):] = kept
    return out


def vectorize_stories(data, word_idx, story_maxlen, query_maxlen):
    """Turn (story, query, answer) samples into (inputs, queries, answers) arrays.

    inputs (N, story_maxlen) and queries (N, query_maxlen) are word indices,
    zero-padded in front (the last words of a story matter most); answers (N,)
    are the answer words' indices, for sparse categorical cross-entropy.
    """
    inputs = _pad([[word_idx[w] for w in story] for story, _, _ in data], story_maxlen)
    queries = _pad([[word_idx[w] for w in query] for _, query, _ in data], query_maxlen)
    answers = np.array([word_idx[answer] for _, _, answer in data], dtype="int32")
    return inputs, queries, answers


def best_epochs(history):
    """Best value of each curve in a Keras History and the (1-based) epoch it happened at.

    Keras prints "Epoch 1/20" for the first epoch, so index i of a curve is epoch i + 1.
    """
    curves = getattr(history, "history", history)

    def pick(key, best):
        values = np.asarray(curves[key], dtype=float)
        i = int(best(values))
        return float(values[i]), i + 1

    accuracy = "accuracy" if "accuracy" in curves else "acc"
    report = {}
    for name, key, best in [("min_train_loss", "loss", np.argmin),
                            ("min_val_loss", "val_loss", np.argmin),
                            ("max_train_accuracy", accuracy, np.argmax),
                            ("max_val_accuracy", "val_" + accuracy, np.argmax)]:
        report[name], report[name + "_epoch"] = pick(key, best)
    return report


def build_memory_network(vocab_size, story_maxlen, query_maxlen):
    """Memory network of the Keras bAbI example (Sukhbaatar et al. 2015, plus an LSTM reader)."""
    import keras
    from keras import layers

    story = keras.Input((story_maxlen,))
    question = keras.Input((query_maxlen,))
    # Three embeddings: the story as memory keys (m), the story as memory
    # values (c, one column per query word) and the question (u).
    memory = layers.Dropout(0.3)(layers.Embedding(vocab_size, 64)(story))
    values = layers.Dropout(0.3)(layers.Embedding(vocab_size, query_maxlen)(story))
    query = layers.Dropout(0.3)(layers.Embedding(vocab_size, 64)(question))
    # match[s, q] = how well story word s matches question word q.
    match = layers.Activation("softmax")(layers.Dot(axes=(2, 2))([memory, query]))
    response = layers.Permute((2, 1))(layers.Add()([match, values]))  # (query_maxlen, story_maxlen)
    answer = layers.Concatenate()([response, query])
    answer = layers.Dropout(0.3)(layers.LSTM(32)(answer))
    answer = layers.Dense(vocab_size, activation="softmax")(answer)
    model = keras.Model([story, question], answer)
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


# --- known mistakes -------------------------------------------------------

def mistake_best_epochs_zero_based(history):
    """Epochs are 0-based list indices; Keras counts epochs from 1 ("Epoch 1/20"), so every epoch is one too small.

    fa: دوره‌ها اندیس فهرست از ۰ هستند؛ Keras دوره‌ها را از ۱ می‌شمارد ("Epoch 1/20")، پس هر دوره یکی کمتر گزارش
    شده است.
    """
    report = best_epochs(history)
    return {k: v - 1 if k.endswith("_epoch") else v for k, v in report.items()}


def mistake_best_epochs_max_loss(history):
    """The maximum of the loss curves is reported instead of the minimum (the template's comment says "maximum value of loss"): the best loss is the smallest.

    fa: بیشینهٔ منحنی‌های loss گزارش شده نه کمینهٔ آن‌ها (توضیح قالب می‌گوید "maximum value of loss"): بهترین
    loss کوچک‌ترین آن است.
    """
    curves = getattr(history, "history", history)
    report = best_epochs(history)
    for name, key in [("min_train_loss", "loss"), ("min_val_loss", "val_loss")]:
        values = np.asarray(curves[key], dtype=float)
        report[name], report[name + "_epoch"] = float(values.max()), int(values.argmax()) + 1
    return report


def mistake_best_epochs_last_epoch(history):
    """The last epoch's values are reported, not the best ones: training curves are not monotone (the seed's best val loss was at epoch 2).

    fa: مقدارهای دورهٔ آخر گزارش شده‌اند، نه بهترین‌ها: منحنی‌های آموزش یکنوا نیستند (در گزارش بهترین val loss
    در دورهٔ ۲ بود).
    """
    curves = getattr(history, "history", history)
    accuracy = "accuracy" if "accuracy" in curves else "acc"
    last = len(curves["loss"])
    report = {}
    for name, key in [("min_train_loss", "loss"), ("min_val_loss", "val_loss"),
                      ("max_train_accuracy", accuracy), ("max_val_accuracy", "val_" + accuracy)]:
        report[name], report[name + "_epoch"] = float(curves[key][-1]), last
    return report


def mistake_vectorize_stories_post_padding(data, word_idx, story_maxlen, query_maxlen):
    """Stories are padded at the end (padding="post"): the reference pads in front, as pad_sequences does by default, so the last sentences stay next to the question.

    fa: داستان‌ها از انتها پر شده‌اند (padding="post")؛ مرجع مانند پیش‌فرض pad_sequences از ابتدا پر می‌کند تا
    جمله‌های آخر کنار سؤال بمانند.
    """
    inputs, queries, answers = vectorize_stories(data, word_idx, story_maxlen, query_maxlen)
    return _to_post(inputs), _to_post(queries), answers


def _to_post(padded):
    out = np.zeros_like(padded)
    for row, seq in enumerate(padded):
        kept = seq[seq != 0]
        out[row, :len(kept)] = kept
    return out


def mistake_vectorize_stories_one_hot_answers(data, word_idx, story_maxlen, query_maxlen):
    """Answers are one-hot rows of length vocab_size; the contract (and sparse_categorical_crossentropy) wants the answer's word index.

    fa: پاسخ‌ها سطرهای one-hot به طول vocab_size هستند؛ قرارداد (و sparse_categorical_crossentropy) شمارهٔ واژهٔ
    پاسخ را می‌خواهد.
    """
    inputs, queries, answers = vectorize_stories(data, word_idx, story_maxlen, query_maxlen)
    one_hot = np.zeros((len(answers), len(word_idx) + 1), dtype="float32")
    one_hot[np.arange(len(answers)), answers] = 1
    return inputs, queries, one_hot
