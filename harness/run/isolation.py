"""How much a worker is shut in, decided once per machine, and how its processes are swept.

Threat model: a student controls the content of their submission and nothing else; its
code runs in the worker with the harness's inputs and may do anything Python can do.
What holds it, from outside the worker process (it cannot undo any of these):

* ``unshare`` (util-linux) puts the worker in new network, mount and PID namespaces:
  no network at all; :mod:`harness.worker.boot.launch` is PID 1, so killing it kills every process
  the submission started, including ones that ``setsid``, double-fork or ignore SIGTERM.
* As root, the launcher builds a jail (read-only system, Python and ``harness`` package
  only, a private ``/tmp``): ``reference/``, ``rubrics/``, the expected-values cache,
  other submissions and the output folder do not exist inside it.  The worker then
  drops to a uid of its own (``$HARNESS_SANDBOX_UID``, default 61000 and up, one per
  running worker) with ``no_new_privs``, so it can write only its own directory.
* Hard resource limits (address space, CPU time, file size, processes, open files,
  core dumps) are set by the launcher before Python starts; the worker cannot raise them.

``$HARNESS_ISOLATION`` chooses: ``auto`` (default: the strongest the machine allows),
``namespaces`` (``unshare`` only, no jail), ``off`` (limits and process-group kill only;
for debugging).  Whatever is missing is reported as a warning in every result.
"""
from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
import signal
import site
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PACKAGE = str(Path(__file__).resolve().parents[1])
LAUNCHER = str(Path(PACKAGE) / "worker" / "boot" / "launch.py")
UID_POOL = 1000
TOKEN_VARIABLE = "HARNESS_WORKER_TOKEN"


@dataclass(frozen=True)
class Level:
    namespaces: bool  # network off, PID namespace killed as a whole
    jail: bool  # files hidden, private /tmp, unprivileged uid
    warnings: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def level() -> Level:
    wanted = os.environ.get("HARNESS_ISOLATION", "auto").strip().lower()
    if wanted == "off":
        return Level(False, False, ("isolation is off ($HARNESS_ISOLATION=off): the submission had network "
                                    "access and could read the grader's files",))
    unshare = shutil.which("unshare")
    root = os.geteuid() == 0
    if unshare is None or not _probe([unshare, "--net", "--mount", "--pid", "--fork", *_user_flag(root), "true"]):
        return Level(False, False, ("no network or PID namespace on this machine (util-linux `unshare` missing "
                                    "or not permitted): the submission had network access and could read "
                                    "files the grader can read",))
    if wanted == "namespaces" or not root:
        why = "asked for" if wanted == "namespaces" else "the harness does not run as root"
        return Level(True, False, (f"no file jail ({why}): the submission could read files the grader can read "
                                   "and write where the grader's user can",))
    return Level(True, True)


def _user_flag(root: bool) -> list[str]:
    return [] if root else ["--map-root-user"]


