"""Old-API shims: let a notebook written for older NumPy and Keras reach its answers.

Course templates call names that NumPy 1.24 and Keras 3 removed (``np.int``,
``keras.layers.convolutional``, ``Adam(lr=...)``, one optimizer for two models), so an
honest notebook fails before its answer runs.  Each shim restores the old meaning
exactly and records that it was used, for the feedback.  Nothing is imported here:
the Keras shims wait for the notebook itself to import Keras (importing TensorFlow
costs seconds).  A failure no shim covers is left as it is; the grader reports it as an
environment problem (see harness/environment.py).
"""
from __future__ import annotations

import builtins
import importlib
import importlib.abc
import importlib.machinery
import sys
import weakref

USED: list[str] = []

NUMPY_ALIASES = {"bool": builtins.bool, "int": builtins.int, "float": builtins.float, "object": builtins.object,
                 "complex": builtins.complex, "str": builtins.str, "long": builtins.int, "unicode": builtins.str}
# Keras 2 layer submodules, all now flat in ``keras.layers``.
OLD_LAYER_MODULES = ("convolutional", "core", "pooling", "normalization", "recurrent", "embeddings",
                     "merge", "advanced_activations", "local", "noise", "wrappers")
OLD_MODULES = {f"{root}.layers.{old}": f"{root}.layers" for root in ("keras", "tensorflow.keras")
               for old in OLD_LAYER_MODULES}
OLD_MODULES.update({"keras.utils.np_utils": "keras.utils", "tensorflow.keras.utils.np_utils": "tensorflow.keras.utils"})


def used(what: str) -> None:
    if what not in USED:
        USED.append(what)


def install() -> None:
    _install_numpy_aliases()
    finder = _OldApiFinder()
    sys.meta_path.insert(0, finder)
    # The harness's one post-import mechanism: it also fires when a warm worker gets Keras back
    # from its zygote's memory rather than from disk, so warm and cold workers are shimmed alike.
    from harness.data.hooks import when_imported

    when_imported("keras", finder.patch_keras)


def _install_numpy_aliases() -> None:
    import numpy  # already loaded by the worker: no cost

    original = getattr(numpy, "__getattr__", None)

    def __getattr__(name):
        if name in NUMPY_ALIASES:
            used(f"np.{name} (removed from NumPy) read as the builtin `{name if name != 'long' else 'int'}`")
            return NUMPY_ALIASES[name]
        if original is None:
            raise AttributeError(f"module 'numpy' has no attribute '{name}'")
        return original(name)

    numpy.__getattr__ = __getattr__


class _OldApiFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """First on ``sys.meta_path``, and cheap for every other name: it serves the old
    module paths (Keras itself is patched through ``harness.data.hooks``)."""

    def __init__(self):
        self.patched = False

    def find_spec(self, fullname, path=None, target=None):
        if fullname in OLD_MODULES:
            return importlib.machinery.ModuleSpec(fullname, self)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        modern = importlib.import_module(OLD_MODULES[module.__name__])
        used(f"`import {module.__name__}` read as `{modern.__name__}`")
        module.__getattr__ = lambda name: getattr(modern, name)
        module.__path__ = []

    def patch_keras(self, keras) -> None:
        if self.patched:
            return
        self.patched = True
        try:
            _patch_optimizer_lr()
            _patch_optimizer_reuse(keras)
        except (ImportError, AttributeError):
            pass  # a Keras without these internals: the notebook runs unshimmed


def _patch_optimizer_lr() -> None:
    from keras.src.optimizers import base_optimizer

    original = base_optimizer.BaseOptimizer.__init__

    def __init__(self, *args, **kwargs):
        if "lr" in kwargs:
            used("`lr=` on a Keras optimizer read as `learning_rate=`")
            lr = kwargs.pop("lr")
            if args:
                args = (lr, *args[1:])
            else:
                kwargs["learning_rate"] = lr
        original(self, *args, **kwargs)

    base_optimizer.BaseOptimizer.__init__ = __init__


def _patch_optimizer_reuse(keras) -> None:
    """Keras 2 let one optimizer object train two models; Keras 3 refuses.  A second
    ``compile`` with an optimizer another model owns gets a fresh copy of it."""
    owners: dict[int, weakref.ref] = {}
    original = keras.Model.compile

    def compile(self, *args, optimizer="rmsprop", **kwargs):
        if args:
            optimizer, args = args[0], args[1:]
        if isinstance(optimizer, keras.optimizers.Optimizer):
            owner = owners.get(id(optimizer))
            if owner is not None and owner() is not None and owner() is not self:
                used("an optimizer object reused on a second model was copied (Keras 3 forbids sharing one)")
                optimizer = optimizer.__class__.from_config(optimizer.get_config())
            owners[id(optimizer)] = weakref.ref(self)
        return original(self, optimizer, *args, **kwargs)

    keras.Model.compile = compile
