"""Serve the fixed subsets to a student's `keras.datasets` calls inside the worker.

`install(config)` runs before the student's code. It patches nothing yet: it asks
`hooks.when_imported` to patch keras (and the tf.keras / tf_keras aliases) the moment
the student imports it, so a student who never imports TensorFlow never pays for it.
Once keras is imported:
- `keras.datasets.{mnist,fashion_mnist,cifar10}.load_data()` return the fixed subset
  (`harness.data.load`) with keras's shapes and dtypes;
- `keras.utils.get_file` serves bAbI's archive (built from the subset) and files
  already in a data dir, and refuses everything else: nothing reaches the network;
- `keras.applications` builders asked for `weights="imagenet"` with no local weight file
  build the same model with `weights=None` (:mod:`harness.data.pretrained_weights`);
- `Model.fit` runs at most `epoch_cap` epochs (counted from `initial_epoch`).
The served arrays read an index past the subset's end as the real dataset's would be read
(:mod:`harness.data.wrapping`); Colab's `/content/` paths, the course's dataset files and
`tensorflow_datasets.load` are served too (:mod:`.colab_paths`, :mod:`.files`, :mod:`.tfds`).
`served()` lists, after the run, what was actually served (for results.json).
"""
from __future__ import annotations

import functools
import inspect
import io
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np

from harness.data import colab_paths, tfds, wrapping
from harness.data.hooks import when_imported
from harness.data.loading import load
from harness.data.paths import cache_dir, find_file
from harness.data.pretrained_weights import OfflineDownload, patch_applications
from harness.data.registry import BABI_FILE, SPECS

SERVED = ("mnist", "fashion_mnist", "cifar10")
# The real datasets' lengths, which notebooks index and reshape by (see harness.data.wrapping).
REAL_LENGTHS = {"mnist": {"train": 60_000, "test": 10_000}, "fashion_mnist": {"train": 60_000, "test": 10_000},
                "cifar10": {"train": 50_000, "test": 10_000}}
DATASET_PACKAGES = ("keras.src.datasets", "keras.datasets", "keras._tf_keras.keras.datasets",
                    "tf_keras.src.datasets", "tf_keras.datasets")
UTILS_MODULES = ("keras.utils", "keras._tf_keras.keras.utils", "tf_keras.utils")
BABI_ARCHIVES = ("babi-tasks-v1-2.tar.gz", "babi_tasks_1-20_v1-2.tar.gz")
_served: dict[str, str] = {}  # subset_id -> note, filled as the student loads data


def install(config: dict) -> list[str]:
    """Arrange the patches; returns notes for the feedback. config: data_dir, size, epoch_cap, seed."""
    data_dir, size, cap = config.get("data_dir"), config.get("size", "cpu"), config.get("epoch_cap")
    served = config.get("served") or {}
    for name in SERVED:
        for package in DATASET_PACKAGES:
            when_imported(f"{package}.{name}", functools.partial(_patch_load_data, name, size, data_dir, served))
    get_file = _offline_get_file(size, data_dir)
    for package in ("keras", "tf_keras"):
        when_imported(package, functools.partial(_patch_keras, get_file=get_file, cap=cap))
    for utils in UTILS_MODULES:
        when_imported(utils, functools.partial(_replace, "get_file", get_file))
    colab_paths.install(size, data_dir)
    tfds_load = tfds.make_load(size, data_dir, _served.__setitem__)
    sys.meta_path.append(tfds.ShimFinder(tfds_load))  # last: an installed tensorflow_datasets wins
    when_imported("tensorflow_datasets", functools.partial(_replace, "load", tfds_load))
    notes = [_source_note(name, size, data_dir) for name in SERVED]
    if cap is not None:
        notes.append(f"Model.fit runs at most {cap} epoch(s) while grading, whatever epochs= says")
    return notes


def served() -> dict[str, str]:
    """subset_id -> note for every subset the student's code loaded (and files, paths, indices read)."""
    return {**_served, **colab_paths.notes(), **wrapping.used()}


def _source_note(name, size, data_dir) -> str:
    if SPECS[name].real_path(data_dir) is None:
        return f"keras.datasets.{name}.load_data() -> graded on fixture data: {SPECS[name].fixture_note}"
    return f"keras.datasets.{name}.load_data() -> a fixed {size} subset of the real {SPECS[name].title}"


