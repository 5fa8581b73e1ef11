"""The worker boundary: cells run past failures, limits hold, every other item is still answered."""
import os
import select
import time

import numpy as np
import pytest

from harness.contract.protocol import Probe
from harness.run import warm
from harness.run.job import Job
from harness.run.supervise import run_job


def job(cells, probes=(), inputs=None, **kw):
    return Job(source={"kind": "cells", "cells": [{"index": i, "code": c} for i, c in enumerate(cells)]},
               probes=list(probes), inputs=inputs or {}, **kw)


def test_cells_run_in_order_and_a_failing_cell_does_not_stop_the_next():
    record = run_job(job(["x = 1", "1 / 0", "y = x + 1\nprint('hi')\ny"], [Probe("p", "y", call=False)]))
    assert [record.cells[i].status for i in range(3)] == ["ok", "error", "ok"]
    assert "ZeroDivisionError" in record.cells[1].error
    assert "<cell 1>" in record.cells[1].traceback
    assert "hi" in record.cells[2].output and "Out: 2" in record.cells[2].output
    assert record.answers["p"].value == 2


def test_calls_receive_inputs_as_fresh_arrays_and_answers_come_back_as_arrays():
    inputs = {"in0": np.arange(4.0)}
    code = "def f(a):\n    a *= 2\n    return a.reshape(2, 2)"
    probes = [Probe("a", "f", args=({"__array__": "in0"},)), Probe("b", "f", args=({"__array__": "in0"},))]
    record = run_job(job([code], probes, inputs))
    np.testing.assert_array_equal(record.answers["a"].value, [[0, 2], [4, 6]])
    np.testing.assert_array_equal(record.answers["b"].value, [[0, 2], [4, 6]])


def test_missing_names_exceptions_and_non_callables_are_reported():
    record = run_job(job(["def layer_normalization(x):\n    return x", "z = 3", "def boom():\n    raise KeyError('k')"],
                         [Probe("m", "layer_norm"), Probe("z", "z"), Probe("b", "boom")]))
    assert record.answers["m"].error.kind == "missing" and "layer_normalization" in record.answers["m"].error.message
    assert "not a function" in record.answers["z"].error.message
    assert record.answers["b"].error.ename == "KeyError"


def test_an_endless_cell_is_killed_and_the_cells_after_it_still_run():
    started = time.monotonic()
    record = run_job(job(["x = 1", "while True:\n    pass", "y = x + 1"], [Probe("y", "y", call=False)],
                         cell_seconds=1.0))
    assert record.cells[1].status == "timeout"
    assert record.answers["y"].value == 2
    assert record.restarts == 1 and time.monotonic() - started < 30


@pytest.mark.slow  # waits out a check's CPU budget (20 s)
def test_an_endless_check_costs_only_that_check():
    code = "import time\ndef slow():\n    while True:\n        time.sleep(0.01)\ndef fast():\n    return 7"
    probes = [Probe("slow", "slow", timeout=1.0), Probe("fast", "fast")]
    record = run_job(job([code], probes))
    assert record.answers["slow"].error.kind == "timeout"
    assert record.answers["fast"].value == 7


def test_a_process_that_exits_is_blamed_for_the_cell_and_grading_goes_on():
    record = run_job(job(["import os\nx = 5", "os._exit(0)", "y = x * 2"], [Probe("y", "y", call=False)]))
    assert record.cells[1].status == "crash"
    assert record.answers["y"].value == 10


def test_sys_exit_in_a_cell_is_an_ordinary_error():
    record = run_job(job(["import sys\nsys.exit(3)", "x = 1"], [Probe("x", "x", call=False)]))
    assert "SystemExit" in record.cells[0].error and record.answers["x"].value == 1


@pytest.mark.slow  # waits out the submission's budget (20 s)
def test_the_submission_limit_bounds_everything_and_reports_what_was_not_run():
    record = run_job(job(["import time\ntime.sleep(30)"], [Probe("x", "x", call=False)],
                         total_seconds=2.0, cell_seconds=60.0))
    assert record.cells[0].status == "timeout"
    assert record.answers["x"].error.kind == "not-run"


def test_no_process_of_the_submission_survives_its_grading():
    marker = f"survivor-{os.getpid()}-{time.monotonic_ns()}"
    code = ("import subprocess, sys\n"
            f"p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)', {marker!r}])")
    run_job(job([code]))
    assert processes_with(marker) == []


def processes_with(marker: str) -> list[int]:
    """Live processes whose command line holds ``marker``."""
    found = []
    for name in os.listdir("/proc"):
        try:
            with open(f"/proc/{name}/cmdline", "rb") as handle:
                if marker.encode() in handle.read() and _alive(int(name)):
                    found.append(int(name))
        except (OSError, ValueError):
            continue
    return found


