"""The course's dataset files, written from the fixed subsets where a notebook expects them.

A Colab notebook does not call ``keras.datasets``: it runs ``!wget`` or ``!gdown`` for an
archive, ``!unzip`` it, and reads ``fer2013.csv`` or a folder of images.  Each file it can
ask for by name is written here from the same fixed subset ``load`` serves, in the
layout the real file has, so the notebook grades on the data every other notebook gets.
Only these names are known; anything else is not written (and the grader reports the
missing file as an environment problem, not as the student's mistake).
"""
from __future__ import annotations

import csv
import io
import tarfile
import zipfile
from pathlib import Path

import numpy as np

from harness.data.loading import load
from harness.data.readers import FER_USAGE

# FER-2013's labels, and the folder names of the Kaggle image layout (train/<emotion>/*.png).
FER_EMOTIONS = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
BABI_FOLDER = "tasks_1-20_v1-2"
BABI_ARCHIVES = ("babi-tasks-v1-2.tar.gz", "babi_tasks_1-20_v1-2.tar.gz", "tasks_1-20_v1-2.tar.gz")
FER_ARCHIVES = ("fer2013.zip", "fer-2013.zip", "fer_2013.zip")


def known(name: str) -> bool:
    """Whether ``name`` (a file's or folder's base name) is a course dataset file this module writes."""
    return _writer(name) is not None


def write(name: str, destination: Path, size: str = "cpu", data_dir=None) -> list[str]:
    """Write the dataset file ``name`` at ``destination``; returns the subset ids it holds."""
    writer = _writer(name)
    if writer is None:
        raise KeyError(name)
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    return writer(destination, size, data_dir)


def extract(name: str, folder: Path, size: str = "cpu", data_dir=None) -> list[str]:
    """What unpacking the known archive ``name`` into ``folder`` gives, written from the subsets
    (never by opening a file found on disk: the archive itself may be anything)."""
    buffer = io.BytesIO()
    ids = _ARCHIVES[_archive_kind(name)](buffer, size, data_dir)
    buffer.seek(0)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if name.lower().endswith(".zip"):
        with zipfile.ZipFile(buffer) as archive:
            archive.extractall(folder)
    else:
        with tarfile.open(fileobj=buffer, mode="r:gz") as archive:
            archive.extractall(folder, filter="data")
    return ids


def is_archive(name: str) -> bool:
    return _archive_kind(name) is not None


def _archive_kind(name: str) -> str | None:
    lowered = name.lower()
    if lowered in BABI_ARCHIVES:
        return "babi"
    if lowered in {a.lower() for a in FER_ARCHIVES}:
        return "fer"
    return None


def _writer(name: str):
    lowered = name.lower()
    if _archive_kind(name):
        kind = _archive_kind(name)
        return lambda dest, size, data_dir: _write_archive(kind, dest, size, data_dir)
    if lowered == "fer2013.csv":
        return _write_fer_csv
    if lowered == "mnist.npz":
        return _write_mnist
    if name == BABI_FOLDER:
        return lambda dest, size, data_dir: _extract_into(dest.parent, "babi", size, data_dir)
    if lowered in ("fer2013", "fer-2013", "fer_2013"):
        return lambda dest, size, data_dir: _fer_images(dest, size, data_dir)
    return None


def _write_archive(kind: str, destination: Path, size, data_dir) -> list[str]:
    buffer = io.BytesIO()
    ids = _ARCHIVES[kind](buffer, size, data_dir, zipped=destination.name.lower().endswith(".zip"))
    destination.write_bytes(buffer.getvalue())
    return ids


def _extract_into(folder: Path, kind: str, size, data_dir) -> list[str]:
    return extract(BABI_ARCHIVES[0] if kind == "babi" else FER_ARCHIVES[0], folder, size, data_dir)


def _babi_tar(buffer, size, data_dir, zipped=False) -> list[str]:
    from harness.data.registry import BABI_FILE

    ids = []
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for split in ("train", "test"):
            stories = load("babi_qa1", split, size=size, data_dir=data_dir)
            ids.append(stories.subset_id)
            data = stories.text.encode("utf-8")
            for lang in ("en", "en-10k"):
                info = tarfile.TarInfo(BABI_FILE.format(lang=lang, split=split))
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return ids


def _fer_zip(buffer, size, data_dir, zipped=True) -> list[str]:
    """Both layouts FER-2013 ships in: Kaggle's image folders and the challenge's fer2013.csv."""
    from PIL import Image

    ids = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for split in ("train", "test"):
            data = load("fer2013", split, size=size, data_dir=data_dir)
            ids.append(data.subset_id)
            for i, (image, label) in enumerate(zip(data.x, data.y)):
                png = io.BytesIO()
                Image.fromarray(image.reshape(48, 48)).save(png, format="PNG")
                archive.writestr(f"{split}/{FER_EMOTIONS[int(label)]}/{split}_{i:05d}.png", png.getvalue())
        text = io.StringIO()
        _fer_rows(text, size, data_dir)
        archive.writestr("fer2013.csv", text.getvalue())
    return ids


def _fer_images(folder: Path, size, data_dir) -> list[str]:
    return extract(FER_ARCHIVES[0], folder, size, data_dir)


def _write_fer_csv(destination: Path, size, data_dir) -> list[str]:
    with open(destination, "w", newline="", encoding="utf-8") as handle:
        return _fer_rows(handle, size, data_dir)


def _fer_rows(handle, size, data_dir) -> list[str]:
    writer = csv.writer(handle)
    writer.writerow(["emotion", "pixels", "Usage"])
    ids = []
    for split in ("train", "test"):
        data = load("fer2013", split, size=size, data_dir=data_dir)
        ids.append(data.subset_id)
        for image, label in zip(data.x, data.y):
            writer.writerow([int(label), " ".join(map(str, image.reshape(-1).tolist())), FER_USAGE[split]])
    return ids


def _write_mnist(destination: Path, size, data_dir) -> list[str]:
    parts, ids = {}, []
    for split in ("train", "test"):
        data = load("mnist", split, size=size, data_dir=data_dir)
        parts[f"x_{split}"], parts[f"y_{split}"] = np.asarray(data.x), np.asarray(data.y)
        ids.append(data.subset_id)
    with open(destination, "wb") as handle:
        np.savez(handle, **parts)
    return ids


_ARCHIVES = {"babi": _babi_tar, "fer": _fer_zip}
