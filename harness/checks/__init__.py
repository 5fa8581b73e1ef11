"""Check kinds: the registry.

A check kind says which probes the worker must answer for a check (see ``base.Probe``)
and how to turn the answers into a score.  Kinds live one per module in this package
and register themselves with :func:`register`; they are discovered on first use, so
adding a kind is adding a module.
"""
from __future__ import annotations

import importlib
import pkgutil
import threading

from harness.checks.base import CheckContext, CheckKind, Outcome, Probe

_KINDS: dict[str, CheckKind] = {}
_loaded = False
_lock = threading.RLock()  # re-entrant: importing a kind module may ask for the registry


def register(cls: type[CheckKind]) -> type[CheckKind]:
    if cls.name in _KINDS:
        raise ValueError(f"check kind '{cls.name}' registered twice")
    _KINDS[cls.name] = cls()
    return cls


def known_kinds() -> dict[str, CheckKind]:
    global _loaded
    # Grading threads (and Dask tasks) ask at once: nobody may see a half-filled registry.
    with _lock:
        if not _loaded:
            for module in pkgutil.iter_modules(__path__):
                if module.name != "base":
                    importlib.import_module(f"{__name__}.{module.name}")
            _loaded = True
    return dict(_KINDS)


def kind(name: str) -> CheckKind:
    return known_kinds()[name]


__all__ = ["CheckContext", "CheckKind", "Outcome", "Probe", "register", "known_kinds", "kind"]
