"""Worker-side registries (actions, argument builders): the harness's own, plus the course pack's.

The harness's own are modules of a package (``harness.worker.actions``, ``harness.worker.builders``),
each adding entries to a dict by existing.  A course pack adds its own through the rubric's
``worker_plugins``: their source arrives in the job (see harness/spec/course.py) and is installed
here as modules before any probe runs, so an action an assignment needs lives in its course pack.
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
import types
from types import ModuleType

_INSTALLED: list[ModuleType] = []


def install(plugins: list[dict]) -> None:
    """Run each plugin's source as a module named ``course_plugins.<name>``."""
    for plugin in plugins:
        name = f"course_plugins.{plugin['name']}"
        module = types.ModuleType(name)
        module.__file__ = f"<course plugin {plugin['name']}>"
        sys.modules[name] = module  # before running it: dataclasses and pickling look it up
        exec(compile(plugin["source"], module.__file__, "exec"), module.__dict__)
        _INSTALLED.append(module)


def collect(package: ModuleType, attribute: str) -> dict:
    """Merge ``attribute`` (a dict) of every module in ``package``, then of every installed plugin."""
    found: dict = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        found.update(getattr(module, attribute, {}))
    for module in _INSTALLED:
        found.update(getattr(module, attribute, {}))
    return found
