"""Collecting a worker-side registry from the modules of a package (actions, builders)."""
from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def collect(package: ModuleType, attribute: str) -> dict:
    """Merge ``attribute`` (a dict) of every module in ``package``; a module adds entries by existing."""
    found: dict = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        found.update(getattr(module, attribute, {}))
    return found
