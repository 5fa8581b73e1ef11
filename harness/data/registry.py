"""The course's datasets: where each one's real files live, and its offline fixture."""
from __future__ import annotations

import tarfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np

from harness.data import babi, images, readers
from harness.data.paths import cache_dir, find_file
from harness.data.subsets import manifest, stratified_indices
from harness.data.types import DataError


@dataclass(frozen=True)
class Spec:
    """One dataset: where its real files may be, how to read them, and its fixture."""

    name: str
    title: str
    real_names: tuple  # paths relative to a data dir, first found wins
    reader: Callable  # (path, split) -> payload
    make_fixture: Callable  # (split, seed) -> payload
    fixture_note: str

    def real_path(self, data_dir=None) -> Path | None:
        return find_file(list(self.real_names), data_dir)

    def read_real(self, split: str, data_dir=None):
        """(payload, where) from the real files, or None when they are absent."""
        path = self.real_path(data_dir)
        return None if path is None else (self.reader(path, split), str(path))


def split_seed(name: str, split: str) -> int:
    """The manifest's seed, varied per split (crc32, so it is the same in every process)."""
    return manifest(name)["seed"] + zlib.crc32(split.encode()) % 10_000


def pool_size(name: str, split: str) -> int:
    return max(manifest(name)["sizes"][split].values())


def _split_by_supports(x, y, split):
    """HAM10000 has no official split: take the seed's per-class supports, seeded."""
    supports = manifest("imbalanced7")["supports"]
    order = np.random.default_rng(manifest("imbalanced7")["seed"]).permutation(len(y))
    earlier = ("train", "val", "test")[: ("train", "val", "test").index(split)]
    chosen = []
    for k in range(len(supports["train"])):
        members = order[y[order] == k]
        start = sum(supports[s][k] for s in earlier)
        chosen.append(members[start : start + supports[split][k]])
    idx = np.sort(np.concatenate(chosen))
    return x[idx], y[idx]


BABI_FILE = "tasks_1-20_v1-2/{lang}/qa1_single-supporting-fact_{split}.txt"
BABI_NAMES = ("tasks_1-20_v1-2", "babi-tasks-v1-2.tar.gz", "babi_tasks_1-20_v1-2.tar.gz")


def _read_babi(path: Path, split: str) -> str:
    """The en-10k (else en) qa1 file from the extracted folder or the keras tar.gz."""
    members = [BABI_FILE.format(lang=lang, split=split) for lang in ("en-10k", "en")]
    if path.is_dir():
        for member in members:
            if (path.parent / member).exists():
                return (path.parent / member).read_text(encoding="utf-8")
    else:
        with tarfile.open(path) as tar:  # read the member in memory; never extract to disk
            names = set(tar.getnames())
            for member in members:
                if member in names:
                    return tar.extractfile(member).read().decode("utf-8")
    raise DataError(f"{path} holds none of {members}")


def _fixture_mnist(split, seed):
    from sklearn.datasets import load_digits

    digits = load_digits()
    test_part = stratified_indices(digits.target, 360, manifest("mnist")["seed"])
    part = test_part if split == "test" else np.setdiff1d(np.arange(len(digits.target)), test_part)
    rng = np.random.default_rng(seed)
    part = rng.permutation(part)
    x, pick = images.digits_28(np.rint(digits.images[part]).astype(np.int32), rng, pool_size("mnist", split))
    return x, digits.target[part][pick].astype(np.uint8)


def _image_fixture(name, n_classes, draw, label_shape=()):
    def make(split, seed):
        rng = np.random.default_rng(seed)
        y = images.balanced_labels(pool_size(name, split), n_classes, rng)
        return draw(y, rng), y.astype(np.uint8).reshape((-1, *label_shape))
    return make


def _fixture_imbalanced(split, seed):
    rng = np.random.default_rng(seed)
    y = images.counted_labels(manifest("imbalanced7")["supports"][split], rng)
    return images.lesion_like(y, rng), y.astype(np.uint8)


def _fixture_babi(split, seed):
    return babi.generate(pool_size("babi_qa1", split) // 5, seed)


SPECS = {
    "mnist": Spec("mnist", "MNIST", ("mnist.npz",), readers.read_mnist_npz, _fixture_mnist,
                  "MNIST-format digits built from scikit-learn's bundled 8x8 digits"),
    "fashion_mnist": Spec("fashion_mnist", "Fashion-MNIST", ("fashion-mnist",), readers.read_fashion,
                          _image_fixture("fashion_mnist", 10, images.fashion_like),
                          "Fashion-MNIST-like synthetic silhouettes (one shape per class)"),
    "cifar10": Spec("cifar10", "CIFAR-10", ("cifar-10-batches-py",), readers.read_cifar10,
                    _image_fixture("cifar10", 10, images.cifar_like, label_shape=(1,)),
                    "CIFAR-10-like synthetic images (shape, texture and colour per class)"),
    "fer2013": Spec("fer2013", "FER-2013", ("fer2013.csv", "fer2013/fer2013.csv"), readers.read_fer2013,
                    _image_fixture("fer2013", 7, images.fer_like),
                    "FER-like synthetic faces (brows and mouth per emotion)"),
    "imbalanced7": Spec("imbalanced7", "HAM10000 (hmnist_28_28_RGB)",
                        ("hmnist_28_28_RGB.csv", "skin-cancer-mnist-ham10000/hmnist_28_28_RGB.csv"),
                        lambda p, split: _split_by_supports(*readers.read_hmnist_rgb(p), split),
                        _fixture_imbalanced,
                        "a synthetic 7-class skin-lesion problem with the seed's class supports"),
    "babi_qa1": Spec("babi_qa1", "bAbI task 1", BABI_NAMES, _read_babi, _fixture_babi,
                     "bAbI task 1 stories from a generator that follows bAbI's world simulation"),
}


def fixture_pool(name: str, split: str, fresh: bool = False):
    """The whole fixture split (the "gpu" size), cached on disk under `cache_dir()`."""
    return _cached_pool(name, split) if not fresh else _store_pool(name, split)


@lru_cache(maxsize=32)
def _cached_pool(name, split):
    path = _pool_path(name, split)
    if path.exists():
        if name == "babi_qa1":
            return path.read_text(encoding="utf-8")
        with np.load(path, allow_pickle=False) as npz:
            return npz["x"], npz["y"]
    return _store_pool(name, split)


def _pool_path(name, split) -> Path:
    suffix = "txt" if name == "babi_qa1" else "npz"
    return cache_dir() / f"{name}-{split}-v{manifest(name)['version']}-s{split_seed(name, split)}.{suffix}"


def _store_pool(name, split):
    payload = SPECS[name].make_fixture(split, split_seed(name, split))
    path = _pool_path(name, split)
    tmp = path.with_name(path.name + ".tmp")
    if isinstance(payload, str):
        tmp.write_text(payload, encoding="utf-8")
    else:
        with open(tmp, "wb") as handle:
            np.savez(handle, x=payload[0], y=payload[1])
    tmp.replace(path)  # atomic: parallel workers never read a half-written file
    _cached_pool.cache_clear()
    return payload
