"""Fixed, seeded, class-stratified subsets and the manifest that pins them.

A manifest (`harness/data/manifests/<name>.json`) says, per dataset: the selection
seed, the subset size of each split per device ("cpu" small, "gpu" larger), and for
each served subset the sha256 of its arrays ("fixture" entries, and "real" entries
with the chosen indices once an instructor records them with
`python -m harness.data.manifest record <name>`). A served subset whose hash differs
from the recorded one raises `SubsetMismatchError`: the file changed, so the subset
is no longer the one every other machine grades on.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from harness.data.types import DataError, SubsetMismatchError

MANIFEST_DIR = Path(__file__).parent / "manifests"


def stratified_indices(labels: np.ndarray, n: int, seed: int) -> np.ndarray:
    """`n` indices keeping each class's share of `labels` (largest remainder), sorted.

    Sorted so the subset keeps the file's own order, as `load_data` would.
    """
    labels = np.asarray(labels).reshape(len(labels), -1)[:, 0]
    if n >= len(labels):
        return np.arange(len(labels))
    classes, counts = np.unique(labels, return_counts=True)
    quota = counts * n / len(labels)
    take = np.floor(quota).astype(int)
    by_remainder = np.argsort(-(quota - take), kind="stable")
    take[by_remainder[: n - take.sum()]] += 1
    order = np.random.default_rng(seed).permutation(len(labels))
    chosen = [order[labels[order] == c][:k] for c, k in zip(classes, take)]
    return np.sort(np.concatenate(chosen))


def arrays_sha256(*arrays: np.ndarray) -> str:
    """sha256 over each array's dtype, shape and bytes (so a reshaped copy differs)."""
    digest = hashlib.sha256()
    for array in arrays:
        array = np.ascontiguousarray(array)
        digest.update(f"{array.dtype.str}{array.shape}".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=None)
def manifest(name: str) -> dict:
    path = MANIFEST_DIR / f"{name}.json"
    if not path.exists():
        raise DataError(f"no manifest for dataset {name!r} at {path}")
    return json.loads(path.read_text())


def subset_size(name: str, split: str, size: str) -> int:
    sizes = manifest(name)["sizes"]
    if split not in sizes:
        raise DataError(f"{name} has no split {split!r}; splits: {sorted(sizes)}")
    if size not in sizes[split]:
        raise DataError(f"{name}/{split} has no size {size!r}; sizes: {sorted(sizes[split])}")
    return int(sizes[split][size])


def subset_id(name: str, split: str, size: str, sha: str) -> str:
    return f"{name}/{split}/{size}-v{manifest(name)['version']}/{sha[:12]}"


def recorded(name: str, source: str, split: str, size: str) -> dict | None:
    """The manifest entry for this subset, or None when none is recorded yet."""
    return manifest(name).get(source, {}).get(f"{split}/{size}")


def check(name: str, source: str, split: str, size: str, sha: str, where: str = "") -> bool:
    """Raise `SubsetMismatchError` when `sha` differs from the recorded hash.

    Returns False when nothing is recorded (the caller says so in its note).
    """
    entry = recorded(name, source, split, size)
    if entry is None:
        return False
    if entry["sha256"] != sha:
        raise SubsetMismatchError(
            f"{name} {split} ({size}, {source} data{' from ' + where if where else ''}) "
            f"has sha256 {sha[:12]}..., but the manifest records {entry['sha256'][:12]}...: "
            "the data file differs from the one the course was pinned to. Restore the "
            "published file, or re-record with `python -m harness.data.manifest record "
            f"{name}` if the change is intended."
        )
    return True


def write_entry(name: str, source: str, split: str, size: str, entry: dict) -> Path:
    """Store one subset entry in the manifest file (used by the `record` command)."""
    path = MANIFEST_DIR / f"{name}.json"
    data = json.loads(path.read_text())
    data.setdefault(source, {})[f"{split}/{size}"] = entry
    path.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n")
    manifest.cache_clear()
    return path
