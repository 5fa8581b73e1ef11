"""A warm worker (forked from a zygote) is confined and behaves exactly as a cold one."""
from __future__ import annotations

import pytest

from harness.contract.protocol import Probe
from harness.run import isolation, warm
from harness.run.job import Job
from harness.run.supervise import run_job

pytestmark = pytest.mark.skipif(not warm.enabled(), reason="warm workers need root and util-linux unshare "
                                                           "(or HARNESS_WARM=0 is set)")

# What a submission can see of its confinement: each line must read the same warm and cold.
# (It never names the library in full: that would send it to the zygote holding TensorFlow.)
LOOK = r"""
import os, resource, socket, sys
status = dict(l.split(':', 1) for l in open('/proc/self/status').read().splitlines() if ':' in l)
print('uid', os.getuid(), os.getgid(), os.getgroups())
print('pid', os.getpid(), status['NSpid'].split()[-1], status['NoNewPrivs'].strip())
print('root', sorted(os.listdir('/')), os.getcwd() == os.environ['HOME'])
print('net', sorted(name for _, name in socket.if_nameindex()))
print('limits', [resource.getrlimit(getattr(resource, 'RLIMIT_' + n)) for n in ('AS', 'CPU', 'FSIZE', 'NPROC', 'NOFILE', 'CORE')])
print('env', sorted(k for k in os.environ if k != 'HARNESS_WORKER_TOKEN'))
print('fds', sorted(os.listdir('/proc/self/fd')))
print('modules', 'tensor' + 'flow' in sys.modules, 'ker' + 'as' in sys.modules, sys.flags.no_user_site)
print('path', [p for p in sys.path if 'speed' not in p])
"""


def _cells(*codes):
    return {"kind": "cells", "cells": [{"index": i, "code": c} for i, c in enumerate(codes)]}


def _run(monkeypatch, warm_on: bool, source: dict, probes=(), extra=None, cell_seconds=60.0):
    monkeypatch.setenv("HARNESS_WARM", "1" if warm_on else "0")
    started = []
    original = warm.spawn
    monkeypatch.setattr(warm, "spawn", lambda *a, **k: started.append(p := original(*a, **k)) or p)
    record = run_job(Job(source=source, probes=list(probes), limits={"memory_mb": 2048, "cpu_seconds": 60,
                                                                     "file_mb": 64}, extra=extra or {},
                         cell_seconds=cell_seconds))
    assert bool(started and started[0]) == warm_on, "the worker did not start the way the test asked"
    return record


def test_a_warm_worker_is_confined_exactly_as_a_cold_one(monkeypatch):
    warm_record = _run(monkeypatch, True, _cells(LOOK))
    cold_record = _run(monkeypatch, False, _cells(LOOK))
    assert warm_record.cells[0].status == "ok", warm_record.cells[0].error
    seen = warm_record.cells[0].output
    assert seen == cold_record.cells[0].output
    if isolation.level().jail:
        assert "uid 61" in seen and "pid 2 2 1" in seen  # its own uid, PID 2 under the launcher, no_new_privs
    assert "net ['lo']" in seen


@pytest.mark.slow
def test_a_worker_forked_from_the_tensorflow_zygote_sees_what_a_cold_one_sees(monkeypatch):
    look = LOOK + "# this submission mentions keras, so it is forked from the zygote holding TensorFlow\n"
    warm_record = _run(monkeypatch, True, _cells(look))
    cold_record = _run(monkeypatch, False, _cells(look))
    assert warm_record.cells[0].status == "ok", warm_record.cells[0].error
    assert warm_record.cells[0].output == cold_record.cells[0].output  # no descriptor of the zygote leaks


def test_a_warm_worker_is_killed_on_timeout_and_the_next_item_still_runs(monkeypatch):
    record = _run(monkeypatch, True, _cells("x = 1", "while True:\n    pass", "y = x + 1"),
                  [Probe("y", "y", call=False)], cell_seconds=1.0)
    assert record.cells[1].status == "timeout" and record.restarts == 1
    assert record.answers["y"].value == 2


@pytest.mark.slow
def test_keras_trains_to_the_same_weights_warm_and_cold(monkeypatch):
    code = ("import sys\nbefore = 'tensorflow' in sys.modules or 'keras' in sys.modules\n"
            "import keras, numpy as np\n"
            "m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(1)])\n"
            "m.compile('adam', 'mse')\nx = np.random.rand(32, 4)\nm.fit(x, x.sum(1), epochs=9, verbose=0)\n"
            "w = float(m.layers[0].get_weights()[0].sum())\n")
    extra = {"determinism": {"seed": 3, "device": "cpu", "intra_op_threads": 1},
             "data": {"size": "cpu", "epoch_cap": 2, "seed": 3, "data_dir": None}}
    probes = [Probe("w", "w", call=False), Probe("before", "before", call=False)]
    warm_record = _run(monkeypatch, True, _cells(code), probes, extra)
    cold_record = _run(monkeypatch, False, _cells(code), probes, extra)
    assert warm_record.answers["before"].value is False  # hidden until imported, as in a cold worker
    assert warm_record.answers["w"].value == cold_record.answers["w"].value
    assert warm_record.environment == cold_record.environment  # seeds, op determinism, epoch cap, versions
