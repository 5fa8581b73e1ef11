"""Every test runs offline against a private cache and empty data dirs.

The cache is shared by the session (fixtures are generated once, ~10 s) and passed
to subprocesses through the environment.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session", autouse=True)
def offline_dirs(tmp_path_factory):
    root = tmp_path_factory.mktemp("harness-data")
    saved = {k: os.environ.get(k) for k in ("HARNESS_DATA_CACHE", "HARNESS_DATA", "KERAS_HOME")}
    os.environ["HARNESS_DATA_CACHE"] = str(root / "cache")
    os.environ["KERAS_HOME"] = str(root / "keras")  # hide any real ~/.keras/datasets
    os.environ.pop("HARNESS_DATA", None)
    yield root
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture
def run_python():
    """Run code in a fresh interpreter (the worker's situation); returns its stdout."""
    return _run_python


def _run_python(code: str, timeout: int = 240) -> str:
    env = dict(os.environ, PYTHONPATH=str(REPO), TF_CPP_MIN_LOG_LEVEL="3")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=REPO)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout
