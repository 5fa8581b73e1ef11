"""`resolve_device`: turn --device auto|cpu|gpu into "cpu" or "gpu" without importing TensorFlow.

The grader process must stay light, so "auto" is decided from cheap evidence: an
NVIDIA driver that lists a GPU (`/proc/driver/nvidia/gpus/*` or `nvidia-smi -L`) and
an installed TensorFlow build that can use it (the `tensorflow-cpu` wheel never can).
`exact=True` instead asks TensorFlow itself in a short subprocess (~5 s).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

DEVICES = ("auto", "cpu", "gpu")
_PROBE = "import tensorflow as tf; print(len(tf.config.list_physical_devices('GPU')))"


def resolve_device(requested: str = "auto", *, exact: bool = False) -> str:
    if requested not in DEVICES:
        raise ValueError(f"device must be one of {DEVICES}, not {requested!r}")
    if requested != "auto":
        return requested
    if os.environ.get("CUDA_VISIBLE_DEVICES", None) in ("", "-1"):
        return "cpu"
    if exact:
        return "gpu" if _tensorflow_sees_gpu() else "cpu"
    return "gpu" if _driver_lists_gpu() and _tensorflow_can_use_gpu() else "cpu"


def _driver_lists_gpu() -> bool:
    gpus = Path("/proc/driver/nvidia/gpus")
    if gpus.is_dir() and any(gpus.iterdir()):
        return True
    smi = shutil.which("nvidia-smi")
    if not smi:
        return False
    try:
        out = subprocess.run([smi, "-L"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0 and "GPU" in out.stdout


def _tensorflow_can_use_gpu() -> bool:
    """A GPU-capable TensorFlow wheel is installed (not only `tensorflow-cpu`)."""
    for dist in ("tensorflow", "tf-nightly", "tensorflow-gpu"):
        try:
            metadata.version(dist)
            return True
        except metadata.PackageNotFoundError:
            continue
    return False


def _tensorflow_sees_gpu() -> bool:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    try:
        out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                             timeout=120, env=env)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0 and out.stdout.strip().splitlines()[-1:] not in ([], ["0"])
