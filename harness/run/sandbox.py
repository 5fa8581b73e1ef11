"""Starting and stopping one worker process.

The worker gets a private temporary directory (its cwd and HOME), a scrubbed
environment, its own session and process group, and a pipe for events.  It starts
under :mod:`harness.run.isolation` (namespaces, jail, unprivileged uid, hard limits set
before Python starts).  It is stopped by signalling the whole process group, SIGTERM
then SIGKILL, and then every process left of it is swept (by PID namespace, else by a
token in its environment), so nothing a submission started outlives its grading.
"""
from __future__ import annotations

import io
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

from harness.contract import plain
from harness.data.paths import cache_dir as data_cache_dir
from harness.run import isolation, warm

HARNESS_ROOT = str(Path(__file__).resolve().parents[2])
BOOT = ("import sys; sys.path[:] = [p for p in sys.path if p not in ('', '.')]; "
        "sys.path.insert(0, {root!r}); from harness.worker.main import main; main()")
PROCESSES = 256  # the default; threads count too: TensorFlow starts a pool per core
OPEN_FILES = 1024


@dataclass
class Worker:
    process: subprocess.Popen
    workdir: Path
    events_fd: int
    log_path: Path
    base: Path | None = None
    log_fd: int = -1  # the grader's own handle: the student may replace the file, not this
    hidden_fd: int = -1  # the grader's end of the pipe that announces the hidden probes (see deliver_hidden)
    event_number: int = -1  # the event pipe's descriptor number in the worker (its argv says which)
    levels: int = 0  # trusted processes between ``process`` and the worker (launcher chain), see isolation.worker_pid
    uid: int | None = None
    token: str = ""
    namespace: str | None = None
    isolated: bool = False

    def log_tail(self, size: int = 4000) -> str:
        try:
            end = os.fstat(self.log_fd).st_size
            return os.pread(self.log_fd, size, max(0, end - size)).decode("utf-8", "replace")
        except OSError:
            return ""

    def log_size(self) -> int:
        try:
            return os.fstat(self.log_fd).st_size
        except OSError:
            return 0


def start_worker(job: dict, inputs: dict[str, np.ndarray], *, device: str = "cpu") -> Worker:
    base = Path(tempfile.mkdtemp(prefix="harness-worker-"))
    workdir, jail_root = base / "work", base / "root"
    workdir.mkdir(mode=0o700)
    jail_root.mkdir(mode=0o700)
    (workdir / "job.json").write_text(json.dumps(job, allow_nan=False), encoding="utf-8")
    if inputs:
        plain.save_arrays(workdir / "inputs.npz", inputs)
    read_fd, write_fd = os.pipe()
    hidden_read, hidden_write = os.pipe()
    os.set_blocking(hidden_write, False)  # the student can reopen and fill this pipe: never wait on it
    log_path = workdir / "worker.log"
    token = isolation.new_token()
    env = {**worker_environment(workdir, device), isolation.TOKEN_VARIABLE: token}
    argv = [sys.executable, "-s", "-c", BOOT.format(root=HARNESS_ROOT), str(workdir), str(write_fd), str(hidden_read)]
    trusted = job.get("source", {}).get("kind") == "modules"
    limits = outside_limits(job.get("limits", {}))
    spec, uid = isolation.launch_spec(argv, env, workdir, jail_root, limits, trusted)
    log_fd = os.open(log_path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    if uid is not None:
        os.fchown(log_fd, uid, uid)
    try:
        # Forked from a warm parent when one can be had (same confinement, see harness/zygote.py), else cold.
        process = None
        if spec is not None:
            process = warm.spawn(spec, (write_fd, log_fd, hidden_read), env=env, root=HARNESS_ROOT,
                                 flavour=warm.flavour(job))
        command = argv
        if process is None:
            command = isolation.wrap(spec, argv, env, limits)
            process = subprocess.Popen(command, cwd=workdir, env=env, stdin=subprocess.DEVNULL, stdout=log_fd,
                                       stderr=subprocess.STDOUT, pass_fds=(write_fd, hidden_read),
                                       start_new_session=True)
    finally:
        os.close(write_fd)
        os.close(hidden_read)
    return Worker(process, workdir, read_fd, log_path, base=base, log_fd=log_fd, hidden_fd=hidden_write, uid=uid,
                  token=token, isolated=spec is not None or len(command) > len(argv),
                  levels=2 if spec is not None else 0, event_number=write_fd)


def deliver_hidden(worker: Worker, probes: list[dict], arrays: dict[str, np.ndarray]) -> None:
    """Write the hidden probes (and their arrays) for the worker, then wake it with their file's name.

    Only now do hidden inputs exist anywhere the worker can reach.  The name is fresh and the files
    are created exclusively, without following links, in the worker's own folder: nothing the
    submission prepared there can redirect the grader's writes.  Raises OSError when the pipe is
    closed or full (the submission reopened and filled it).
    """
    token = isolation.new_token()
    buffer = io.BytesIO()
    if arrays:
        np.savez(buffer, **arrays)
    folder = os.open(worker.workdir, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        for name, data in ((f"{token}.npz", buffer.getvalue()), (f"{token}.json", json.dumps(probes).encode())):
            if not data:
                continue
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=folder)
            try:
                if worker.uid is not None:
                    os.fchown(fd, worker.uid, worker.uid)
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)
    finally:
        os.close(folder)
    if os.write(worker.hidden_fd, f"{token}\n".encode()) != len(token) + 1:
        raise OSError("the hidden-probe pipe took part of a line")


def outside_limits(limits: dict) -> dict[str, int]:
    """The job's limits as hard rlimits, set before the worker's Python starts."""
    out = {"nproc": int(limits.get("processes") or PROCESSES), "nofile": OPEN_FILES, "core": 0}
    if limits.get("memory_mb"):
        out["as"] = int(limits["memory_mb"]) * 2**20
    if limits.get("cpu_seconds"):
        out["cpu"] = int(limits["cpu_seconds"])
    if limits.get("file_mb"):
        out["fsize"] = int(limits["file_mb"]) * 2**20
    return out


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
    """Signal the whole process group, SIGTERM then SIGKILL; return the worker's exit status."""
    if worker.isolated and worker.namespace is None:
        worker.namespace = isolation.pid_namespace(worker.process.pid)
    _signal_group(worker.process.pid, signal.SIGTERM)
    try:
        worker.process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    _signal_group(worker.process.pid, signal.SIGKILL)
    isolation.sweep(worker.process.pid, worker.token, worker.namespace)
    try:
        return worker.process.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover - a process stuck in the kernel
        return None


def cleanup(worker: Worker) -> int:
    """Kill whatever is left of the worker, free its uid and directory; return how many were left."""
    _signal_group(worker.process.pid, signal.SIGKILL)  # stragglers the submission left behind
    left = isolation.sweep(worker.process.pid, worker.token, worker.namespace)
    try:
        worker.process.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover - a process stuck in the kernel
        pass
    for fd in (worker.events_fd, worker.log_fd, worker.hidden_fd):
        try:
            os.close(fd)
        except OSError:
            pass
    shutil.rmtree(worker.base or worker.workdir, ignore_errors=True)
    isolation.UIDS.give(worker.uid)
    return left


def disk_usage(folder, cap: int, max_entries: int = 20_000) -> int:
    """Bytes under ``folder`` (stops early past ``cap``); a flood of entries counts as full."""
    total, seen, stack = 0, 0, [str(folder)]
    while stack and total <= cap:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            seen += 1
            if seen > max_entries:
                return cap + 1
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    total += entry.stat(follow_symlinks=False).st_blocks * 512
            except OSError:
                continue
    return total


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass
