"""`load()`: a dataset's fixed subset, from the real files when present, else the fixture."""
from __future__ import annotations

import numpy as np

from harness.data import babi, subsets, word_vectors
from harness.data.paths import find_file
from harness.data.registry import SPECS, fixture_pool, split_seed
from harness.data.types import DataError, Dataset, Stories, SubsetMismatchError, WordVectors

DATASETS = (*SPECS, "word_vectors")
SIZES = ("cpu", "gpu")


def load(name: str, split: str = "train", *, size: str = "cpu", data_dir: str | None = None):
    """The fixed subset of `name`/`split` for a device size ("cpu" small, "gpu" larger).

    Array datasets return a `Dataset` (x, y as keras's `load_data` gives them);
    `babi_qa1` returns `Stories`; `word_vectors` returns `WordVectors`. Real files are
    looked up in `data_dir`, then $HARNESS_DATA, then keras's cache (~/.keras/datasets);
    when absent, a deterministic fixture is served and the note says so.
    """
    if name not in DATASETS:
        import difflib

        close = difflib.get_close_matches(name, DATASETS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise DataError(f"unknown dataset {name!r}{hint} (known: {', '.join(DATASETS)})")
    if size not in SIZES:
        raise DataError(f"size must be one of {SIZES}, not {size!r}")
    if name == "word_vectors":
        return _load_vectors(split, size, data_dir)
    result, _, _ = select(name, split, size, data_dir)
    return result


def select(name: str, split: str, size: str, data_dir=None, *, verify: bool = True):
    """(result, indices into the full split, sha256): what `load` serves, and how it was chosen.

    With `verify=False` the manifest's hash is not enforced (the `record` command).
    """
    n = subsets.subset_size(name, split, size)
    real = SPECS[name].read_real(split, data_dir)
    if real is not None:
        return _select(name, split, size, n, *real, "real", verify)
    try:
        return _select(name, split, size, n, fixture_pool(name, split), "", "fixture", verify)
    except SubsetMismatchError:
        # A stale cache from an older generator: rebuild it once before giving up.
        return _select(name, split, size, n, fixture_pool(name, split, fresh=True), "", "fixture", verify)


def _select(name, split, size, n, payload, where, source, verify):
    entry = subsets.recorded(name, source, split, size) if verify else None
    seed = split_seed(name, split)
    if name == "babi_qa1":
        stories = babi.split_stories(payload)
        idx = _indices(entry, None, len(stories), n // 5, seed)
        text = "".join(stories[i] for i in idx)
        sha = subsets.text_sha256(text)
    else:
        x, y = payload
        idx = _indices(entry, y, len(y), n, seed)
        x, y = x[idx], y[idx]
        sha = subsets.arrays_sha256(x, y)
    pinned = subsets.check(name, source, split, size, sha, where) if verify else False
    sid = subsets.subset_id(name, split, size, sha)
    note = _note(name, split, len(idx) * (5 if name == "babi_qa1" else 1), source, pinned)
    if name == "babi_qa1":
        data, supporting = babi.parse(text)
        return Stories(data, supporting, text, name, sid, source, note), idx, sha
    return Dataset(x, y, name, sid, source, note), idx, sha


def _indices(entry, labels, total, n, seed):
    """Recorded indices when the manifest pins them, else a seeded (stratified) choice."""
    if entry and "indices" in entry:
        return np.asarray(entry["indices"], dtype=np.int64)
    if labels is None:  # bAbI stories: no class to stratify on
        return np.sort(np.random.default_rng(seed).permutation(total)[:n])
    return subsets.stratified_indices(labels, n, seed)


def _note(name, split, count, source, pinned):
    if source == "fixture":
        return f"graded on fixture data: {SPECS[name].fixture_note} ({count} {split} samples)"
    note = f"graded on a fixed subset of the real {SPECS[name].title} ({count} {split} samples)"
    return note if pinned else note + "; this subset is not yet pinned in the manifest"


def _load_vectors(split, size, data_dir):
    if split not in ("train", "glove", "word2vec"):
        raise DataError(f"word_vectors splits are 'train', 'glove', 'word2vec', not {split!r}")
    limit = subsets.manifest("word_vectors")["limits"][size]
    glove = find_file(word_vectors.GLOVE_NAMES, data_dir) if split in ("train", "glove") else None
    w2v = find_file(word_vectors.WORD2VEC_NAMES, data_dir) if split in ("train", "word2vec") and not glove else None
    if glove or w2v:
        kv = word_vectors.read_glove(glove, limit) if glove else word_vectors.read_word2vec(w2v, limit)
        return _vectors_result(kv, split, size, "real", str(glove or w2v))
    kv = word_vectors.glove_fixture() if split == "glove" else word_vectors.train_fixture(subsets.manifest("word_vectors")["seed"])
    return _vectors_result(kv, split, size, "fixture", "")


def _vectors_result(kv, split, size, source, where):
    words = "\n".join(kv.index_to_key)
    sha = subsets.arrays_sha256(np.frombuffer(words.encode(), np.uint8), np.round(kv.vectors, 4))
    try:
        pinned = subsets.check("word_vectors", source, split, size, sha, where)
    except SubsetMismatchError:
        if source == "real":
            raise
        pinned = False  # float training may differ in the last bits across CPUs/BLAS builds
    sid = subsets.subset_id("word_vectors", split, size, sha)
    if source == "fixture":
        what = "gensim's GloVe test file" if split == "glove" else "Word2Vec trained on gensim's Lee corpus"
        note = f"graded on fixture data: word vectors from {what} ({len(kv.index_to_key)} words)"
    else:
        note = f"graded on real word vectors from {where} ({len(kv.index_to_key)} words)"
    return WordVectors(kv, "word_vectors", sid, source, note, {"pinned": pinned})
