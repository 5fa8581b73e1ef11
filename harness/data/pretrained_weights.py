"""Pretrained weights a notebook asks for (``MobileNetV2(weights="imagenet")``) while grading.

Nothing is downloaded in the sandbox, and a right answer must not lose points for asking for
what the course's own template asks for.  Every ``keras.applications`` builder is wrapped:
it first runs as it is, so weights found locally (a ``--data-dir`` holding Keras's weight file)
are loaded by Keras itself; only when the download is refused (:class:`OfflineDownload`, raised
by the offline ``get_file`` of :mod:`harness.data.serve`) is the same model built again with
``weights=None``: the same layers and parameter count, Keras's own random initial weights.
The feedback's data notes say so.
"""
from __future__ import annotations

import functools
import inspect
import sys
from typing import Callable

APPLICATIONS_PACKAGE = "keras.src.applications."
# Builders call one another (ResNet50 -> ResNet): only the outermost call falls back, so the
# note names what the notebook called.
_active = [0]


class OfflineDownload(OSError):
    """``keras.utils.get_file`` asked for a file that has no local copy while grading."""


def patch_applications(keras, note: Callable[[str, str], None]) -> None:
    """Wrap every builder of ``keras.applications`` that takes ``weights``, under every name
    Keras exports it (``keras.applications``, ``tensorflow.keras.applications``, the per-model modules)."""
    if getattr(keras, "_harness_pretrained_patched", False):
        return
    keras._harness_pretrained_patched = True
    wrapped: dict[int, Callable] = {}
    for name, module in list(sys.modules.items()):
        if name.startswith(APPLICATIONS_PACKAGE) and module is not None:
            for attribute, value in list(vars(module).items()):
                if _is_builder(value, name):
                    wrapped[id(value)] = _offline_builder(value, note)
    if not wrapped:
        return
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "keras" or name.startswith("keras.")):
            continue
        for attribute, value in list(vars(module).items()):
            if id(value) in wrapped and callable(value):
                setattr(module, attribute, wrapped[id(value)])


def _is_builder(value, module_name: str) -> bool:
    if not inspect.isfunction(value) or value.__module__ != module_name:
        return False
    try:
        return "weights" in inspect.signature(value).parameters
    except (TypeError, ValueError):
        return False


def _offline_builder(build: Callable, note: Callable[[str, str], None]) -> Callable:
    signature = inspect.signature(build)

    @functools.wraps(build)
    def offline(*args, **kwargs):
        if _active[0]:
            return build(*args, **kwargs)
        _active[0] += 1
        try:
            return _build_offline(args, kwargs)
        finally:
            _active[0] -= 1

    def _build_offline(args, kwargs):
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            return build(*args, **kwargs)  # Keras's own error for a wrong call
        bound.apply_defaults()
        if not isinstance(bound.arguments.get("weights"), str) or bound.arguments["weights"] != "imagenet":
            return build(*args, **kwargs)
        try:
            return build(*args, **kwargs)
        except OfflineDownload:
            bound.arguments["weights"] = None
            note(f"{build.__name__} weights=\"imagenet\"",
                 f"keras.applications.{build.__name__}(weights=\"imagenet\"): the pretrained weights cannot be "
                 "downloaded while grading, so the model was built with weights=None (the same layers, "
                 "random initial weights)")
            return build(*bound.args, **bound.kwargs)

    offline.harness_offline_weights = True
    return offline
