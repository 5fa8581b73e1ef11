"""The fixed training and held-out data of a ``train`` check, built by trusted code.

Nothing here calls the student's code except a ``transform`` the rubric names (their own
label maker, such as a student's rotate_batch): the student's model is what is being graded,
so the data it trains on is the same for everyone.
"""
from __future__ import annotations

import os
from types import ModuleType

import numpy as np


def training_data(options: dict, namespace: dict):
    """((x, y), (x_test, y_test)) for the check: images or bAbI stories, scaled, labelled."""
    from harness.data import load

    size = os.environ.get("HARNESS_DATA_SIZE", "cpu")
    name = options["dataset"]
    train = load(name, options.get("train_split", "train"), size=size)
    test = load(name, options.get("test_split", "test"), size=size)
    if hasattr(train, "data"):  # bAbI stories, not arrays
        return story_arrays(train.data, test.data, options)
    x, y = train.x[: options.get("train_limit")], train.y[: options.get("train_limit")]
    x_test, y_test = test.x[: options.get("test_limit")], test.y[: options.get("test_limit")]
    seed = int(options.get("seed", 0))
    if options.get("transform"):
        from harness.worker.probes import resolve

        # A function of the namespace (the student's own for the student) makes the task's labels.
        transform = _transform(namespace, options["transform"], resolve)
        x, y = transform(x, seed)
        x_test, y_test = transform(x_test, seed + 1)
    if options.get("rotations"):
        return (_rotated(x, y, options, seed)), (_rotated(x_test, y_test, options, seed + 1))
    return (_scaled(x, options), _labels(y, options)), (_scaled(x_test, options), _labels(y_test, options))


def story_arrays(train: list, test: list, options: dict):
    """bAbI samples vectorised as keras's memory-network example does: ([story, query], answer).

    The word index counts from 1 over both splits (0 pads); stories and queries are padded
    in front to options story_maxlen / query_maxlen, so the model the check builds with
    those lengths (and vocab_size = words + 1) fits them.
    """
    train, test = train[: options.get("train_limit")], test[: options.get("test_limit")]
    words = sorted({w for story, query, answer in train + test for w in (*story, *query, answer)})
    index = {word: i + 1 for i, word in enumerate(words)}
    if options.get("vocab_size") is not None and len(index) + 1 > int(options["vocab_size"]):
        raise ValueError(f"the stories use {len(index)} words; options.vocab_size is {options['vocab_size']}")

    def arrays(samples):
        stories = _pad([[index[w] for w in story] for story, _, _ in samples], int(options["story_maxlen"]))
        queries = _pad([[index[w] for w in query] for _, query, _ in samples], int(options["query_maxlen"]))
        return [stories, queries], np.array([index[answer] for _, _, answer in samples], dtype="int32")

    return arrays(train), arrays(test)


def _pad(sequences, maxlen):
    """keras.utils.pad_sequences' defaults: zeros in front, the last maxlen tokens kept.

    The bAbI reference pads the same way; it is written again here because this runs in
    the worker, which cannot see reference/ (and must not depend on a course's answers).
    """
    out = np.zeros((len(sequences), maxlen), dtype="int32")
    for row, seq in enumerate(sequences):
        kept = list(seq)[-maxlen:]
        if kept:
            out[row, maxlen - len(kept):] = kept
    return out


def _rotated(x, y, options, seed):
    """Each image turned by k quarter turns, k drawn (seeded) with options.rotations.weights.

    The labels are k one-hot for a one-output model; with options.outputs (output name ->
    "label" | "rotation") they are a dict, one entry per head, for a multi-output model.
    """
    weights = np.asarray(options["rotations"].get("weights", [1, 1, 1, 1]), dtype=float)
    k = np.random.default_rng(seed).choice(4, size=len(x), p=weights / weights.sum())
    turned = np.stack([np.rot90(image, turns, axes=(0, 1)) for image, turns in zip(np.asarray(x), k)])
    rotation = np.eye(4, dtype="float32")[k]
    outputs = options.get("outputs")
    if not outputs:
        return _scaled(turned, options), rotation
    by_kind = {"rotation": rotation, "label": _labels(y, options)}
    unknown = sorted(set(outputs.values()) - set(by_kind))
    if unknown:
        raise ValueError(f"options.outputs: unknown kind(s) {unknown}; use 'label' or 'rotation'")
    return _scaled(turned, options), {name: by_kind[kind] for name, kind in outputs.items()}


def _transform(namespace: dict, name: str, resolve):
    """The student's own function; for a reference, whose namespace holds its question modules
    ("q3": module), the function of that name in one of them."""
    if name not in namespace and namespace and all(isinstance(v, ModuleType) for v in namespace.values()):
        for module in namespace.values():
            if hasattr(module, name):
                return getattr(module, name)
    return resolve(namespace, name)


def _scaled(x, options):
    scale = options.get("x_scale", 255.0)
    return np.asarray(x, dtype="float32") / scale if scale else np.asarray(x)


def _labels(y, options):
    y = np.asarray(y)
    wanted = options.get("labels", "sparse")
    if wanted == "onehot" and (y.ndim == 1 or y.shape[-1] == 1):
        return np.eye(int(options["num_classes"]), dtype="float32")[y.reshape(-1).astype(int)]
    if wanted == "sparse" and y.ndim == 2 and y.shape[1] > 1:
        return y.argmax(axis=1)
    return y
