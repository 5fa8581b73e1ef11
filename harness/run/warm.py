"""The grader's side of warm workers: one zygote per device, forked on request.

:func:`spawn` returns a handle that behaves like the ``subprocess.Popen`` of a cold
worker (``pid``, ``wait``, ``poll``): ``pid`` is the process group the grader kills and
the parent of the namespace's PID 1, exactly as ``unshare``'s pid is for a cold worker.
It returns None when no zygote can be had (``$HARNESS_WARM=0``, isolation without
root namespaces, the zygote failed to start or died); the caller then starts a cold
worker.  See :mod:`harness.worker.boot.zygote` for what the zygote does.
"""
from __future__ import annotations

import atexit
import itertools
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from harness.run import isolation

BOOT = ("import sys; sys.path[:] = [p for p in sys.path if p not in ('', '.')]; "
        "sys.path.insert(0, {root!r}); from harness.worker.boot.zygote import serve; serve(int(sys.argv[1]), sys.argv[2])")
READY_SECONDS = 180.0


def flavour(job: dict) -> str:
    """Which zygote: one holding TensorFlow for code that mentions it, else a light one (NumPy and the
    worker only): its forks, a process bomb's included, stay as small and fast as a cold worker's."""
    source = job.get("source", {})
    texts = [cell.get("code", "") for cell in source.get("cells", [])]
    for name in source.get("modules", {}).values():
        for folder in source.get("sys_path", []):
            module = Path(folder, *name.split(".")).with_suffix(".py")
            if module.is_file():
                texts.append(module.read_text(encoding="utf-8", errors="replace"))
    return "tensorflow" if any(_mentions_tensorflow(text) for text in texts) else "light"


def _mentions_tensorflow(code: str) -> bool:
    return "tensorflow" in code or "keras" in code


def enabled() -> bool:
    """Warm workers need root namespaces (the fork chain unshares without a user namespace)."""
    if os.environ.get("HARNESS_WARM", "1").strip().lower() in ("0", "off", "no", "false"):
        return False
    return isolation.level().namespaces and os.geteuid() == 0


class WarmProcess:
    """A forked worker as the grader sees it; its exit status comes from the zygote."""

    def __init__(self, pid: int, zygote: "Zygote"):
        self.pid, self.zygote = pid, zygote
        self.returncode: int | None = None
        self.finished = threading.Event()

    def poll(self) -> int | None:
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if not self.finished.wait(timeout):
            raise subprocess.TimeoutExpired(f"warm worker {self.pid}", timeout)
        return self.returncode

    def _ended(self, status: int) -> None:
        self.returncode = status
        self.finished.set()


