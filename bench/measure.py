"""Measurements for bench/bench.py: a timed harness run, nbclient on the same notebooks, worker peaks."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    seconds: float
    cell_seconds: float  # time inside the submissions' own cells, summed
    graded: int
    peak_worker_mb: float  # the largest VmHWM of any worker process seen
    output: str


def harness(classdir: Path, out: Path, cache: Path, *, jobs: int, force: bool = False, extra_env=None,
            sample: bool = False, course: Path | None = None) -> Run:
    """`harness grade` in its own process, as an instructor runs it; with ``sample``, worker peaks are
    read from /proc meanwhile (in a run of its own: scanning /proc costs CPU the timing should not pay)."""
    env = {**os.environ, "HARNESS_CACHE": str(cache), "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2",
           **(extra_env or {})}
    command = [sys.executable, "-m", "harness", *(["--course", str(course)] if course else []),
               "grade", str(classdir), "--out", str(out), "--jobs", str(jobs)]
    started = time.perf_counter()
    process = subprocess.Popen(command + (["--force"] if force else []), env=env, cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = _PeakSampler(process.pid)
    if sample:
        sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    if sample:
        sampler.stop()
    if process.returncode != 0:
        raise RuntimeError(f"harness grade failed ({process.returncode}):\n{output[-3000:]}")
    cells, graded = _cell_seconds(out)
    return Run(seconds, cells, graded, sampler.peak_kb / 1024, output)


def _cell_seconds(out: Path) -> tuple[float, int]:
    total, count = 0.0, 0
    for results in out.glob("*/*/results.json"):
        data = json.loads(results.read_text(encoding="utf-8"))
        total += sum(float(c.get("seconds", 0.0)) for c in data["extra_data"]["cells"])
        count += 1
    return total, count


class _PeakSampler(threading.Thread):
    """Every 50 ms: each descendant of ``root`` that is PID 2 of its own PID namespace is a worker
    (PID 1 is the launcher), cold or warm; keep the largest peak resident size (VmHWM) seen."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root, self.peak_kb, self.done = root, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            for pid in os.listdir("/proc"):
                if pid.isdigit():
                    self._look(int(pid))

    def _look(self, pid: int) -> None:
        status = _status(pid)
        if status.get("NSpid", "").split()[1:2] != ["2"] or not self._descends(pid):
            return
        self.peak_kb = max(self.peak_kb, int(status.get("VmHWM", "0 kB").split()[0]))

    def _descends(self, pid: int) -> bool:
        for _ in range(8):
            parent = _status(pid).get("PPid")
            if parent is None or parent == "0":
                return False
            if int(parent) == self.root:
                return True
            pid = int(parent)
        return False

    def stop(self) -> None:
        self.done.set()
        self.join()


def _status(pid: int) -> dict[str, str]:
    try:
        with open(f"/proc/{pid}/status") as handle:
            return dict(line.rstrip("\n").split(":\t", 1) for line in handle if ":\t" in line)
    except OSError:
        return {}


def nbclient_run(notebooks: list[Path], timeout: int = 300) -> tuple[float, float]:
    """Execute each notebook as nbgrader and otter-grader do (a fresh kernel each); (wall, seconds in cells)."""
    import nbformat
    from nbclient import NotebookClient

    wall, inside = 0.0, 0.0
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", allow_errors=True,
                                record_timing=True, resources={"metadata": {"path": str(path.parent)}})
        started = time.perf_counter()
        client.execute()
        wall += time.perf_counter() - started
        inside += sum(_cell_time(cell) for cell in notebook.cells if cell.cell_type == "code")
    return wall, inside


def _cell_time(cell) -> float:
    from datetime import datetime

    timing = cell.get("metadata", {}).get("execution", {})
    try:
        start = datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
        end = datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
    except (KeyError, ValueError):
        return 0.0
    return max(0.0, (end - start).total_seconds())


def worker_start(warm: bool) -> float:
    """Seconds for one worker that imports Keras and fits a tiny model, warm (forked) or cold."""
    code = ("import time\nfrom harness.contract.protocol import Probe\nfrom harness.run.job import Job\nfrom harness.run.supervise import run_job\n"
            "cell = 'import keras, numpy as np\\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])\\n"
            "m.compile(\"adam\", \"mse\")\\nm.fit(np.ones((32, 4)), np.ones(32), epochs=2, verbose=0)\\nw = 1'\n"
            "job = Job(source={'kind': 'cells', 'cells': [{'index': 0, 'code': cell}]}, probes=[Probe('w', 'w', call=False)],"
            " extra={'determinism': {'seed': 1, 'device': 'cpu', 'intra_op_threads': 1}})\n"
            "run_job(job)\nt = time.perf_counter(); r = run_job(job); print(time.perf_counter() - t, r.answers['w'].value)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2", "HARNESS_WARM": "1" if warm else "0"}
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    seconds, answer = done.stdout.split()[-2:]
    if answer != "1":
        raise RuntimeError(f"the worker did not answer:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return float(seconds)
