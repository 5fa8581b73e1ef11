"""Is a subset pinned by the manifest, and is a changed data file caught?"""
import json
import shutil

import numpy as np
import pytest

from harness.data import SubsetMismatchError, load, manifest, subsets


@pytest.fixture
def private_manifests(tmp_path, monkeypatch):
    """A copy of the manifests, so recording never edits the repository's files."""
    folder = tmp_path / "manifests"
    shutil.copytree(subsets.MANIFEST_DIR, folder)
    monkeypatch.setattr(subsets, "MANIFEST_DIR", folder)
    subsets.manifest.cache_clear()
    yield folder
    subsets.manifest.cache_clear()


def _write_mnist(folder, x):
    y = (np.arange(len(x)) % 10).astype(np.uint8)
    np.savez(folder / "mnist.npz", x_train=x, y_train=y, x_test=x[:20], y_test=y[:20])


def test_changed_file_is_caught(tmp_path, private_manifests):
    data = tmp_path / "data"
    data.mkdir()
    x = np.random.default_rng(1).integers(0, 256, (3000, 28, 28), dtype=np.uint8)
    _write_mnist(data, x)
    manifest.record("mnist", str(data))
    entry = json.loads((private_manifests / "mnist.json").read_text())["real"]["train/cpu"]
    assert len(entry["indices"]) == 2000 and len(entry["sha256"]) == 64
    pinned = load("mnist", data_dir=str(data))
    assert "not yet pinned" not in pinned.note and pinned.subset_id.endswith(entry["sha256"][:12])
    x[entry["indices"][5], 3, 3] ^= 1  # one pixel of one served image changes
    _write_mnist(data, x)
    with pytest.raises(SubsetMismatchError, match="differs from the one the course was pinned to"):
        load("mnist", data_dir=str(data))


def test_stratified_indices_keep_class_shares():
    labels = np.repeat(np.arange(7), [228, 359, 769, 80, 779, 4693, 99])
    idx = subsets.stratified_indices(labels, 700, seed=3)
    counts = np.bincount(labels[idx], minlength=7)
    assert counts.sum() == 700 and np.all(np.abs(counts - 700 * np.bincount(labels) / len(labels)) <= 1)
    assert np.array_equal(idx, subsets.stratified_indices(labels, 700, seed=3))
    assert np.all(np.diff(idx) > 0)


@pytest.mark.parametrize("name", ["mnist", "fashion_mnist", "cifar10", "fer2013", "imbalanced7", "babi_qa1"])
def test_every_fixture_subset_matches_its_recorded_hash(name):
    """load() verifies against the manifest; a drifted generator would raise here."""
    for split in subsets.manifest(name)["sizes"]:
        got = load(name, split, size="cpu")
        assert got.source == "fixture" and got.note.startswith("graded on fixture data")
        assert subsets.recorded(name, "fixture", split, "cpu")["sha256"][:12] == got.subset_id[-12:]