class Zygote:
    def __init__(self, env: dict, root: str, flavour: str):
        self.folder = tempfile.mkdtemp(prefix="harness-zygote-")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        # Never the first worker's token: sweeping that worker would kill the zygote.
        env = {**{k: v for k, v in env.items() if k != isolation.TOKEN_VARIABLE},
               "HOME": self.folder, "TMPDIR": self.folder}
        argv = [sys.executable, "-s", "-c", BOOT.format(root=root), str(theirs.fileno()), flavour]
        with open(Path(self.folder) / "zygote.log", "wb") as log:
            self.process = subprocess.Popen(argv, cwd=self.folder, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                            stderr=subprocess.STDOUT, pass_fds=(theirs.fileno(),),
                                            start_new_session=True)
        theirs.close()
        self.socket = ours
        self.lock = threading.Lock()
        self.ids = itertools.count()
        self.replies: dict[int, dict] = {}
        self.handles: dict[int, WarmProcess] = {}
        self.early_exits: dict[int, int] = {}
        self.changed = threading.Condition()
        self.alive = self._await_ready()
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)  # nothing is left behind; its open log lives on
        if self.alive:
            threading.Thread(target=self._read, name="harness-zygote", daemon=True).start()

    def _await_ready(self) -> bool:
        self.socket.settimeout(READY_SECONDS)
        try:
            message = json.loads(self.socket.recv(1 << 16) or b"{}")
        except (OSError, ValueError):
            message = {}
        self.socket.settimeout(None)
        if message.get("op") != "ready":
            log = (Path(self.folder) / "zygote.log").read_text(errors="replace")[-2000:]
            print(f"harness: warm workers unavailable, starting workers cold ({log.strip()[-500:]})",
                  file=sys.stderr)
            self.close()
            return False
        return True

    def spawn(self, spec: dict, fds: tuple[int, int, int]) -> WarmProcess | None:
        """``fds``: the event pipe, the log file and the hidden-probe pipe, as a cold worker gets them."""
        request = next(self.ids)
        try:
            with self.lock:
                socket.send_fds(self.socket, [json.dumps({"id": request, "spec": spec}).encode()], list(fds))
        except OSError:
            self.alive = False
            return None
        with self.changed:
            self.changed.wait_for(lambda: request in self.replies or not self.alive, timeout=30)
            reply = self.replies.pop(request, {})
            if reply.get("op") != "started":
                return None
            handle = WarmProcess(reply["pid"], self)
            if reply["pid"] in self.early_exits:  # it ended before we held a handle
                handle._ended(self.early_exits.pop(reply["pid"]))
            else:
                self.handles[reply["pid"]] = handle
            return handle

    def _read(self) -> None:
        while True:
            try:
                message = json.loads(self.socket.recv(1 << 16) or b"{}")
            except (OSError, ValueError):
                message = {}
            with self.changed:
                if not message:
                    self.alive = False
                    for handle in self.handles.values():
                        handle._ended(-9)  # the zygote is gone and cannot say; treat as killed
                    self.handles.clear()
                    self.changed.notify_all()
                    return
                if message["op"] == "exit":
                    handle = self.handles.pop(message["pid"], None)
                    if handle is None:
                        self.early_exits[message["pid"]] = message["status"]
                    else:
                        handle._ended(message["status"])
                else:
                    self.replies[message["id"]] = message
                self.changed.notify_all()

    def close(self) -> None:
        self.alive = False
        try:
            # shutdown, not just close: the reader thread's blocked recv keeps the socket open otherwise,
            # and the zygote would wait for an end of file that never comes.
            self.socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            self.socket.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


_zygotes: dict[tuple, Zygote | None] = {}
_start_lock = threading.Lock()


def spawn(spec: dict, fds: tuple[int, int, int], *, env: dict, root: str, flavour: str = "tensorflow"
          ) -> WarmProcess | None:
    """A warm worker for ``spec`` (see :func:`harness.run.isolation.launch_spec`), or None: start it cold."""
    if not enabled():
        return None
    zygote = _zygote(env, root, flavour)
    return zygote.spawn(spec, fds) if zygote is not None else None


def prestart(env: dict, root: str, flavour: str) -> None:
    """Boot the zygote that workers with ``env`` will ask for, in the background, now: its imports
    (seconds, for TensorFlow) then overlap the grader's own start-up instead of following it."""
    if enabled():
        threading.Thread(target=_zygote, args=(env, root, flavour), name="harness-zygote-boot", daemon=True).start()


def _zygote(env: dict, root: str, flavour: str) -> Zygote | None:
    # Variables read when TensorFlow is imported must match the worker's, so one zygote per such set.
    key = (flavour,) + tuple(sorted((k, v) for k, v in env.items()
                                    if k not in ("HOME", "TMPDIR", isolation.TOKEN_VARIABLE)))
    with _start_lock:  # held while one boots: a worker asking meanwhile waits for it, as it would have
        zygote = _zygotes.get(key)
        if zygote is not None and not zygote.alive:
            zygote.close()
            zygote = _zygotes[key] = None  # died: do not wait minutes for another; the rest run cold
        elif key not in _zygotes:
            zygote = _zygotes[key] = Zygote(env, root, flavour)
            if not zygote.alive:
                _zygotes[key] = None
                zygote = None
    return zygote


@atexit.register
def shutdown() -> None:
    with _start_lock:
        for zygote in _zygotes.values():
            if zygote is not None:
                zygote.close()
        _zygotes.clear()
