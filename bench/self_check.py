"""Benchmark: `harness check` as a student meets it, in a pseudo-terminal.

    PYTHONPATH=. python bench/self_check.py [--notebook submissions/s2301/hw06.ipynb] [--loop]

Prints, for a copy of a correct notebook (the example hw06 by default):

- first output: seconds from starting `harness check` to its first line on the terminal;
- warm check: the whole check's seconds, with the reference answers already cached (a first,
  untimed check warms the cache: run once, then measure);
- unchanged re-run: the same file checked again, answered from the last result;
- with ``--loop``: a copy with ``while True: pass`` in a cell, whose cost the rubric's
  ``[limits] self_check_seconds`` bounds.

Needs pexpect (the tests' dependency). The figures in README ("Commands") come from this script.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parent.parent


def cpu_seconds() -> float:
    """CPU seconds of this process's finished children (and theirs, as each waited for them)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_check(notebook: Path, *extra: str, timeout: float = 900) -> tuple[float, float, list[str]]:
    """(seconds to the first line, seconds in all, the lines) of one `harness check` in a terminal."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2"}
    env.pop("CI", None)
    started = time.monotonic()
    child = pexpect.spawn(sys.executable, ["-m", "harness", "check", str(notebook), *extra], cwd=str(ROOT),
                          env=env, encoding="utf-8", timeout=timeout, dimensions=(40, 100))
    child.expect(r"\S")
    first = time.monotonic() - started
    text = child.after
    child.expect(pexpect.EOF)
    total = time.monotonic() - started
    text += child.before
    return first, total, [line.split("\r")[-1] for line in text.splitlines() if line.split("\r")[-1].strip()]


def looping_copy(notebook: Path, folder: Path) -> Path:
    book = json.loads(notebook.read_text(encoding="utf-8"))
    book["cells"].insert(1, {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                             "source": "while True:\n    pass\n"})
    target = folder / "loop" / notebook.name
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(book), encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebook", default=str(ROOT / "submissions" / "s2301" / "hw06.ipynb"))
    parser.add_argument("--loop", action="store_true", help="also time a notebook with an endless loop")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="harness-bench-"))
    try:
        notebook = folder / "student" / Path(args.notebook).name
        notebook.parent.mkdir(parents=True)
        shutil.copy(args.notebook, notebook)
        print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
        timed_check(notebook, "--force")  # warms the reference cache and the data fixtures
        cpu = cpu_seconds()
        first, total, lines = timed_check(notebook, "--force")
        cpu = cpu_seconds() - cpu
        print(f"first output      {first:6.2f} s   {lines[0][:70] if lines else ''}")
        print(f"warm check        {total:6.2f} s   ({cpu:.1f} CPU seconds; load average now "
              f"{os.getloadavg()[0]:.1f})  {lines[-2][:50] if len(lines) > 1 else ''}")
        _, again, lines = timed_check(notebook)
        print(f"unchanged re-run  {again:6.2f} s   {lines[-1][:70] if lines else ''}")
        if args.loop:
            first, total, lines = timed_check(looping_copy(Path(args.notebook), folder), "--force")
            said = next((line for line in lines if "cell" in line and "more than" in line), "")
            print(f"while True: pass  {total:6.2f} s   {said[:70]}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
