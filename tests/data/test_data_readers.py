"""Does each real loader read the dataset's published format, served through load()?"""
import gzip
import io
import pickle
import struct
import tarfile

import numpy as np
import pytest

from harness.data import load, readers
from harness.data.types import DataError

RNG = np.random.default_rng(0)


def _labels(n, k):
    return (np.arange(n) % k).astype(np.uint8)


def test_mnist_npz_in_keras_layout(tmp_path):
    x = RNG.integers(0, 256, (40, 28, 28), dtype=np.uint8)
    np.savez(tmp_path / "mnist.npz", x_train=x, y_train=_labels(40, 10), x_test=x[:20], y_test=_labels(20, 10))
    got = load("mnist", "train", data_dir=str(tmp_path))
    assert got.source == "real" and got.x.shape == (40, 28, 28) and got.x.dtype == np.uint8
    assert got.subset_id.startswith("mnist/train/cpu-v1/")
    assert "real MNIST" in got.note and "not yet pinned" in got.note


def _idx(path, array):
    header = struct.pack(">HBB", 0, 8, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    with gzip.open(path, "wb") as handle:
        handle.write(header + array.tobytes())


def test_fashion_gz_idx_files(tmp_path):
    folder = tmp_path / "fashion-mnist"
    folder.mkdir()
    for prefix, n in (("train", 30), ("t10k", 10)):
        _idx(folder / f"{prefix}-images-idx3-ubyte.gz", RNG.integers(0, 256, (n, 28, 28), dtype=np.uint8))
        _idx(folder / f"{prefix}-labels-idx1-ubyte.gz", _labels(n, 10))
    got = load("fashion_mnist", "test", data_dir=str(tmp_path))
    assert got.x.shape == (10, 28, 28) and got.y.tolist() == list(range(10))


def test_cifar_batches_channels_last(tmp_path):
    folder = tmp_path / "cifar-10-batches-py"
    folder.mkdir()
    data = RNG.integers(0, 256, (20, 3072), dtype=np.uint8)
    batch = {b"batch_label": b"testing batch 1 of 1", b"labels": list(range(10)) * 2, b"data": data}
    (folder / "test_batch").write_bytes(pickle.dumps(batch, protocol=2))
    got = load("cifar10", "test", data_dir=str(tmp_path))
    assert got.x.shape == (20, 32, 32, 3) and got.y.shape == (20, 1) and got.y.dtype == np.uint8
    # channels-last: the red plane of image 0 is its first 1024 bytes
    chosen = int(np.flatnonzero((data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1) == got.x[0]).all((1, 2, 3)))[0])
    assert np.array_equal(got.x[0, :, :, 0].ravel(), data[chosen, :1024])


def test_cifar_unpickler_refuses_code(tmp_path):
    class Evil:
        def __reduce__(self):
            return (print, ("pwned",))

    path = tmp_path / "test_batch"
    path.write_bytes(pickle.dumps({b"data": Evil(), b"labels": []}))
    with pytest.raises(pickle.UnpicklingError):
        readers.read_cifar_batch(path)


def test_fer2013_csv_rows(tmp_path):
    rows = ["emotion,pixels,Usage"]
    for i, usage in enumerate(["Training"] * 7 + ["PublicTest"] * 2 + ["PrivateTest"] * 3):
        rows.append(f"{i % 7},{' '.join(str(v) for v in RNG.integers(0, 256, 2304))},{usage}")
    (tmp_path / "fer2013.csv").write_text("\n".join(rows) + "\n")
    train = load("fer2013", "train", data_dir=str(tmp_path))
    assert train.x.shape == (7, 48, 48, 1) and sorted(train.y.tolist()) == list(range(7))
    assert len(load("fer2013", "test", data_dir=str(tmp_path))) == 3


BABI = """1 Mary moved to the bathroom.
2 John went to the hallway.
3 Where is Mary? \tbathroom\t1
4 Daniel went back to the hallway.
5 Sandra moved to the garden.
6 Where is Daniel? \thallway\t4
1 John went to the kitchen.
2 Mary travelled to the office.
3 Where is John? \tkitchen\t1
"""


@pytest.mark.parametrize("packed", [False, True])
def test_babi_text_and_tar(tmp_path, packed):
    member = "tasks_1-20_v1-2/en/qa1_single-supporting-fact_test.txt"
    if packed:
        with tarfile.open(tmp_path / "babi-tasks-v1-2.tar.gz", "w:gz") as tar:
            info = tarfile.TarInfo(member)
            info.size = len(BABI.encode())
            tar.addfile(info, io.BytesIO(BABI.encode()))
    else:
        (tmp_path / member).parent.mkdir(parents=True)
        (tmp_path / member).write_text(BABI)
    got = load("babi_qa1", "test", data_dir=str(tmp_path))
    assert got.source == "real" and len(got) == 3
    story, question, answer = got.data[1]
    assert question == ["Where", "is", "Daniel", "?"] and answer == "hallway"
    assert story[:5] == ["Mary", "moved", "to", "the", "bathroom"] and got.supporting[1] == (4,)


def test_glove_text_and_word2vec_binary(tmp_path):
    words = ["king", "queen", "man", "woman"]
    vecs = RNG.normal(size=(4, 5)).astype(np.float32)
    (tmp_path / "glove.6B.50d.txt").write_text(
        "".join(f"{w} {' '.join(f'{v:.6f}' for v in row)}\n" for w, row in zip(words, vecs)))
    glove = load("word_vectors", "glove", data_dir=str(tmp_path))
    assert glove.source == "real" and np.allclose(glove.kv["queen"], vecs[1], atol=1e-5)
    binary = b"4 5\n" + b"".join(w.encode() + b" " + row.tobytes() + b"\n" for w, row in zip(words, vecs))
    (tmp_path / "GoogleNews-vectors-negative300.bin").write_bytes(binary)
    w2v = load("word_vectors", "word2vec", data_dir=str(tmp_path))
    assert w2v.kv.index_to_key == words and np.array_equal(w2v.kv["man"], vecs[2])


def test_unknown_dataset_suggests_a_name():
    with pytest.raises(DataError, match="did you mean 'cifar10'"):
        load("cifar_10")
