"""The warm parent ("zygote") that worker processes are forked from.

Importing TensorFlow costs seconds per process; forking a parent that has already
imported NumPy, TensorFlow, Keras and the worker's half of the harness (and run no
TensorFlow op, so no runtime or thread pool exists yet) costs milliseconds.  Every
submission still gets a fresh process of its own, confined by the same steps and the
same code as a cold worker (:mod:`harness.worker.boot.launch`):

    zygote --fork--> B  setsid, log as stdout/stderr, unshare(net, mount, pid)   [as `unshare --fork`]
             B --fork--> C  PID 1 of the new PID namespace: builds the jail       [as launch.main]
                   C --fork--> D  launch.confine: rlimits, uid, no_new_privs      [as launch.become_worker]
                                  then harness.worker.main instead of execve

The grader (:mod:`harness.run.warm`) asks for a worker over a Unix socket, passing the
event pipe, the log file and the hidden-probe pipe as descriptors; the zygote answers with B's pid (the
process group the grader kills) and later B's exit status.  The zygote runs no
student code and reads no job data beyond the launcher's spec.  It exits when the
grader's end of the socket closes.
"""
from __future__ import annotations

import ctypes
import fcntl
import json
import os
import select
import signal
import socket
import sys

CLONE_NEWNS, CLONE_NEWNET, CLONE_NEWPID = 0x00020000, 0x40000000, 0x20000000
LIGHT = ("numpy", "harness.worker.main", "harness.worker.probes", "harness.worker.determinism",
         "harness.worker.shims", "harness.data.serve", "harness.worker.boot.launch")
PRELOADED = {"light": LIGHT, "tensorflow": LIGHT + ("tensorflow", "keras")}


def serve(control_fd: int, flavour: str = "tensorflow") -> None:
    """The zygote's life: import, say ready, then fork workers until the grader goes away.

    Two flavours: "tensorflow" for code that imports it, "light" (what every worker imports
    before student code anyway) for the rest, whose forks stay small and fast.
    """
    import importlib

    for name in PRELOADED[flavour]:
        importlib.import_module(name)
    control = socket.socket(fileno=control_fd)
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    control.send(json.dumps({"op": "ready", "pid": os.getpid()}).encode())
    keep = {control.fileno(), wake_read, wake_write}
    while True:
        readable, _, _ = select.select([control, wake_read], [], [])
        if wake_read in readable:
            os.read(wake_read, 4096)
        _report_exits(control)
        if control in readable:
            try:
                message, fds, _, _ = socket.recv_fds(control, 1 << 20, 4)
            except OSError:
                message, fds = b"", []
            if not message:
                os._exit(0)  # the grader is gone
            _spawn(control, json.loads(message), fds, keep)


def _report_exits(control: socket.socket) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        control.send(json.dumps({"op": "exit", "pid": pid, "status": os.waitstatus_to_exitcode(status)}).encode())


def _spawn(control: socket.socket, request: dict, fds: list[int], keep: set[int]) -> None:
    events_fd, log_fd, hidden_fd = fds
    try:
        pid = os.fork()
    except OSError as exc:
        control.send(json.dumps({"op": "failed", "id": request["id"], "error": str(exc)}).encode())
        pid = None
    if pid == 0:
        try:
            _unshare_step(request["spec"], (events_fd, hidden_fd), log_fd, keep)
        except BaseException as exc:  # noqa: BLE001 - report in the worker's log and leave
            os.write(2, f"harness zygote: {exc!r}\n".encode())
        os._exit(70)
    for fd in fds:
        os.close(fd)
    if pid is not None:
        control.send(json.dumps({"op": "started", "id": request["id"], "pid": pid}).encode())


def _unshare_step(spec: dict, pipes: tuple[int, int], log_fd: int, keep: set[int]) -> None:
    """B: what ``unshare --net --mount --pid --fork --kill-child=SIGKILL`` does, then wait for C.

    ``pipes`` are the event pipe and the hidden-probe pipe, as received: they get the numbers
    (and inheritability) a cold worker's have, the last two of its argv."""
    from harness.worker.boot import launch

    zygote = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    # Dies with the zygote, which exits when the grader goes away; C dies with B, the namespace with C.
    libc.prctl(launch.PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != zygote:  # the zygote died before the line above: no signal will come
        os._exit(1)
    signal.set_wakeup_fd(-1)
    for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL)
    os.setsid()
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(log_fd, 1)
    os.dup2(log_fd, 2)
    for fd in keep | {null, log_fd}:
        if fd > 2:
            os.close(fd)
    events_fd = _renumber(pipes, [int(n) for n in spec["argv"][-2:]])
    if libc.unshare(CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWPID) != 0:
        raise OSError(ctypes.get_errno(), "unshare(net, mount, pid)")
    alive_read, alive_write = os.pipe()  # closes when B dies: C's way to see that from its namespace
    child = os.fork()
    if child == 0:
        os.close(alive_write)
        _launcher_step(spec, events_fd, libc, alive_read)
    os.close(alive_read)
    # B and C keep the event pipe open, as `unshare` and the launcher do: a worker closing its end is not EOF.
    _, status = os.waitpid(child, 0)
    if os.WIFSIGNALED(status):
        os.kill(os.getpid(), os.WTERMSIG(status))  # as unshare does: end the way the child ended
    os._exit(os.waitstatus_to_exitcode(status))


