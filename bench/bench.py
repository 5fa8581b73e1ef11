"""Benchmark: grade a class of N copies of the example submissions, against nbclient, side by side.

    PYTHONPATH=. python bench/bench.py [--n 10] [--assignment hw06] [--skip-nbclient] [--skip-workers]

Prints, in one run: per-submission overhead of the harness against executing the same
notebooks with nbclient (a fresh kernel each, as nbgrader and otter-grader do);
``--jobs 1`` against ``--jobs 2``; a cold grading (empty caches) against a warm re-grade
of the unchanged class; the peak memory of a worker; and a worker that imports Keras,
forked warm against started cold.  Needs the ``bench`` extra (nbclient, ipykernel).
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import measure  # noqa: E402


def build_class(folder: Path, assignment: str, n: int) -> list[Path]:
    """N students, each a copy of one of the example notebooks in turn (the .py module is left out:
    nbclient cannot run it)."""
    examples = sorted((measure.ROOT / "submissions").glob(f"*/{assignment}.ipynb"))
    if not examples:
        raise SystemExit(f"no example notebooks for {assignment} in submissions/")
    made = []
    for i in range(n):
        target = folder / f"b{i:04d}" / f"{assignment}.ipynb"
        target.parent.mkdir(parents=True)
        shutil.copyfile(examples[i % len(examples)], target)
        made.append(target)
    return made


def _half_class(work: Path, notebooks: list[Path]) -> Path:
    half = work / "half"
    for notebook in notebooks[: len(notebooks) // 2]:
        (half / notebook.parent.name).mkdir(parents=True)
        shutil.copyfile(notebook, half / notebook.parent.name / notebook.name)
    return half


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10, help="submissions in the class (default: %(default)s)")
    parser.add_argument("--assignment", default="hw06")
    parser.add_argument("--skip-nbclient", action="store_true")
    parser.add_argument("--skip-workers", action="store_true", help="skip the warm/cold worker start figure")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="harness-bench-"))
    try:
        rows = run(work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{time.strftime('%Y-%m-%d %H:%M')}; {platform.node()}: {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; load average before: {rows.pop('load')}")
    width = max(len(k) for k in rows)
    for key, value in rows.items():
        print(f"{key:<{width}}  {value}")
    return 0


def run(work: Path, args) -> dict:
    notebooks = build_class(work / "class", args.assignment, args.n)
    cache, n = work / "cache", len(notebooks)
    rows = {"load": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    cold = measure.harness(work / "class", work / "out", cache, jobs=1)
    again = measure.harness(work / "class", work / "out", cache, jobs=1)
    one = measure.harness(work / "class", work / "out", cache, jobs=1, force=True)
    two = measure.harness(work / "class", work / "out", cache, jobs=2, force=True)
    # The same grading of the first half of the class: the difference is what each further submission
    # costs, without the once-per-run costs (start-up, zygotes, the class page) that a class of 300 amortises.
    half = _half_class(work, notebooks)
    one_half = measure.harness(half, work / "out-half", cache, jobs=1)
    two_half = measure.harness(half, work / "out-half", cache, jobs=2, force=True)
    extra_n = n - n // 2
    marginal = ((one.seconds - one.cell_seconds) - (one_half.seconds - one_half.cell_seconds)) / extra_n
    rows["class"] = f"{n} x {args.assignment} notebooks ({one.graded} graded)"
    rows["harness --jobs 1"] = f"{one.seconds:.2f} s ({one.seconds / n:.3f} s per submission, cells {one.cell_seconds:.2f} s)"
    if not args.skip_nbclient:
        wall, inside = measure.nbclient_run(notebooks)
        nb_overhead = (wall - inside) / n
        whole = (one.seconds - one.cell_seconds) / n
        rows["nbclient"] = f"{wall:.2f} s ({wall / n:.3f} s per notebook, cells {inside:.2f} s)"
        rows["overhead per submission"] = (f"harness {marginal:.3f} s vs nbclient {nb_overhead:.3f} s: "
                                           f"ratio {marginal / nb_overhead:.3f} (target <= 0.1; per further "
                                           f"submission)")
        rows["overhead, whole run"] = (f"harness {whole:.3f} s vs nbclient {nb_overhead:.3f} s: ratio "
                                       f"{whole / nb_overhead:.3f} (start-up spread over {n} submissions)")
    rows["--jobs 1 vs --jobs 2"] = (f"{one.seconds:.2f} s vs {two.seconds:.2f} s: "
                                   f"{one.seconds / two.seconds:.2f} x (target >= 1.7)")
    per_one, per_two = (one.seconds - one_half.seconds) / extra_n, (two.seconds - two_half.seconds) / extra_n
    rows["--jobs 1 vs 2, per further submission"] = (f"{per_one:.3f} s vs {per_two:.3f} s: "
                                                    f"{per_one / per_two:.2f} x")
    rows["cold vs warm re-grade"] = (f"{cold.seconds:.2f} s vs {again.seconds:.2f} s: "
                                    f"{cold.seconds / again.seconds:.1f} x (target >= 20)")
    peak = measure.harness(work / "class", work / "out", cache, jobs=2, force=True, sample=True).peak_worker_mb
    rows["peak memory per worker"] = f"{peak:.0f} MiB (largest VmHWM of a worker; target < 1024)"
    if not args.skip_workers:
        warm_s, cold_s = measure.worker_start(True), measure.worker_start(False)
        rows["Keras worker, warm vs cold"] = f"{warm_s:.2f} s vs {cold_s:.2f} s: {cold_s / warm_s:.1f} x"
    return rows


if __name__ == "__main__":
    sys.exit(main())