def test_the_worker_runs_in_a_private_directory_with_a_scrubbed_environment(monkeypatch):
    monkeypatch.setenv("GRADER_SECRET", "s3cret")
    code = "import os\ncwd = os.getcwd()\nsecret = os.environ.get('GRADER_SECRET')"
    record = run_job(job([code], [Probe("cwd", "cwd", call=False), Probe("s", "secret", call=False)]))
    assert "harness-worker-" in record.answers["cwd"].value
    assert record.answers["s"].value is None
    assert not os.path.exists(record.answers["cwd"].value)  # removed after grading


def test_printed_output_is_capped():
    record = run_job(job(["for i in range(100000):\n    print('x' * 100)"], limits={"output_kb": 4}))
    assert len(record.cells[0].output) < 5000 and "not kept" in record.cells[0].output


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except OSError:
        return False


def _dying_module(folder, always: bool):
    (folder / "dies_on_import.py").write_text(
        "import os, pathlib, signal\n"
        "marker = pathlib.Path(__file__).with_name('started')\n"
        f"if {always} or not marker.exists():\n"
        "    marker.write_text('1')\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "value = 42\n")
    return Job(source={"kind": "modules", "sys_path": [str(folder)], "modules": {"m": "dies_on_import"}},
               probes=[Probe("v", "m.value", call=False)])


def test_a_worker_that_dies_before_any_submission_code_runs_is_started_once_more(tmp_path):
    record = run_job(_dying_module(tmp_path, always=False))
    assert record.answers["v"].value == 42 and record.restarts == 1 and not record.problems


def test_a_worker_that_never_starts_is_reported_not_retried_forever(tmp_path):
    record = run_job(_dying_module(tmp_path, always=True))
    assert record.answers["v"].error.kind == "not-run" and record.restarts == 1
    assert "before the first cell" in record.problems[0]


CLOSERS = {"its event pipe": "os.close(int(sys.argv[2]))", "every descriptor above 2": "os.closerange(3, 65536)",
           "a pipe of its own in its place": "r, w = os.pipe()\nos.dup2(w, int(sys.argv[2]))"}


@pytest.mark.parametrize("how", sorted(CLOSERS))
@pytest.mark.parametrize("warm_on", [False, True], ids=["cold", "warm"])
def test_a_submission_that_closes_the_channel_is_told_so_at_once_and_the_rest_is_graded(monkeypatch, how, warm_on):
    if warm_on and not warm.enabled():
        pytest.skip("warm workers need root and util-linux unshare")
    monkeypatch.setenv("HARNESS_WARM", "1" if warm_on else "0")
    code = ("import os, sys, time\n"
            f"def closes():\n    {CLOSERS[how].replace(chr(10), chr(10) + '    ')}\n    time.sleep(60)\n"
            "def fine():\n    return 7")
    started = time.monotonic()
    record = run_job(job([code], [Probe("closes", "closes", timeout=60.0), Probe("fine", "fine")]))
    assert record.answers["closes"].error.kind == "tampered", (record.answers, record.problems, record.cells)
    assert "closed the grader's channel" in record.answers["closes"].error.message
    assert record.answers["fine"].value == 7
    assert time.monotonic() - started < 15  # not the check's 60 s


def test_a_closed_channel_seen_late_is_blamed_on_the_item_the_worker_announced_last(monkeypatch):
    """A busy grader's select can say "nothing to read" just before the worker announces a check and
    closes its end: the events written meanwhile must still say which check it was."""
    from harness.run import watcher as watcher_module

    watchers, real_select = [], select.select

    def grader_behind(readers, writers, errors, timeout=None):
        first = watchers[0] if watchers else None
        if timeout and first is not None and first.worker_pid is not None and len(watchers) == 1:
            time.sleep(timeout)  # the first worker, once ready: the waiting select never sees its events
            return [], [], []
        return real_select(readers, writers, errors, timeout)

    original_init = watcher_module.Watcher.__init__

    def remembered(self, *args, **kw):
        original_init(self, *args, **kw)
        watchers.append(self)

    monkeypatch.setattr(watcher_module.Watcher, "__init__", remembered)
    monkeypatch.setattr(watcher_module.select, "select", grader_behind)
    code = "import os, time\ndef closes():\n    os.closerange(3, 65536)\n    time.sleep(60)\ndef fine():\n    return 7"
    record = run_job(job([code], [Probe("closes", "closes", timeout=60.0), Probe("fine", "fine")]))
    assert len(watchers) == 2  # the first worker stopped at the closed channel, a second answered the rest
    assert record.answers["closes"].error.kind == "tampered", (record.answers, record.problems)
    assert record.answers["fine"].value == 7 and not record.problems


@pytest.mark.slow  # restarts workers with TensorFlow (1 min)
def test_a_cell_that_closes_the_channel_costs_that_cell_only():
    record = run_job(job(["import os\nx = 2", "os.closerange(3, 65536)\nimport time\ntime.sleep(60)", "y = x * 3"],
                         [Probe("y", "y", call=False)], cell_seconds=60.0))
    assert record.cells[1].status == "tampered" and "closed the grader's channel" in record.cells[1].error
    assert record.answers["y"].value == 6
