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
import functools
import importlib
import importlib.abc
import importlib.machinery
import numbers
import sys
import weakref

from harness.worker import colab

USED: list[str] = []

NUMPY_ALIASES = {"bool": builtins.bool, "int": builtins.int, "float": builtins.float, "object": builtins.object,
                 "complex": builtins.complex, "str": builtins.str, "long": builtins.int, "unicode": builtins.str}
# Keras 2 layer submodules, all now flat in ``keras.layers``.
OLD_LAYER_MODULES = ("convolutional", "core", "pooling", "normalization", "recurrent", "embeddings",
                     "merge", "advanced_activations", "local", "noise", "wrappers")
OLD_MODULES = {f"{root}.layers.{old}": f"{root}.layers" for root in ("keras", "tensorflow.keras")
               for old in OLD_LAYER_MODULES}
OLD_MODULES.update({"keras.utils.np_utils": "keras.utils", "tensorflow.keras.utils.np_utils": "tensorflow.keras.utils",
                    # Keras 3 kept only part of keras.preprocessing; the rest lives on as "legacy".
                    "keras.preprocessing.text": "keras.src.legacy.preprocessing.text"})
# keras-tuner's old package name, with every submodule (``kerastuner.tuners``, ...).
OLD_PACKAGES = {"kerastuner": "keras_tuner"}
# Names Keras 3 dropped from ``keras.preprocessing.image`` but keeps in its legacy module.
LEGACY_PREPROCESSING = {"keras.preprocessing.image": "keras.src.legacy.preprocessing.image",
                        "keras.preprocessing.sequence": "keras.src.legacy.preprocessing.sequence"}
# Keras 2's positional order of ``Model.compile``; Keras 3 swapped metrics and loss_weights.
KERAS2_COMPILE_ORDER = ("optimizer", "loss", "metrics", "loss_weights", "weighted_metrics", "run_eagerly",
                        "steps_per_execution", "jit_compile")
# Keras 2's generator methods: ``fit`` and friends take generators themselves now.
GENERATOR_METHODS = {"fit_generator": "fit", "evaluate_generator": "evaluate", "predict_generator": "predict"}


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
    for old, legacy in LEGACY_PREPROCESSING.items():
        when_imported(old, functools.partial(_fall_back_to_legacy, legacy))
    colab.install(used)


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
        if fullname in OLD_MODULES or _renamed_package(fullname):
            return importlib.machinery.ModuleSpec(fullname, self)
        return None

    def create_module(self, spec):
        renamed = _renamed_package(spec.name)
        if renamed:  # the modern module itself, so `isinstance` and class identity hold
            used(f"`import {spec.name}` read as `{renamed}`")
            return importlib.import_module(renamed)
        return None

    def exec_module(self, module):
        if module.__name__ not in OLD_MODULES:
            return  # a renamed package: already the modern module
        modern = importlib.import_module(OLD_MODULES[module.__name__])
        legacy = ".src.legacy." in modern.__name__
        used(f"`import {module.__name__}` read " + ("from Keras's legacy module" if legacy else f"as `{modern.__name__}`"))
        module.__getattr__ = lambda name: getattr(modern, name)
        module.__path__ = []

    def patch_keras(self, keras) -> None:
        if self.patched:
            return
        self.patched = True
        # _patch_compile_positional_metrics comes after _patch_optimizer_reuse: it must see the call first.
        for patch in (_patch_optimizer_lr, _patch_optimizer_reuse, _patch_compile_positional_metrics,
                      _patch_generator_methods, _patch_layers_pop, _patch_sequential_input_output):
            try:
                patch(keras)
            except (ImportError, AttributeError):
                pass  # a Keras without these internals: the notebook runs unshimmed


def _renamed_package(fullname: str) -> str | None:
    head, dot, rest = fullname.partition(".")
    return OLD_PACKAGES[head] + dot + rest if head in OLD_PACKAGES else None


def _fall_back_to_legacy(legacy: str, module) -> None:
    """``from keras.preprocessing.image import ImageDataGenerator``: Keras 3 moved it to legacy."""
    def __getattr__(name):
        try:
            value = getattr(importlib.import_module(legacy), name)
        except (ImportError, AttributeError):
            raise AttributeError(f"module '{module.__name__}' has no attribute '{name}'") from None
        used(f"`{module.__name__}.{name}` (removed in Keras 3) read from Keras's legacy module")
        return value

    module.__getattr__ = __getattr__


def _patch_optimizer_lr(keras) -> None:
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
        decay = kwargs.pop("decay", None)
        if decay:  # Keras 3 would warn and ignore it, silently training with another schedule
            # Keras 2's meaning exactly: lr / (1 + decay * iterations).
            rate = args[0] if args else kwargs.get("learning_rate", 0.001)
            if isinstance(rate, (int, float)):
                schedule = keras.optimizers.schedules.InverseTimeDecay(rate, decay_steps=1, decay_rate=float(decay))
                if args:
                    args = (schedule, *args[1:])
                else:
                    kwargs["learning_rate"] = schedule
                used("`decay=` on a Keras optimizer read as Keras 2's schedule lr / (1 + decay * iterations)")
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


