"""Benchmark: reading a notebook over the size limit, by each ijson backend, against reading it whole.

    PYTHONPATH=. python bench/big_notebook.py [--mib 200]

Builds a notebook of about ``--mib`` MiB (a few code cells, then a training cell whose outputs are
PNG-sized images, as Colab saves a notebook after training) and prints, side by side, the peak
memory Python allocated and the seconds taken by:

- the harness's streamed read (``load_source``), once per ijson backend installed here;
- ``json.loads`` of the whole file, as a reader that holds the file would need at least.

The streamed read's memory must follow the largest string, not the file: its ratio to the
file's size is the figure to watch (README, "Submissions").
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
import tracemalloc
from pathlib import Path

import ijson

from harness.intake import notebook

IMAGE_CHARS = 400_000  # a base64 PNG of a training curve, about 300 KB


def build(path: Path, mib: int) -> None:
    images = max(1, mib * 2**20 // IMAGE_CHARS)
    image = {"output_type": "display_data", "metadata": {}, "data": {"image/png": "iVBOR" + "A" * IMAGE_CHARS}}
    cells = [{"cell_type": "code", "metadata": {}, "execution_count": i + 1, "outputs": [],
              "source": [f"def step_{i}(x):\n", f"    return x * {i}\n"]} for i in range(20)]
    cells.append({"cell_type": "code", "metadata": {}, "execution_count": 21, "outputs": [image] * images,
                  "source": ["history = model.fit(x, y, epochs=50)\n"]})
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}))


def measured(read) -> tuple[float, float]:
    tracemalloc.start()
    started = time.perf_counter()
    read()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=200, help="the notebook's size in MiB (default 200)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hw06.ipynb"
        build(path, args.mib)
        size = path.stat().st_size
        notebook.MAX_FILE_BYTES = min(notebook.MAX_FILE_BYTES, size - 1)
        rows = []
        for name in ijson.ALL_BACKENDS:
            try:
                backend = ijson.get_backend(name)
            except ImportError:
                continue
            ijson.parse = backend.parse
            rows.append((f"streamed, ijson {name}", *measured(lambda: notebook.load_source(path))))
        rows.append(("whole file, json.loads", *measured(lambda: json.loads(path.read_bytes()))))
    print(f"notebook: {size / 2**20:.0f} MiB, largest string {IMAGE_CHARS / 2**20:.2f} MiB")
    print(f"{'reader':32} {'seconds':>8} {'peak MiB':>9} {'peak / file':>12}")
    for name, seconds, peak in rows:
        print(f"{name:32} {seconds:8.2f} {peak / 2**20:9.1f} {peak / size:12.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
