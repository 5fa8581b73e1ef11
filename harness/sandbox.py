"""Starting and stopping one worker process.

The worker gets a private temporary directory (its cwd and HOME), a scrubbed
environment, its own session and process group, and a pipe for events.  It is stopped
by signalling the whole process group, SIGTERM then SIGKILL, so a submission's child
processes go with it.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import plain
from .data.paths import cache_dir as data_cache_dir

HARNESS_ROOT = str(Path(__file__).resolve().parent.parent)
BOOT = ("import sys; sys.path[:] = [p for p in sys.path if p not in ('', '.')]; "
        "sys.path.insert(0, {root!r}); from harness.worker.main import main; main()")
SIGNAL_REASONS = {
    signal.SIGXCPU: "the CPU time limit was reached",
    signal.SIGXFSZ: "a file grew past the file size limit",
    signal.SIGSEGV: "the process crashed (segmentation fault)",
    signal.SIGABRT: "the process aborted",
    signal.SIGKILL: "the process was killed (often: out of memory)",
}


@dataclass
class Worker:
    process: subprocess.Popen
    workdir: Path
    events_fd: int
    log_path: Path

    def log_tail(self, size: int = 4000) -> str:
        try:
            with open(self.log_path, "rb") as log:
                log.seek(0, os.SEEK_END)
                log.seek(max(0, log.tell() - size))
                return log.read().decode("utf-8", "replace")
        except OSError:
            return ""


def start_worker(job: dict, inputs: dict[str, np.ndarray], *, device: str = "cpu") -> Worker:
    workdir = Path(tempfile.mkdtemp(prefix="harness-worker-"))
    (workdir / "job.json").write_text(json.dumps(job, allow_nan=False), encoding="utf-8")
    if inputs:
        plain.save_arrays(workdir / "inputs.npz", inputs)
    read_fd, write_fd = os.pipe()
    log_path = workdir / "worker.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-s", "-c", BOOT.format(root=HARNESS_ROOT), str(workdir), str(write_fd)],
            cwd=workdir, env=worker_environment(workdir, device), stdin=subprocess.DEVNULL,
            stdout=log, stderr=subprocess.STDOUT, pass_fds=(write_fd,), start_new_session=True)
    os.close(write_fd)
    return Worker(process, workdir, read_fd, log_path)


def worker_environment(workdir: Path, device: str) -> dict[str, str]:
    """Only what Python and TensorFlow need; nothing of the grader's own environment leaks in."""
    env = {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": str(workdir), "TMPDIR": str(workdir), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
        "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8",
        "MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "2", "KERAS_BACKEND": "tensorflow",
    }
    if device == "cpu":
        env["CUDA_VISIBLE_DEVICES"] = ""
    # Fixtures are generated once and shared: point every worker at the grader's data cache.
    env["HARNESS_DATA_CACHE"] = str(data_cache_dir())
    # Real data the grader can see (keras's cache included), since the worker's HOME is its own.
    env["HARNESS_DATA"] = os.environ.get("HARNESS_DATA") or str(
        Path(os.environ.get("KERAS_HOME") or Path.home() / ".keras") / "datasets")
    for name in ("OMP_NUM_THREADS", "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "VIRTUAL_ENV"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def stop_worker(worker: Worker, grace: float = 0.5) -> int | None:
    """Signal the whole process group; return the worker's exit status."""
    _signal_group(worker.process.pid, signal.SIGTERM)
    try:
        worker.process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    _signal_group(worker.process.pid, signal.SIGKILL)
    try:
        return worker.process.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover - a process stuck in the kernel
        return None


def cleanup(worker: Worker) -> None:
    _signal_group(worker.process.pid, signal.SIGKILL)  # stragglers the submission left behind
    try:
        os.close(worker.events_fd)
    except OSError:
        pass
    shutil.rmtree(worker.workdir, ignore_errors=True)


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def exit_reason(status: int | None) -> str:
    if status is None:
        return "the process could not be stopped"
    if status < 0:
        sig = signal.Signals(-status)
        return SIGNAL_REASONS.get(sig, f"the process was killed by {sig.name}")
    return f"the process exited with status {status}"