def _looks_like_metrics(value) -> bool:
    """Keras 2's third positional ``compile`` argument (metrics), never Keras 3's (loss weights):
    loss weights are numbers, alone, in a list or in a dict; metrics are names, functions or objects."""
    if isinstance(value, dict):
        value = list(value.values())
    if not isinstance(value, (list, tuple)):
        value = [value]
    return any(v is not None and not isinstance(v, numbers.Number) for v in value)


def _patch_compile_positional_metrics(keras) -> None:
    """``model.compile(opt, loss, ["accuracy"])``: Keras 2's third parameter was ``metrics``, Keras 3's
    is ``loss_weights`` (then ``metrics``), so the metric names reach the loss weights and training
    fails deep inside Keras ("dtype='string' is not a valid dtype").  A third positional argument that
    can only be metrics is read as Keras 2 did: metrics, and the fourth as loss weights."""
    original = keras.Model.compile

    def compile(self, *args, **kwargs):
        if len(args) >= 3 and _looks_like_metrics(args[2]):
            used("`compile(optimizer, loss, metrics)` with metrics third (Keras 2's order) read as `metrics=`")
            for name, value in zip(KERAS2_COMPILE_ORDER, args):
                if name in kwargs:
                    raise TypeError(f"compile() got multiple values for argument '{name}'")
                kwargs[name] = value
            args = ()
        return original(self, *args, **kwargs)

    keras.Model.compile = compile


def _patch_generator_methods(keras) -> None:
    for old, modern in GENERATOR_METHODS.items():
        if hasattr(keras.Model, old):
            continue

        def method(self, *args, _modern=modern, _old=old, **kwargs):
            used(f"`Model.{_old}` (removed in Keras 3) read as `Model.{_modern}`")
            for gone in ("workers", "use_multiprocessing", "max_queue_size"):
                kwargs.pop(gone, None)  # Keras 2 queue settings; Keras 3 reads the generator itself
            return getattr(self, _modern)(*args, **kwargs)

        method.__name__ = old
        setattr(keras.Model, old, method)


class _PoppableLayers(list):
    """``model.layers`` that, as in Keras 2, drops the model's last layer on ``pop()``.

    Keras 3 returns a fresh list each time, so ``model.layers.pop()`` changed nothing and
    the new head a notebook then adds would sit on top of the old one.  A Sequential model
    really loses its last layer (``Sequential.pop``); a functional one hides it from
    ``layers``, so ``model.layers[-1].output`` is the one below, as Keras 2 gave it.
    """

    def __init__(self, layers, model):
        super().__init__(layers)
        self._model = model

    def pop(self, index=-1):
        model = self._model
        if index not in (-1, len(self) - 1):
            return super().pop(index)  # only the last layer had a meaning in Keras 2
        layer = super().pop(index)
        used("`model.layers.pop()` removed the model's last layer, as in Keras 2")
        if hasattr(model, "pop") and callable(model.pop) and type(model).__name__ == "Sequential":
            model.pop()
        else:
            model.__dict__["_harness_popped"] = model.__dict__.get("_harness_popped", 0) + 1
        return layer


def _patch_layers_pop(keras) -> None:
    from keras.src.models.functional import Functional

    for cls in (keras.Model, Functional, keras.Sequential):  # each defines its own `layers`
        prop = cls.__dict__.get("layers")
        if isinstance(prop, property) and prop.fget is not None:
            cls.layers = property(_poppable(prop.fget), prop.fset, prop.fdel, prop.__doc__)


def _poppable(original):
    def layers(self):
        found = list(original(self))
        popped = self.__dict__.get("_harness_popped", 0)
        return _PoppableLayers(found[:len(found) - popped] if popped else found, self)

    return layers


def _patch_sequential_input_output(keras) -> None:
    """``model.input`` / ``model.output`` of a Sequential model (``keras.Model(model.input, conv.output)``,
    the usual way to read a layer's feature maps).  In Keras 2 a Sequential was a functional model and
    had them; Keras 3's Sequential keeps its graph inside and answers only ``inputs``/``outputs``, so
    ``input`` raises "has never been called".  A built Sequential that was never called answers its
    graph's single input and output, as Keras 2 did; anything else keeps Keras 3's answer or error."""
    sequential = keras.Sequential
    for name, plural in (("input", "inputs"), ("output", "outputs")):
        prop = _class_property(sequential, name)
        if prop is None or prop.fget is None:
            continue
        sequential_prop = property(_graph_fallback(prop.fget, name, plural), prop.fset, prop.fdel, prop.__doc__)
        setattr(sequential, name, sequential_prop)


def _class_property(cls, name: str):
    for klass in cls.__mro__:
        value = klass.__dict__.get(name)
        if value is not None:
            return value if isinstance(value, property) else None
    return None


def _graph_fallback(fget, name: str, plural: str):
    def read(self):
        try:
            return fget(self)
        except (AttributeError, ValueError):
            tensors = getattr(self, "_functional", None) and getattr(self._functional, plural, None)
            if not tensors or len(tensors) != 1:
                raise
            used(f"`model.{name}` of a Sequential model (gone in Keras 3) read as `model.{plural}[0]`")
            return tensors[0]

    return read