def _probe(command: list[str]) -> bool:
    try:
        return subprocess.run(command, capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


class _Uids:
    """One uid per running worker, so process limits and file permissions are per worker.

    Several harness processes may grade at once on one machine (a grade and a validate, two
    instructors): a uid is held with an ``flock`` on a file of its own, so no two of them hand
    out the same uid, and a crashed grader's uids come free with its descriptors.
    """

    def __init__(self):
        self.base = int(os.environ.get("HARNESS_SANDBOX_UID", "61000"))
        self.lock = threading.Lock()
        self.held: dict[int, int] = {}  # uid -> descriptor of its locked file

    def take(self) -> int:
        with self.lock:
            folder = _uid_lock_folder()
            for uid in range(self.base, self.base + UID_POOL):
                if uid in self.held:
                    continue
                fd = os.open(folder / f"{uid}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(fd)
                    continue
                self.held[uid] = fd
                return uid
            raise RuntimeError(f"all {UID_POOL} sandbox uids from {self.base} are in use")

    def give(self, uid: int | None) -> None:
        with self.lock:
            fd = self.held.pop(uid, None)
            if fd is not None:
                os.close(fd)


def _uid_lock_folder() -> Path:
    # One fixed place for every harness process on the machine (not $TMPDIR, which each may set).
    default = Path("/run/lock" if os.path.isdir("/run/lock") else "/tmp") / "harness-sandbox-uids"
    folder = Path(os.environ.get("HARNESS_UID_LOCKS") or default)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


UIDS = _Uids()


def command(argv: list[str], env: dict, workdir: Path, jail_root: Path, limits: dict, trusted: bool
            ) -> tuple[list[str], int | None]:
    """The command that starts ``argv`` under the machine's isolation, and the uid it runs as."""
    spec, uid = launch_spec(argv, env, workdir, jail_root, limits, trusted)
    return wrap(spec, argv, env, limits), uid


def wrap(spec: dict | None, argv: list[str], env: dict, limits: dict) -> list[str]:
    """The cold command for a spec from :func:`launch_spec`: ``unshare`` and the launcher (or ``prlimit``),
    killed with the grader (see :func:`dies_with_grader`)."""
    if spec is None:
        return dies_with_grader(_plain_command(argv, env, limits))
    prefix = [shutil.which("unshare"), "--net", "--mount", "--pid", "--fork", "--kill-child=SIGKILL",
              *_user_flag(os.geteuid() == 0)]
    return dies_with_grader(prefix + [sys.executable, "-I", "-S", LAUNCHER, json.dumps(spec)])


def dies_with_grader(command: list[str]) -> list[str]:
    """``command`` under ``setpriv --pdeathsig KILL``: a grader killed with SIGKILL cannot stop its
    workers, so the kernel does.  The signal follows the thread that starts the worker, which is the
    thread that supervises it to the end.  ``unshare --kill-child`` and the launcher's own death signal
    then take the whole namespace down.  Without setpriv (not Linux's util-linux) the command is kept.
    """
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "KILL", "--", *command] if setpriv else command


def launch_spec(argv: list[str], env: dict, workdir: Path, jail_root: Path, limits: dict, trusted: bool
                ) -> tuple[dict | None, int | None]:
    """What the launcher (or a warm worker, harness/zygote.py) sets up; None without namespaces."""
    lvl = level()
    if not lvl.namespaces:
        return None, None
    jail = lvl.jail and not trusted  # trusted reference code needs reference/ on its path
    uid = UIDS.take() if jail else None
    if uid is None:  # RLIMIT_NPROC counts every process of the uid: only meaningful for a uid of its own
        limits = {k: v for k, v in limits.items() if k != "nproc"}
    spec = {"argv": argv, "env": env, "workdir": str(workdir), "limits": limits,
            "uid": uid, "gid": uid, "jail_root": str(jail_root) if jail else None,
            "read_only": read_only_paths(), "tmp_mb": 256,
            "devices": [p.name for p in Path("/dev").glob("nvidia*")]}
    if uid is not None:
        os.chown(workdir, uid, uid)
        for child in workdir.iterdir():
            os.chown(child, uid, uid)
    return spec, uid


def _plain_command(argv, env, limits) -> list[str]:
    """Without namespaces: ``prlimit`` still sets hard limits before Python starts, if present."""
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        return argv
    names = {"as": "as", "cpu": "cpu", "fsize": "fsize", "nproc": "nproc", "nofile": "nofile", "core": "core"}
    flags = [f"--{names[k]}={int(v)}:{int(v)}" for k, v in limits.items() if k != "nproc"]
    return [prlimit, *flags, "--", *argv]


def read_only_paths() -> list[str]:
    """What a worker may see: the system, the Python installation, the harness package."""
    paths = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/etc", "/sys", "/opt"]
    for prefix in {sys.prefix, sys.base_prefix, sys.exec_prefix, *site.getsitepackages()}:
        if not any(prefix == p or prefix.startswith(p + "/") for p in paths):
            paths.append(prefix)
    return paths + [PACKAGE] + data_paths()


def data_paths() -> list[str]:
    """Datasets the worker serves: the fixture cache (filled by the grader first) and real data, read-only."""
    from harness.data.paths import cache_dir

    found = [str(cache_dir())]
    real = os.environ.get("HARNESS_DATA") or str(Path(os.environ.get("KERAS_HOME") or Path.home() / ".keras")
                                                 / "datasets")
    if os.path.isdir(real):
        found.append(real)
    return found


def new_token() -> str:
    return secrets.token_hex(16)


def sweep(pid: int, token: str, namespace: str | None) -> int:
    """SIGKILL every process of one worker still alive; return how many were found."""
    found = 0
    for _ in range(50):
        victims = [p for p in _processes() if p != os.getpid() and _field(p, "State") not in (None, "Z")
                   and _belongs(p, pid, token, namespace)]
        if not victims:
            return found
        found += len(victims)
        for victim in victims:
            try:
                os.kill(victim, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.02)
    return found


def pid_namespace(pid: int) -> str | None:
    """The PID namespace of the launcher (``pid``'s child), to sweep by later."""
    for child in _processes():
        if _field(child, "PPid") == str(pid):
            try:
                return os.readlink(f"/proc/{child}/ns/pid")
            except OSError:
                return None
    return None


def worker_pid(top: int, levels: int) -> int | None:
    """The process that runs student code: ``top`` itself, or its only descendant ``levels`` down
    (``unshare`` or a zygote's child, then the launcher).  Asked when the worker says "ready",
    before any student code could start a process of its own; None when it cannot be told."""
    pid = top
    for _ in range(levels):
        children = [p for p in _processes() if _field(p, "PPid") == str(pid)]
        if len(children) != 1:
            return None
        pid = children[0]
    return pid


def holds_pipe(pid: int, fd: int, link: str) -> bool:
    """Whether ``pid`` still has ``link`` (``pipe:[inode]``) open as ``fd``; True when it cannot be
    seen or the process has ended (its end is then closed by the exit, which the grader reads as such)."""
    try:
        return os.readlink(f"/proc/{pid}/fd/{fd}") == link
    except FileNotFoundError:
        return _field(pid, "State") in (None, "Z")
    except OSError:
        return True


def _belongs(victim: int, pid: int, token: str, namespace: str | None) -> bool:
    if victim == pid:
        return True
    try:
        if namespace and os.readlink(f"/proc/{victim}/ns/pid") == namespace:
            return True
        with open(f"/proc/{victim}/environ", "rb") as handle:
            return f"{TOKEN_VARIABLE}={token}".encode() in handle.read().split(b"\0")
    except OSError:
        return False


def _processes() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _field(pid: int, name: str) -> str | None:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(name + ":"):
                    return line.split()[1]
    except OSError:
        pass
    return None
