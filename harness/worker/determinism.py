"""Seeds, op determinism and device choice for one worker process.

`apply(seed, device)` runs first in the worker, before any student code. What must
happen before TensorFlow is imported (hiding GPUs, deterministic-ops env vars) happens
now; what needs TensorFlow happens when the student imports it (a post-import hook),
or at once when it is already loaded. Grading the same submission twice then gives
the same numbers.
"""
from __future__ import annotations

import os
import random

import numpy as np

from harness.data.hooks import when_imported

_state: dict = {}


def apply(seed: int, device: str = "cpu", *, intra_op_threads: int | None = 2) -> dict:
    """Seed Python, NumPy and (lazily) TensorFlow/keras; "cpu" hides GPUs.

    Returns the live record of what was set; TensorFlow's version and settings
    are filled in when it is imported, so read it again (or call `state()`) at the
    end of the run for results.json.
    """
    if device not in ("cpu", "gpu", "auto"):
        raise ValueError(f"device must be 'cpu', 'gpu' or 'auto', not {device!r}")
    _state.clear()
    _state.update(seed=seed, device=device, tensorflow=None, op_determinism=False)
    os.environ["PYTHONHASHSEED"] = str(seed)  # for child processes; ours is already salted
    os.environ["TF_DETERMINISTIC_OPS"] = "1"
    os.environ["TF_CUDNN_DETERMINISTIC"] = "1"
    if device == "cpu":
        os.environ["CUDA_VISIBLE_DEVICES"] = ""
    random.seed(seed)
    np.random.seed(seed)
    when_imported("tensorflow", lambda tf: _configure_tensorflow(tf, seed, device, intra_op_threads))
    # keras.utils.set_random_seed also seeds keras's own global SeedGenerator state.
    when_imported("keras", lambda keras: _seed_keras(keras, seed))
    return _state


def state() -> dict:
    """What `apply` set, including TensorFlow's details once it was imported."""
    return dict(_state)


def _configure_tensorflow(tf, seed, device, intra_op_threads) -> None:
    _state["tensorflow"] = getattr(tf, "__version__", None)
    tf.random.set_seed(seed)
    try:
        tf.config.experimental.enable_op_determinism()
        _state["op_determinism"] = True
    except Exception as exc:  # noqa: BLE001 - record, never break the student's import
        _state["op_determinism_error"] = repr(exc)
    try:
        tf.config.threading.set_inter_op_parallelism_threads(1)
        if intra_op_threads:
            tf.config.threading.set_intra_op_parallelism_threads(intra_op_threads)
        _state["threads"] = {"inter_op": 1, "intra_op": intra_op_threads}
    except RuntimeError as exc:  # TensorFlow's runtime already started
        _state["threads_error"] = str(exc)
    if device == "cpu":
        try:
            tf.config.set_visible_devices([], "GPU")
        except RuntimeError as exc:
            _state["device_error"] = str(exc)
    _state["gpus_visible"] = len(tf.config.get_visible_devices("GPU"))


def _seed_keras(keras, seed) -> None:
    keras.utils.set_random_seed(seed)
    _state["keras"] = getattr(keras, "__version__", None)
