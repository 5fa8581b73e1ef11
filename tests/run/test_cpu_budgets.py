"""Budgets count CPU time of the worker's process tree; wall-clock time is only a ceiling against waiting.
The slow test grades the same class on a quiet machine and beside busy processes: the verdicts must agree."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from harness.contract.protocol import Probe
from harness.run import cpu_time
from harness.run.job import Job
from harness.run.supervise import run_job

SPIN = "import time\nstart = time.process_time()\nwhile time.process_time() - start < {seconds}:\n    pass\n"


def job(cells, probes=(), **kw):
    return Job(source={"kind": "cells", "cells": [{"index": i, "code": c} for i, c in enumerate(cells)]},
               probes=list(probes), **kw)


def test_an_endless_loop_stops_at_its_cpu_budget_and_says_so():
    started = time.monotonic()
    record = run_job(job(["while True:\n    pass", "x = 1"], [Probe("x", "x", call=False)], cell_seconds=1.0))
    assert record.cells[0].status == "timeout"
    assert record.cells[0].error == "cell 0: it used more than 1 s of CPU time"
    assert record.answers["x"].value == 1 and time.monotonic() - started < 60


def test_a_sleeping_statement_is_not_charged_cpu_and_stops_at_the_wall_ceiling():
    started = time.monotonic()
    record = run_job(job(["import time\ntime.sleep(2.5)\nslept = 1", "time.sleep(1000)", "after = 2"],
                         [Probe("slept", "slept", call=False), Probe("after", "after", call=False)],
                         cell_seconds=1.0, wall_slack=5.0))
    assert record.cells[0].status == "ok"  # 2.5 s of wall clock, almost no CPU: within a 1 s budget
    assert record.answers["slept"].value == 1
    assert record.cells[1].status == "timeout"
    assert record.cells[1].error == "cell 1: it waited more than 6 s without using its 1 s of CPU time"
    assert record.answers["after"].value == 2
    assert time.monotonic() - started < 120


def test_a_child_process_counts_toward_the_budget():
    code = "import subprocess, sys\nsubprocess.run([sys.executable, '-c', 'while True: pass'])"
    record = run_job(job([code, "y = 3"], [Probe("y", "y", call=False)], cell_seconds=1.0))
    assert record.cells[0].error == "cell 0: it used more than 1 s of CPU time"
    assert record.answers["y"].value == 3


def test_check_budgets_count_cpu_too():
    code = ("import time\ndef sleeps():\n    time.sleep(2)\n    return 1\n"
            "def spins():\n    while True:\n        pass\n")
    record = run_job(job([code], [Probe("sleeps", "sleeps", timeout=1.0), Probe("spins", "spins", timeout=1.0)]))
    assert record.answers["sleeps"].value == 1
    assert record.answers["spins"].error.kind == "timeout"
    assert record.answers["spins"].error.message == "it used more than 1 s of CPU time"


def test_the_submission_budget_is_cpu_time_of_all_its_workers():
    cells = [SPIN.format(seconds=1.5) + "a = 1", "while True:\n    pass", SPIN.format(seconds=1.5) + "b = 2"]
    record = run_job(job(cells, [Probe("a", "a", call=False)], cell_seconds=2.0, total_seconds=3.0))
    assert record.cells[0].status == "ok" and record.cells[1].status == "timeout"
    assert record.cells[1].error == "cell 1: the submission used more than its 3 s of CPU time in all"
    assert record.cells[2].status == "not-run" and record.restarts == 0
    assert record.answers["a"].error.message == "the submission used more than its 3 s of CPU time in all"


def test_the_tree_reading_counts_threads_and_children():
    child = subprocess.Popen([sys.executable, "-c", SPIN.format(seconds=1.0) + "import time; time.sleep(30)"])
    try:
        tree = cpu_time.ProcessTree(os.getpid())
        before = tree.cpu_seconds()
        time.sleep(0.2)
        deadline = time.monotonic() + 60
        while tree.cpu_seconds() - before < 0.9 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert child.pid in cpu_time.descendants(os.getpid())
        assert tree.cpu_seconds() - before >= 0.9
    finally:
        child.kill()
        child.wait()


def test_the_waiting_clock_counts_sleeping_but_not_being_held_back_by_a_busy_machine():
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    spinner = subprocess.Popen([sys.executable, "-c", "while True:\n    pass"])
    try:
        time.sleep(3)  # past their start-up
        trees = [cpu_time.ProcessTree(p.pid) for p in (sleeper, spinner)]
        for tree in trees:
            tree.cpu_seconds()
        before = [tree.waited for tree in trees]
        for _ in range(12):
            time.sleep(0.3)
            for tree in trees:
                tree.cpu_seconds()
        slept, spun = (tree.waited - b for tree, b in zip(trees, before))
        assert slept > 2.5 and spun < 0.6, (slept, spun)
    finally:
        for process in (sleeper, spinner):
            process.kill()
            process.wait()


# --- the same verdicts on a busy machine -------------------------------------------------------

RUBRIC = '''
id = "load"
title = "Verdicts under load"
reference = "reference.load"

[limits]
submission_seconds = 60
cell_seconds = 4
check_seconds = 4

[inputs.seed_array]
value = [[20, 17, 32, 42, 65], [13, 65, 96, 53, 21], [45, 63, 74, 38, 64], [23, 76, 40, 34, 26], [14, 66, 78, 49, 23]]
dtype = "float64"

[[questions]]
id = "Q1"
title = "Batch normalisation"
points = 2
module = "q1"
  [[questions.checks]]
  kind = "function"
  target = "batch_norm"
  args = ["@seed_array"]
  points = 2

[[questions]]
id = "Q2"
title = "Layer normalisation"
points = 2
module = "q1"
  [[questions.checks]]
  kind = "function"
  target = "layer_norm"
  args = ["@seed_array"]
  points = 2
'''
NORMS = '''
import numpy as np
def batch_norm(x, eps=0.0):
    x = np.asarray(x, dtype=np.float64)
    return (x - x.mean(axis=0, keepdims=True)) / np.sqrt(x.var(axis=0, keepdims=True) + eps)
def layer_norm(x, eps=0.0):
    x = np.asarray(x, dtype=np.float64)
    return (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True) + eps)
'''
CLASS = {
    "right": NORMS,
    # 2 s of CPU at top level, half the statement's budget: several times that in wall-clock time when busy.
    "heavy": SPIN.format(seconds=2.0) + NORMS,
    "heavy_check": NORMS + "_layer = layer_norm\ndef layer_norm(x, eps=0.0):\n" + "\n".join(
        "    " + line for line in SPIN.format(seconds=2.0).splitlines()) + "\n    return _layer(x, eps)\n",
    "endless": NORMS + "while True:\n    pass\n",
    "wrong": NORMS + "def batch_norm(x, eps=0.0):\n    return np.asarray(x) - np.mean(x)\n",
}


def _course(root):
    import shutil

    from harness.run.sandbox import HARNESS_ROOT

    (root / "rubrics").mkdir(parents=True)
    (root / "rubrics" / "load.toml").write_text(RUBRIC)
    package = root / "reference" / "load"
    package.mkdir(parents=True)
    (root / "reference" / "__init__.py").write_text("")
    (package / "__init__.py").write_text('"""Load test assignment."""\n')
    shutil.copy(os.path.join(HARNESS_ROOT, "reference", "hw06", "q1.py"), package / "q1.py")
    return root


def _verdicts(tmp_path, name):
    from harness import api

    classdir = tmp_path / name
    for student, code in CLASS.items():
        (classdir / student).mkdir(parents=True)
        (classdir / student / "load.py").write_text(code)
    results = api.grade(path=str(classdir), out=str(tmp_path / f"{name}-out"), jobs=1,
                        course=str(tmp_path / "course"), echo=lambda *_: None, force=True)
    return {r.student: ([(c.question, c.score, c.status) for c in r.checks],
                        [(c.index, c.status, [(f["line"], f["status"]) for f in c.failed]) for c in r.cells])
            for r in results}


@pytest.mark.slow
def test_a_busy_machine_gives_the_verdicts_a_quiet_one_does(tmp_path):
    _course(tmp_path / "course")
    quiet = _verdicts(tmp_path, "quiet")
    assert quiet["right"][0] == [("Q1", 2.0, "passed"), ("Q2", 2.0, "passed")]
    assert quiet["heavy"] == quiet["right"] and quiet["heavy_check"] == quiet["right"]
    assert quiet["endless"][0] == quiet["right"][0] and quiet["endless"][1][0][1] == "timeout"
    assert quiet["wrong"][0][0][1] == 0.0
    spinners = [subprocess.Popen([sys.executable, "-c", "while True:\n    pass"])
                for _ in range(2 * (os.cpu_count() or 1))]
    try:
        busy = _verdicts(tmp_path, "busy")
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
    assert busy == quiet


def test_each_limit_is_said_as_what_it_counted_in_both_languages():
    from harness.render.i18n import catalogue
    from harness.results.message import Message
    from harness.run.reasons import (
        item_cpu_limit,
        item_wall_limit,
        total_cpu_limit,
        total_wall_limit,
    )

    texts = [item_cpu_limit(40), item_wall_limit(220, 40), total_cpu_limit(600), total_wall_limit(3000, 600)]
    assert texts[0] == "it used more than 40 s of CPU time"
    assert texts[1] == "it waited more than 220 s without using its 40 s of CPU time"
    for said in texts:
        assert isinstance(said, Message) and said.id.startswith("reason."), said
        html, lang = catalogue("fa").say(said.to_json())
        assert lang == "fa" and "ثانیه" in html and "seconds" not in html
