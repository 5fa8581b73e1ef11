"""Worker entry point: ``python -c BOOT <workdir> <event fd> <hidden fd>`` (see :mod:`harness.run.sandbox`).

The job read at start holds the public probes only; the hidden ones are asked for after
every cell and public probe has run (see :mod:`harness.contract.protocol`), so top-level code finds
no hidden input anywhere in this process.
"""
from __future__ import annotations

import importlib
import json
import os
import resource
import sys
from pathlib import Path

from harness.contract import plain
from harness.data.hooks import when_imported
from harness.worker.capture import keep_shown_figures
from harness.worker.channel import Channel
from harness.worker.execute import Compiler, cell_steps, run_step, student_module
from harness.worker.probes import run_probe


def main() -> None:
    workdir, fd, hidden_fd = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
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
    _run_cells(channel, job, namespace, output_limit)
    skip_probes = set(job.get("skip_probes", []))
    probes = [p for p in job.get("probes", []) if p["id"] not in skip_probes]
    _answer(channel, probes, namespace, inputs, workdir, output_limit)
    channel.send("environment", **_environment(job))
    if job.get("hidden_pending"):
        channel.send("hidden")
        probes, hidden_inputs = _receive_hidden(workdir, hidden_fd)
        _answer(channel, probes, namespace, {**inputs, **hidden_inputs}, workdir, output_limit)
    channel.send("done")
    sys.stdout.flush()
    # Skip interpreter teardown: atexit handlers the student registered, slow TF shutdown.
    os._exit(0)


def _run_cells(channel: Channel, job: dict, namespace: dict, output_limit: int) -> None:
    """Every top-level statement of every cell, in order, each a step of its own; a blamed one is skipped."""
    skip = {tuple(key) for key in job.get("skip_steps", [])}
    compiler = Compiler()
    when_imported("matplotlib.pyplot", keep_shown_figures)
    for cell in job["source"].get("cells", []):
        for step in cell_steps(cell["index"], cell["code"]):
            if (step.cell, step.number) in skip:
                continue
            channel.send("step_start", index=step.cell, step=step.number)
            channel.send("step_end", index=step.cell, step=step.number,
                         **run_step(step, namespace, output_limit, compiler))


def _answer(channel: Channel, probes: list[dict], namespace: dict, inputs: dict, workdir: Path,
            output_limit: int) -> None:
    for probe in probes:
        channel.send("probe_start", id=probe["id"])
        channel.send("probe_end", id=probe["id"], **run_probe(probe, namespace, inputs, workdir, output_limit))


def _receive_hidden(workdir: Path, fd: int) -> tuple[list[dict], dict]:
    """Wait for the grader's token line, then read (and delete) the files it names."""
    line = b""
    os.set_blocking(fd, True)  # the submission may have made it non-blocking
    while not line.endswith(b"\n"):
        chunk = os.read(fd, 64)
        if not chunk:
            raise EOFError("the grader closed the hidden-probe pipe")
        line += chunk
    token = line.decode("ascii").strip()
    if not token.isalnum():
        raise ValueError("a malformed hidden-probe announcement")
    probes_file, arrays_file = workdir / f"{token}.json", workdir / f"{token}.npz"
    probes = json.loads(probes_file.read_text(encoding="utf-8"))
    arrays = plain.load_arrays(arrays_file, missing_ok=True)
    for path in (probes_file, arrays_file):
        path.unlink(missing_ok=True)
    return probes, arrays


def _apply_limits(limits: dict) -> None:
    """A second layer only: the real limits are set from outside (:mod:`harness.worker.boot.launch`, ``prlimit``)."""
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
        from harness.worker import shims
        shims.install()
    if job.get("determinism") is not None:
        from harness.worker import determinism
        determinism.apply(**job["determinism"])
    if job.get("plugins"):
        from harness.worker import plugins
        plugins.install(job["plugins"])
    if job.get("data") is not None:
        from harness.data import serve
        os.environ["HARNESS_DATA_SIZE"] = job["data"].get("size", "cpu")  # for argument builders
        serve.install(job["data"])  # what it serves is reported at the end (_environment), not planned here
    return notes


def _environment(job: dict) -> dict:
    """What this run used, for results.json: seeds, device, library versions, data subsets served."""
    found: dict = {}
    if job.get("determinism") is not None:
        from harness.worker import determinism
        found["determinism"] = determinism.state()
    if job.get("data") is not None:
        from harness.data import serve
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
