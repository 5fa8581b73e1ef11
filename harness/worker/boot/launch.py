"""The trusted launcher between the grader and a worker (standard library only).

Run as ``python -I -S launch.py SPEC`` inside fresh namespaces made by ``unshare``
(network, mount, PID; see :mod:`harness.run.isolation`).  It is PID 1 of the worker's PID
namespace, so when it dies the kernel kills every process the submission started,
``setsid`` and double forks included.  Before any student code exists it:

1. builds a jail (when SPEC asks): a tmpfs root holding read-only binds of the system,
   the Python installation and the ``harness`` package only, a fresh ``/tmp``, a minimal
   ``/dev`` and the worker's directory, then ``chroot``s into it;
2. forks the worker, which sets hard resource limits, drops to an unprivileged uid with
   ``no_new_privs`` and execs Python;
3. waits, reaping orphans, and exits with the worker's status (128 + signal when it
   was killed by a signal, since PID 1 cannot kill itself).

Nothing here imports the harness: it must run before anything the student could touch.
"""
import ctypes
import json
import os
import resource
import signal
import sys

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38
DEVICES = ("null", "zero", "full", "random", "urandom")
LIMITS = {"as": resource.RLIMIT_AS, "cpu": resource.RLIMIT_CPU, "fsize": resource.RLIMIT_FSIZE,
          "nproc": resource.RLIMIT_NPROC, "nofile": resource.RLIMIT_NOFILE, "core": resource.RLIMIT_CORE}

_libc = ctypes.CDLL(None, use_errno=True)


def _mount(source, target, fstype, flags, data=None) -> None:
    encode = lambda s: None if s is None else os.fsencode(s)  # noqa: E731
    if _libc.mount(encode(source), encode(target), encode(fstype), ctypes.c_ulong(flags), encode(data)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {source} on {target}: {os.strerror(err)}")


def _bind(root: str, path: str, writable: bool = False) -> None:
    target = root + path
    if os.path.islink(path):  # /bin -> usr/bin on merged-/usr systems: the same link in the jail
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not os.path.lexists(target):
            os.symlink(os.readlink(path), target)
        return
    if not os.path.exists(path) or os.path.exists(target) and os.path.ismount(target):
        return
    if os.path.isdir(path):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "a").close()
    _mount(path, target, None, MS_BIND | MS_REC)
    if not writable:
        _mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)


def build_jail(spec: dict) -> None:
    root = spec["jail_root"]
    _mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing below propagates back to the host
    _mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=755")
    for name in ("tmp", "dev/shm"):
        os.makedirs(f"{root}/{name}", exist_ok=True)
        _mount("tmpfs", f"{root}/{name}", "tmpfs", MS_NOSUID | MS_NODEV, f"size={spec['tmp_mb']}m,mode=1777")
    # After the fresh /tmp, so that a Python installation under /tmp (a CI clone's tox
    # environment) is bound into it rather than hidden by it.
    for path in spec["read_only"]:
        _bind(root, path)
    for name in DEVICES + tuple(spec.get("devices", ())):
        _bind(root, f"/dev/{name}", writable=True)
    os.makedirs(f"{root}/proc", exist_ok=True)
    _mount("proc", f"{root}/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    _bind(root, spec["workdir"], writable=True)
    _mount(None, root, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, "size=16m,mode=755")
    os.chdir(root)
    os.chroot(".")


def become_worker(spec: dict) -> None:
    """In the forked child: confined, then the worker's Python."""
    confine(spec)
    os.execve(spec["argv"][0], spec["argv"], spec["env"])


def confine(spec: dict) -> None:
    """Limits, then the unprivileged uid, then no way back (a warm worker does the same; harness/zygote.py)."""
    for name, value in spec["limits"].items():
        resource.setrlimit(LIMITS[name], (int(value), int(value)))
    if spec.get("uid") is not None:
        os.setgroups([])
        os.setgid(spec["gid"])
        os.setuid(spec["uid"])
    _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # cleared by setuid; PID 1 is our parent
    os.chdir(spec["workdir"])


def main() -> None:
    spec = json.loads(sys.argv[1])
    if spec.get("jail_root"):
        build_jail(spec)
    child = os.fork()
    if child == 0:
        try:
            become_worker(spec)
        except BaseException as exc:  # report and leave; the grader sees the worker end before "ready"
            os.write(2, f"harness launcher: {exc}\n".encode())
        os._exit(70)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda *_: os._exit(143))  # leaving kills the whole namespace
    while True:
        pid, status = os.wait()
        if pid == child:
            break
    os._exit(128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status))


if __name__ == "__main__":
    main()
