"""Colab's paths inside a worker: ``/content/...`` is the worker's own folder.

On Colab the working directory is ``/content`` and Google Drive is mounted at
``/content/drive/My Drive`` (``MyDrive`` since 2020).  A worker has neither, so the
functions notebooks read files with see such a path as the same path under the worker's
folder, and a course dataset file that is not there (``fer2013.csv`` uploaded to Drive,
``tasks_1-20_v1-2/`` unpacked by a shell line) is written from the fixed subset first
(:mod:`harness.data.files`).  Every other path passes through untouched.

Covered: ``open`` (so pandas, PIL, ``np.load``, keras's ``load_img``), ``os.listdir``,
``os.scandir`` and ``os.walk`` (so ``flow_from_directory``), ``os.path`` tests, ``os.stat``,
``os.chdir``, ``os.makedirs`` and ``cv2.imread``.  Readers in C++ (``tf.io.gfile``,
``image_dataset_from_directory``) are not: their missing file is reported as an
environment problem.
"""
from __future__ import annotations

import builtins
import contextlib
import functools
import io
import os
import posixpath
from pathlib import Path

from harness.data import files
from harness.data.hooks import when_imported

PREFIXES = ("/content/drive/My Drive", "/content/drive/MyDrive", "/content/drive/Shareddrives", "/content")
_state: dict = {"root": None, "size": "cpu", "data_dir": None, "notes": {}, "written": set(), "busy": False}


def install(size: str = "cpu", data_dir=None, root: Path | None = None) -> None:
    _state.update(root=Path(root or os.getcwd()).resolve(), size=size, data_dir=data_dir)
    if getattr(builtins.open, "harness_colab", False):
        return
    builtins.open = io.open = _wrap(builtins.open, 0)
    for module, names in ((os, ("listdir", "scandir", "stat", "chdir")),
                          (posixpath, ("exists", "isfile", "isdir", "getsize"))):
        for name in names:
            setattr(module, name, _wrap(getattr(module, name), 0))
    for name in ("makedirs", "mkdir"):  # creating a folder maps it, but never writes a dataset into it
        setattr(os, name, _wrap(getattr(os, name), 0, serve=False))
    when_imported("cv2", lambda cv2: setattr(cv2, "imread", _wrap(cv2.imread, 0)))


def settings():
    return _state["size"], _state["data_dir"]


def note(key: str, text: str) -> None:
    _state["notes"].setdefault(key, text)


def notes() -> dict[str, str]:
    """What was mapped and written, for the feedback (key -> sentence)."""
    return dict(_state["notes"])


def local(path, serve: bool = True):
    """The worker's path for a Colab path; else ``path``.  A course dataset file the path
    names (``/content/fer2013.csv``, or ``fer2013.csv`` after a ``files.upload()`` that did
    nothing) is written there first when missing."""
    if isinstance(path, Path):
        text = str(path)
    elif isinstance(path, str):
        text = path
    else:
        return path  # a file descriptor, bytes, an open handle: not a Colab path
    if _state["root"] is None or not text:
        return path
    serve = serve and not _state["busy"]  # the files the harness itself is writing are not asked for
    if not text.startswith("/"):
        if serve:
            _serve_missing(Path(os.path.abspath(text)))
        return path
    rest = next((text[len(p):] for p in PREFIXES if text == p or text.startswith(p + "/")), None)
    if rest is None:
        return path
    mapped = _state["root"] / rest.lstrip("/")
    _state["notes"].setdefault("colab:/content", "paths under /content/ (Colab's folder, Drive included) "
                               "were read from the worker's own folder")
    if serve:
        _serve_missing(mapped)
    return type(path)(mapped) if isinstance(path, Path) else str(mapped)


def _serve_missing(path: Path) -> None:
    """Write the course dataset a missing path names (itself or a folder above it), once."""
    if _exists(path):
        return
    root = _state["root"]
    for candidate in [path, *path.parents]:
        if candidate == root or root not in candidate.parents:
            return
        if files.known(candidate.name) and not _exists(candidate) and candidate not in _state["written"]:
            _state["written"].add(candidate)
            try:
                with writing():
                    ids = files.write(candidate.name, candidate, _state["size"], _state["data_dir"])
            except Exception as exc:  # a missing fixture: the read then fails and is reported
                _state["notes"][f"files:{candidate.name}"] = f"{candidate.name} could not be written: {exc}"
                return
            _state["notes"][f"files:{candidate.name}"] = (
                f"{candidate.name} was written from the fixed subsets ({', '.join(ids)})")
            return


@contextlib.contextmanager
def writing():
    """While the harness writes a dataset, its own reads and writes are not served again."""
    before, _state["busy"] = _state["busy"], True
    try:
        yield
    finally:
        _state["busy"] = before


def _exists(path: Path) -> bool:
    try:
        _ORIGINAL_STAT(str(path))
        return True
    except OSError:
        return False


_ORIGINAL_STAT = os.stat


def _wrap(function, position: int, serve: bool = True):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        original = args[position] if len(args) > position else None
        if len(args) > position:
            args = (*args[:position], local(args[position], serve), *args[position + 1:])
        else:
            for key in ("file", "path", "filename"):
                if key in kwargs:
                    kwargs[key] = local(kwargs[key], serve)
        try:
            return function(*args, **kwargs)
        except OSError as exc:
            # The notebook's own path in the message: the grader tells Colab's missing files by it.
            if original is not None and exc.filename is not None and isinstance(original, (str, Path)) \
                    and str(original).startswith("/content"):
                exc.filename = str(original)
            raise

    wrapper.harness_colab = True
    return wrapper