def _patch_load_data(name, size, data_dir, served, module) -> None:
    def load_data(*_args, **_kwargs):
        out = []
        for split in ("train", "test"):
            data = load(name, split, size=size, data_dir=data_dir)
            x, y, subset_id, note = data.x, data.y, data.subset_id, data.note
            if served.get(split) and served[split] < len(x):
                # Evenly spaced, so every class keeps its share whatever order the subset is in.
                keep = np.linspace(0, len(x) - 1, int(served[split])).astype(int)
                x, y = x[keep], y[keep]
                subset_id, note = f"{subset_id}@{len(keep)}", f"{note}; {len(keep)} of them served (rubric budget)"
            _served[subset_id] = note
            real = REAL_LENGTHS[name][split]
            label = f"{name} {split}"
            out.append((wrapping.wrapping(x, real, f"x {label}"), wrapping.wrapping(y, real, f"y {label}")))
        return tuple(out)

    load_data.__doc__ = f"The grading harness's fixed {name} subset (never downloads)."
    module.load_data = load_data


def _patch_keras(module, *, get_file, cap) -> None:
    if cap is not None and not getattr(module.Model.fit, "harness_epoch_cap", None):
        module.Model.fit = _capped(module.Model.fit, int(cap))
    # keras's own loaders (cifar100, imdb, ...) hold their own reference to get_file.
    for name, loaded in list(sys.modules.items()):
        if name.startswith(f"{module.__name__}.src.") and hasattr(loaded, "get_file"):
            _replace("get_file", get_file, loaded)
    if module.__name__ == "keras":
        patch_applications(module, _served.__setitem__)


def _replace(attribute, value, module) -> None:
    if hasattr(module, attribute):
        setattr(module, attribute, value)


def _capped(fit, cap: int):
    """Model.fit that stops after `cap` epochs: epochs <= initial_epoch + cap."""
    signature = inspect.signature(fit)

    @functools.wraps(fit)
    def fit_capped(self, *args, **kwargs):
        bound = signature.bind(self, *args, **kwargs)
        epochs = bound.arguments.get("epochs", signature.parameters["epochs"].default)
        initial = bound.arguments.get("initial_epoch", 0) or 0
        bound.arguments["epochs"] = min(int(epochs), int(initial) + cap)
        return fit(*bound.args, **bound.kwargs)

    fit_capped.harness_epoch_cap = cap
    return fit_capped


def _offline_get_file(size, data_dir):
    def get_file(fname=None, origin=None, *args, **kwargs):
        name = fname or Path(str(origin)).name
        if name in BABI_ARCHIVES:
            return str(_babi_archive(size, data_dir))
        local = find_file([name], data_dir)
        if local is not None:
            return str(local)
        raise OfflineDownload(f"network access is disabled while grading: get_file({name!r}) has no "
                      "local copy; use the data the harness serves (keras.datasets load_data)")

    return get_file


def _babi_archive(size, data_dir) -> Path:
    """A keras-style bAbI tar.gz holding the served qa1 subset (en and en-10k)."""
    texts = {split: load("babi_qa1", split, size=size, data_dir=data_dir) for split in ("train", "test")}
    _served.update({s.subset_id: s.note for s in texts.values()})
    tag = "-".join(s.subset_id.rsplit("/", 1)[-1] for s in texts.values())
    path = cache_dir() / f"babi-qa1-{tag}.tar.gz"
    if not path.exists():
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
            for split, stories in texts.items():
                for lang in ("en", "en-10k"):
                    data = stories.text.encode("utf-8")
                    info = tarfile.TarInfo(BABI_FILE.format(lang=lang, split=split))
                    info.size = len(data)
                    tar.addfile(info, io.BytesIO(data))
        try:
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_bytes(buffer.getvalue())
            tmp.replace(path)
        except OSError:
            # A worker sees the cache read-only: the archive goes to its own temporary folder.
            path = Path(tempfile.mkdtemp(prefix="babi-")) / path.name
            path.write_bytes(buffer.getvalue())
    return path


def prepare_archives(size) -> None:
    """Build the archives ``get_file`` serves into the cache, in the grader, before workers need them."""
    _babi_archive(size, None)
