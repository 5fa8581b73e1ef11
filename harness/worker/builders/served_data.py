"""Datasets and training artefacts as arguments: the fixed subsets, a Keras History (hyper-parameters:
hypermodel_values.py)."""
from __future__ import annotations

import os


def dataset(name: str, split: str = "train", part: str = "xy", limit: int | None = None):
    """The worker's fixed subset (the size follows the device); part is 'x', 'y' or 'xy'."""
    from harness.data import load

    size = os.environ.get("HARNESS_DATA_SIZE", "cpu")
    data = load(name, split, size=size)
    x, y = data.x[:limit], data.y[:limit]
    return {"x": x, "y": y, "xy": (x, y)}[part]


def stories(split: str = "train", limit: int | None = None):
    """bAbI task 1 as keras's example parses it: a list of (story tokens, question tokens, answer)."""
    from harness.data import load

    return load("babi_qa1", split, size=os.environ.get("HARNESS_DATA_SIZE", "cpu")).data[:limit]


def word_vectors(split: str = "train"):
    from harness.data import load

    return load("word_vectors", split).kv


def keras_history(history: dict, epochs: int | None = None):
    """A keras.callbacks.History as Model.fit returns it, from per-epoch metric lists."""
    import keras

    record = keras.callbacks.History()
    record.history = {key: list(values) for key, values in history.items()}
    record.epoch = list(range(epochs if epochs is not None else len(next(iter(history.values()), []))))
    return record


def babi_vocabulary(limit: int | None = None) -> dict:
    """word -> index from 1 (0 pads), over the train and test stories, sorted as keras's example does."""
    words = set()
    for split in ("train", "test"):
        for story, query, answer in stories(split, limit):
            words.update(story, query, [answer])
    return {word: i + 1 for i, word in enumerate(sorted(words))}


BUILDERS = {"babi_vocabulary": babi_vocabulary, "dataset": dataset, "stories": stories, "word_vectors": word_vectors,
            "keras_history": keras_history}
