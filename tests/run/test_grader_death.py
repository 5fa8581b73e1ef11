"""Do workers die with the grader?  ``kill -9`` gives the grader no chance to stop them itself."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import nbformat
import pytest
from harness_testing import REPO

sys.path.insert(0, str(REPO / "tests" / "author"))
from toy_course import make_course  # noqa: E402

psutil = pytest.importorskip("psutil")


def _spinning(grader: psutil.Process) -> list[psutil.Process]:
    """The grader's descendants, once one of them has spent a second of CPU in the student's loop."""
    try:
        family = grader.children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    busy = []
    for process in family:
        try:
            # A warm worker is a fork of the zygote (same command line); the zygote is the grader's child.
            if process.cpu_times().user > 1.0 and process.ppid() != grader.pid:
                busy.append(process)
        except psutil.Error:
            pass
    return family if busy else []


def _alive(processes: list[psutil.Process]) -> list[str]:
    left = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                left.append(f"{process.pid} {' '.join(process.cmdline())[:120]}")
        except psutil.NoSuchProcess:
            pass
    return left


@pytest.mark.slow
@pytest.mark.parametrize("warm", ["1", "0"])
def test_kill_9_of_the_grader_leaves_no_worker_running(tmp_path, warm):
    course = make_course(tmp_path / "course")
    student = tmp_path / "class" / "s9001"
    student.mkdir(parents=True)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import numpy as np\nwhile True:\n    pass")])
    nbformat.write(notebook, student / "toy.ipynb")
    env = {**os.environ, "HARNESS_WARM": warm, "PYTHONPATH": str(REPO)}
    grader = subprocess.Popen([sys.executable, "-m", "harness", "--course", str(course), "grade", str(student.parent), "--out",
                               str(tmp_path / "out"), "--jobs", "1"], cwd=REPO, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        handle = psutil.Process(grader.pid)
        deadline = time.monotonic() + 300
        family: list[psutil.Process] = []
        while not family and time.monotonic() < deadline and grader.poll() is None:
            time.sleep(0.5)
            family = _spinning(handle)
        assert family, "the student's loop never started"
        family = handle.children(recursive=True)
        os.kill(grader.pid, signal.SIGKILL)
        grader.wait()
        time.sleep(1.0)
        assert _alive(family) == []
    finally:
        if grader.poll() is None:
            grader.kill()
        for process in psutil.Process().children(recursive=True):
            process.kill()
