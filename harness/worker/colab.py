"""``google.colab`` in a worker: the calls Colab notebooks make, doing nothing and saying so.

``drive.mount`` has no Drive to mount (paths under ``/content/drive/My Drive`` are read from
the worker's folder, see :mod:`harness.data.colab_paths`); ``files.upload`` has no one to
upload (it returns no files; a course dataset the notebook then reads is served by name);
``files.download``, ``output`` and ``cv2_imshow`` have no browser.  Each use is recorded
for the feedback's notes.  Served only when no real ``google.colab`` is importable.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types

MODULES = ("google.colab", "google.colab.drive", "google.colab.files", "google.colab.output",
           "google.colab.patches", "google.colab.data_table", "google.colab.auth")


_record = [lambda what: None]


def install(record) -> None:
    """``record(sentence)`` notes each use for the feedback (the shims' list)."""
    _record[0] = record
    sys.meta_path.append(_ColabFinder())  # last: a real google.colab (on Colab itself) wins


def _used(what: str) -> None:
    _record[0](what)


def _mount(mountpoint="/content/drive", *args, **kwargs):
    _used(f"`drive.mount({mountpoint!r})` did nothing: there is no Google Drive while grading "
          "(course dataset files under it are served from the fixed subsets)")
    print(f"Mounted at {mountpoint} (grading harness: nothing was mounted)")


def _upload(*args, **kwargs):
    _used("`files.upload()` uploaded nothing while grading and returned no files "
          "(course dataset files are served by name from the fixed subsets)")
    return {}


def _nothing(what: str):
    def call(*args, **kwargs):
        _used(f"`{what}` did nothing while grading (there is no browser)")
    call.__name__ = what.rsplit(".", 1)[-1].split("(")[0]
    return call


def _fill(module: types.ModuleType) -> None:
    name = module.__name__
    if name == "google.colab":
        module.__path__ = []
        for sub in ("drive", "files", "output", "patches", "data_table", "auth"):
            module.__dict__[sub] = importlib.import_module(f"google.colab.{sub}")
    elif name.endswith(".drive"):
        module.mount = _mount
        module.flush_and_unmount = _nothing("drive.flush_and_unmount()")
    elif name.endswith(".files"):
        module.upload = _upload
        module.download = _nothing("files.download()")
    elif name.endswith(".patches"):
        module.cv2_imshow = _nothing("cv2_imshow()")
    elif name.endswith(".output"):
        module.clear = _nothing("output.clear()")
        module.enable_custom_widget_manager = _nothing("output.enable_custom_widget_manager()")
    elif name.endswith(".data_table"):
        module.enable_dataframe_formatter = _nothing("data_table.enable_dataframe_formatter()")
    elif name.endswith(".auth"):
        module.authenticate_user = _nothing("auth.authenticate_user()")


class _ColabFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path=None, target=None):
        return importlib.machinery.ModuleSpec(fullname, self, is_package=fullname == "google.colab") \
            if fullname in MODULES else None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        _fill(module)
