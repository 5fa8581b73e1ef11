"""Fixed, seeded dataset subsets for grading, from real files or offline fixtures.

    from harness.data import load
    train = load("cifar10", "train", size="cpu")   # Dataset: x, y, subset_id, source, note

See `loading.load` for the lookup order of real files, `subsets` for the manifest
that pins each subset, `serve.install` for serving them to `keras.datasets` inside
the worker, and `device.resolve_device` for --device auto.
"""
from harness.data.device import resolve_device
from harness.data.loading import DATASETS, SIZES, load
from harness.data.types import DataError, Dataset, Stories, SubsetMismatchError, WordVectors

__all__ = ["load", "resolve_device", "DATASETS", "SIZES", "Dataset", "Stories", "WordVectors",
           "DataError", "SubsetMismatchError"]
