"""Worker entry point: ``python -c BOOT <workdir> <event fd>`` (see :mod:`harness.sandbox`)."""
from __future__ import annotations

import importlib
import json
import os
import resource
import sys
from pathlib import Path

from .. import plain
from .channel import Channel
from .execute import run_cell, student_module
from .probes import run_probe


def main() -> None:
    workdir, fd = Path(sys.argv[1]), int(sys.argv[2])
    job = json.loads((workdir / "job.json").read_text(encoding="utf-8"))
    _apply_limits(job.get("limits", {}))
    channel = Channel(fd)
    inputs = plain.load_arrays(workdir / "inputs.npz", missing_ok=True)
    # Hidden inputs must not lie around as files for a cell to print into its output.
    for name in ("job.json", "inputs.npz"):
        (workdir / name).unlink(missing_ok=True)
    notes = _prepare_environment(job)
    namespace = _namespace(job["source"])
    channel.send("ready", notes=notes)
    output_limit = int(job.get("limits", {}).get("output_kb", 256)) * 1024
    skip_cells = set(job.get("skip_cells", []))
    for cell in job["source"].get("cells", []):
        if cell["index"] in skip_cells:
            continue
        channel.send("cell_start", index=cell["index"])
        channel.send("cell_end", index=cell["index"], **run_cell(cell["index"], cell["code"], namespace, output_limit))
    skip_probes = set(job.get("skip_probes", []))
    for probe in job.get("probes", []):
        if probe["id"] in skip_probes:
            continue
        channel.send("probe_start", id=probe["id"])
        channel.send("probe_end", id=probe["id"], **run_probe(probe, namespace, inputs, workdir, output_limit))
    channel.send("environment", **_environment(job))
    channel.send("done")
    sys.stdout.flush()
    # Skip interpreter teardown: atexit handlers the student registered, slow TF shutdown.
    os._exit(0)


def _apply_limits(limits: dict) -> None:
    """A second layer only: the real limits are set from outside (:mod:`harness.launch`, ``prlimit``)."""
    memory = limits.get("memory_mb")
    if memory:
        _lower(resource.RLIMIT_AS, int(memory) * 2**20)
    if limits.get("cpu_seconds"):
        _lower(resource.RLIMIT_CPU, int(limits["cpu_seconds"]))
    if limits.get("file_mb"):
        _lower(resource.RLIMIT_FSIZE, int(limits["file_mb"]) * 2**20)
    _lower(resource.RLIMIT_CORE, 0)


def _lower(which: int, value: int) -> None:
    soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(which, (value, value))


def _prepare_environment(job: dict) -> list[str]:
    """Seeds and served data, before any student code runs."""
    notes: list[str] = []
    if job.get("shims"):  # old-API shims for student notebooks (harness/worker/shims.py); lazy, no imports
        from . import shims
        shims.install()
    if job.get("determinism") is not None:
        from . import determinism
        determinism.apply(**job["determinism"])
    if job.get("data") is not None:
        from ..data import serve
        os.environ["HARNESS_DATA_SIZE"] = job["data"].get("size", "cpu")  # for argument builders
        serve.install(job["data"])  # what it serves is reported at the end (_environment), not planned here
    return notes


def _environment(job: dict) -> dict:
    """What this run used, for results.json: seeds, device, library versions, data subsets served."""
    found: dict = {}
    if job.get("determinism") is not None:
        from . import determinism
        found["determinism"] = determinism.state()
    if job.get("data") is not None:
        from ..data import serve
        found["data"] = serve.served()
    return found


def _namespace(source: dict) -> dict:
    if source["kind"] == "modules":
        # Trusted reference code: each question module under its short name ("q1").
        sys.path[:0] = source.get("sys_path", [])
        return {alias: importlib.import_module(name) for alias, name in source["modules"].items()}
    module = student_module()
    sys.modules["__main__"] = module
    return module.__dict__


if __name__ == "__main__":  # pragma: no cover
    main()
