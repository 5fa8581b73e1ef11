"""Benchmark: grade a class of N copies of the example hw06 notebooks, against nbclient, side by side.

    PYTHONPATH=. python bench/bench.py [--quick] [--n 20] [--full-n 10] [--skip-nbclient] [--skip-workers]

Prints, in one run: per-submission overhead of the harness against executing the same
notebooks with nbclient (a fresh kernel each, as nbgrader and otter-grader do);
``--jobs 1`` against ``--jobs 2``; a cold grading (empty expected-values cache) against a
warm re-grade of the unchanged class; the peak memory of a worker; and a worker that
imports Keras, forked warm against started cold.  Needs the ``bench`` extra (nbclient, ipykernel).

Two classes, built from the same example notebooks, because the figures ask different things:

- **hw06 cut to Q1-Q2** (as ``tests/harness_testing.py`` does; ``--n`` students): grading it
  is running the notebooks plus NumPy checks, so a run's time less the time in the cells is
  the harness's own overhead, comparable with nbclient's.  Overhead, cold against warm, the
  peak memory and (for information) ``--jobs`` are measured on it.  Its notebooks mention
  Keras, so every run also boots the TensorFlow zygote (seconds, once per run).
- **the full hw06** (``--full-n`` students): its checks train Keras models for every
  submission (seconds each), which is what grading a Keras course costs and what parallel
  jobs are for; the ``--jobs`` target is measured on it.  Its checks' time is not cell time,
  so it says nothing about overhead.  The example notebooks differ (s2301's took about twice
  s2302's to grade), so a class of two or three is unbalanced whatever the order; the default
  (10, each of the five examples twice) lets two workers share the load evenly.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import measure  # noqa: E402

sys.path.insert(0, str(measure.ROOT / "tests"))
from harness_testing import hw06_first_questions_course

ASSIGNMENT = "hw06"


def build_class(folder: Path, n: int) -> list[Path]:
    """N students, each a copy of one of the example notebooks in turn (the .py module is left out:
    nbclient cannot run it)."""
    examples = sorted((measure.ROOT / "submissions").glob(f"*/{ASSIGNMENT}.ipynb"))
    if not examples:
        raise SystemExit(f"no example notebooks for {ASSIGNMENT} in submissions/")
    made = []
    for i in range(n):
        target = folder / f"b{i:04d}" / f"{ASSIGNMENT}.ipynb"
        target.parent.mkdir(parents=True)
        shutil.copyfile(examples[i % len(examples)], target)
        made.append(target)
    return made


def _half_class(folder: Path, notebooks: list[Path]) -> Path:
    for notebook in notebooks[: len(notebooks) // 2]:
        (folder / notebook.parent.name).mkdir(parents=True)
        shutil.copyfile(notebook, folder / notebook.parent.name / notebook.name)
    return folder


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="small classes (--n 6 --full-n 2): minutes less; figures noisier, --jobs unbalanced")
    parser.add_argument("--n", type=int, default=None, help="students in the Q1-Q2 class (default: 20)")
    parser.add_argument("--full-n", type=int, default=None, help="students in the full hw06 class (default: 10)")
    parser.add_argument("--skip-nbclient", action="store_true")
    parser.add_argument("--skip-workers", action="store_true", help="skip the warm/cold worker start figure")
    args = parser.parse_args(argv)
    args.n = args.n or (6 if args.quick else 20)
    args.full_n = args.full_n or (2 if args.quick else 10)
    if args.n < 2 or args.full_n < 2:
        parser.error("--n and --full-n must be at least 2 (half a class is compared with the whole)")
    started, load = time.perf_counter(), " ".join(f"{x:.2f}" for x in os.getloadavg())
    work = Path(tempfile.mkdtemp(prefix="harness-bench-"))
    try:
        rows = run(work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{time.strftime('%Y-%m-%d %H:%M')}; {platform.node()}: {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; load average before: {load}, after: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; the bench took {time.perf_counter() - started:.0f} s")
    width = max(len(k) for k in rows)
    for key, value in rows.items():
        print(f"{key:<{width}}  {value}")
    return 0


def run(work: Path, args) -> dict:
    env = {"HARNESS_DATA_CACHE": str(work / "data")}
    _prepare_fixtures(env)  # once per machine for an instructor: not part of grading a class
    cut = hw06_first_questions_course(work / "cut")
    rows = _cut_class(work, cut, args, env)
    full = work / "full"
    (full / "rubrics").mkdir(parents=True)
    shutil.copyfile(measure.ROOT / "rubrics" / f"{ASSIGNMENT}.toml", full / "rubrics" / f"{ASSIGNMENT}.toml")
    (full / "reference").symlink_to(measure.ROOT / "reference")
    rows.update(_full_class(work, full, args, env))
    if not args.skip_workers:
        warm_s, cold_s = measure.worker_start(True), measure.worker_start(False)
        rows["Keras worker, warm vs cold"] = f"{warm_s:.2f} s vs {cold_s:.2f} s: {cold_s / warm_s:.1f} x"
    return rows


def _prepare_fixtures(env: dict) -> None:
    subprocess.run([sys.executable, "-c", "from harness.grading.pipeline import prepare_data; prepare_data('cpu')"],
                   env={**os.environ, **env, "PYTHONPATH": str(measure.ROOT)}, cwd=measure.ROOT, check=True)


def _cut_class(work: Path, course: Path, args, env: dict) -> dict:
    notebooks = build_class(work / "class", args.n)
    cache, n, rows = work / "cache", len(notebooks), {}

    def grade(classdir: Path, out: str, **kw) -> measure.Run:
        return measure.harness(classdir, work / out, cache, course=course, extra_env=env, **kw)

    cold = grade(work / "class", "out", jobs=1)
    again = grade(work / "class", "out", jobs=1)
    one = grade(work / "class", "out", jobs=1, force=True)
    two = grade(work / "class", "out", jobs=2, force=True)
    # The same grading of the first half of the class: the difference is what each further submission
    # costs, without the once-per-run costs (start-up, zygotes, the class page) that a class of 300 amortises.
    half = _half_class(work / "half", notebooks)
    one_half = grade(half, "out-half", jobs=1)
    two_half = grade(half, "out-half", jobs=2, force=True)
    extra_n = n - n // 2
    marginal = ((one.seconds - one.cell_seconds) - (one_half.seconds - one_half.cell_seconds)) / extra_n
    rows["class"] = f"{n} x {ASSIGNMENT} Q1-Q2 notebooks ({one.graded} graded)"
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
    rows["cold vs warm re-grade"] = (f"{cold.seconds:.2f} s vs {again.seconds:.2f} s: "
                                    f"{cold.seconds / again.seconds:.1f} x (target >= 20)")
    rows["--jobs 1 vs 2, Q1-Q2 class"] = (f"{one.seconds:.2f} s vs {two.seconds:.2f} s: "
                                         f"{one.seconds / two.seconds:.2f} x (whole run; mostly once-per-run start-up)")
    per_one, per_two = (one.seconds - one_half.seconds) / extra_n, (two.seconds - two_half.seconds) / extra_n
    rows["--jobs 1 vs 2, Q1-Q2, per further submission"] = (f"{per_one:.3f} s vs {per_two:.3f} s: "
                                                           f"{per_one / per_two:.2f} x")
    peak = grade(work / "class", "out", jobs=2, force=True, sample=True).peak_worker_mb
    rows["peak memory per worker, Q1-Q2"] = f"{peak:.0f} MiB (largest VmHWM of a worker)"
    return rows


def _full_class(work: Path, course: Path, args, env: dict) -> dict:
    build_class(work / "full-class", args.full_n)
    cache = work / "cache-full"

    def grade(**kw) -> measure.Run:
        return measure.harness(work / "full-class", work / "out-full", cache, course=course, extra_env=env, **kw)

    # The first run fills the expected-values cache (the reference answers are not what is compared);
    # untimed, it is the one whose workers' memory is sampled: a full hw06 worker trains Keras models.
    peak = grade(jobs=2, sample=True).peak_worker_mb
    one, two = grade(jobs=1, force=True), grade(jobs=2, force=True)
    n = args.full_n
    return {"--jobs 1 vs --jobs 2": (f"{one.seconds:.2f} s vs {two.seconds:.2f} s: {one.seconds / two.seconds:.2f} x "
                                     f"(target >= 1.7; {n} x full {ASSIGNMENT}, {one.seconds / n:.1f} s per "
                                     f"submission at --jobs 1)"),
            "peak memory per worker, full hw06": f"{peak:.0f} MiB (target < 1024)"}


if __name__ == "__main__":
    sys.exit(main())