def _renumber(fds, numbers: list[int]) -> int:
    """Give each fd its number (inheritable), through numbers above all of them so none is lost."""
    floor = max(numbers) + 1
    high = [fcntl.fcntl(fd, fcntl.F_DUPFD, floor) for fd in fds]
    for fd in fds:
        os.close(fd)
    for fd, number in zip(high, numbers):
        os.dup2(fd, number)
        os.close(fd)
    return numbers[0]


def _launcher_step(spec: dict, events_fd: int, libc, alive_read: int) -> None:
    """C: PID 1 of the namespace, as :func:`harness.worker.boot.launch.main`."""
    from harness.worker.boot import launch

    try:
        libc.prctl(launch.PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # --kill-child=SIGKILL
        if select.select([alive_read], [], [], 0)[0]:  # B died before the line above: no signal will come
            os._exit(137)
        os.close(alive_read)
        if spec.get("jail_root"):
            launch.build_jail(spec)
        child = os.fork()
    except BaseException as exc:  # noqa: BLE001
        os.write(2, f"harness launcher: {exc}\n".encode())
        os._exit(70)
    if child == 0:
        try:
            launch.confine(spec)
            _run_worker(spec, events_fd)
        except BaseException as exc:  # noqa: BLE001 - as the cold launcher: report, leave before "ready"
            os.write(2, f"harness launcher: {exc}\n".encode())
        os._exit(70)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda *_: os._exit(143))  # leaving kills the whole namespace
    while True:
        pid, status = os.wait()
        if pid == child:
            break
    os._exit(128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status))


def _run_worker(spec: dict, events_fd: int) -> None:
    """D, confined: the environment and argv the cold worker's ``execve`` would give, then its main."""
    import tempfile

    os.environ.clear()
    os.environ.update(spec["env"])
    tempfile.tempdir = None  # computed again from this worker's TMPDIR
    _rehome_keras(spec["env"].get("HOME", spec["workdir"]))
    workdir = spec["workdir"]
    sys.argv = ["-c", workdir, str(events_fd), spec["argv"][-1]]
    _stash_preloaded()
    from harness.worker.main import main

    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        os._exit(code)
    except BaseException:  # noqa: BLE001 - as an uncaught exception in a cold Python: traceback, status 1
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)
    os._exit(0)


def _stash_preloaded() -> None:
    """Take TensorFlow and Keras out of ``sys.modules`` until the submission imports one of them.

    A cold worker loads them (``import tensorflow`` loads keras too, and the reverse) only when
    the student's code asks, and the grader's post-import hooks (seeds, op determinism, the
    served datasets, the epoch cap) run at that moment; the same happens here, from memory.
    """
    stashed = {name: module for name, module in sys.modules.items() if name.split(".")[0] in GROUP}
    for name in stashed:
        del sys.modules[name]
    sys.meta_path.insert(0, _Preloaded(stashed))


GROUP = ("tensorflow", "keras", "tf_keras", "tensorboard")


class _Preloaded:
    """A finder that puts the whole stashed group back on the first import of any of it."""

    def __init__(self, stashed: dict):
        self.stashed = stashed

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in self.stashed:
            return None
        import importlib.util

        from harness.data import hooks

        wanted = self.stashed.pop(fullname)
        restored = list(self.stashed.items())
        sys.modules.update(restored)
        self.stashed.clear()
        sys.meta_path.remove(self)
        for name, module in restored:  # as if each had just been imported: its hooks run now
            for callback in hooks._callbacks.pop(name, []):
                callback(module)
        return importlib.util.spec_from_loader(fullname, _Ready(wanted), origin=getattr(wanted, "__file__", None))


class _Ready:
    def __init__(self, module):
        self.module, self.spec = module, getattr(module, "__spec__", None)

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        module.__spec__ = self.spec  # the import machinery set ours; the original knows its real loader


def _rehome_keras(home: str) -> None:
    """Keras fixed its config folder (``~/.keras``) when the zygote imported it; a cold worker's is in its HOME."""
    config = sys.modules.get("keras.src.backend.config")
    if config is not None and hasattr(config, "_KERAS_DIR") and not os.environ.get("KERAS_HOME"):
        config._KERAS_DIR = os.path.join(home, ".keras")


if __name__ == "__main__":  # pragma: no cover - started by harness.run.warm
    serve(int(sys.argv[1]), sys.argv[2])
