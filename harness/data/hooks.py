"""Run a callback right after a module is imported, without importing it ourselves.

Importing TensorFlow costs seconds, so the worker must not import it for a student
who never does. `when_imported("keras", fn)` calls `fn(module)` now if keras is
already loaded, else as soon as its import finishes (a `sys.meta_path` finder wraps
that one module's loader; every other import passes straight through).
"""
from __future__ import annotations

import importlib.abc
import sys
from collections import defaultdict
from typing import Callable

_callbacks: dict[str, list[Callable]] = defaultdict(list)


def when_imported(name: str, callback: Callable) -> None:
    module = sys.modules.get(name)
    if module is not None:
        callback(module)
        return
    _callbacks[name].append(callback)
    if not any(isinstance(f, _PostImportFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _PostImportFinder())


class _PostImportFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname not in _callbacks:
            return None
        for finder in sys.meta_path:  # let the normal finders locate the module
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _CallbackLoader(spec.loader, fullname)
                return spec
        return None


class _CallbackLoader(importlib.abc.Loader):
    def __init__(self, loader, fullname):
        self._loader, self._fullname = loader, fullname

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        for callback in _callbacks.pop(self._fullname, []):
            callback(module)

    def __getattr__(self, name):  # get_code, get_resource_reader, ... of the real loader
        return getattr(self._loader, name)
