"""Word vectors: real GloVe text / word2vec binary files through gensim, or a fixture.

The fixture is a Word2Vec model trained on gensim's bundled Lee news corpus with a
fixed seed, one worker and a deterministic hash function (gensim's default is
Python's `hash`, which is salted per process for strings, so seeding alone would not
make the initial vectors repeatable).
"""
from __future__ import annotations

import zlib
from pathlib import Path

from harness.data.paths import cache_dir

GLOVE_NAMES = ["glove.6B.100d.txt", "glove.6B.50d.txt", "glove.6B.200d.txt", "glove.6B.300d.txt"]
WORD2VEC_NAMES = ["GoogleNews-vectors-negative300.bin", "GoogleNews-vectors-negative300.bin.gz"]
FIXTURE_VERSION = 1


def stable_hash(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def read_glove(path: Path, limit: int | None = None):
    """GloVe's text format: one `word v1 v2 ...` per line, no header."""
    from gensim.models import KeyedVectors

    return KeyedVectors.load_word2vec_format(str(path), binary=False, no_header=True, limit=limit)


def read_word2vec(path: Path, limit: int | None = None):
    """word2vec's format: a "count dim" header line, then binary (`.bin`) or text rows."""
    from gensim.models import KeyedVectors

    binary = ".bin" in path.name
    return KeyedVectors.load_word2vec_format(str(path), binary=binary, limit=limit)


def gensim_test_file(name: str) -> Path:
    from gensim.test.utils import datapath

    return Path(datapath(name))


def lee_sentences() -> list[list[str]]:
    from gensim.utils import simple_preprocess

    text = gensim_test_file("lee_background.cor").read_text(encoding="utf-8")
    return [simple_preprocess(line) for line in text.splitlines() if line.strip()]


def train_fixture(seed: int):
    """Word2Vec (50 dims, skip-gram) on the Lee corpus; cached as KeyedVectors."""
    from gensim.models import KeyedVectors, Word2Vec

    path = cache_dir() / f"word_vectors-lee-v{FIXTURE_VERSION}-s{seed}.kv"
    if path.exists():
        return KeyedVectors.load(str(path))
    model = Word2Vec(lee_sentences(), vector_size=50, window=5, min_count=3, sg=1, epochs=30,
                     seed=seed, workers=1, hashfxn=stable_hash)
    tmp = path.with_suffix(".tmp")
    model.wv.save(str(tmp))
    tmp.replace(path)
    return model.wv


def glove_fixture():
    """gensim's bundled GloVe test file (76 words, 50 dims), read through the GloVe path."""
    return read_glove(gensim_test_file("test_glove.txt"))
