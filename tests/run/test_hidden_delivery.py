"""Hidden inputs reach the worker only after its cells and public probes ran, warm or cold.

The cell below looks everywhere a top-level cell can: Python's objects, the whole of the
process's readable memory, its descriptors (stdin and the pipes included), its environment
and its folder.  It must find nothing of the hidden input, while the hidden probe, run
afterwards, still gets that input and answers with it.
"""
from __future__ import annotations

import numpy as np
import pytest

from harness.contract.protocol import Probe
from harness.run import warm
from harness.run.job import Job
from harness.run.supervise import run_job

HIDDEN = np.array([[811.25, -3.0625, 4242.5, 7.75]])  # none of these numbers is written in the cell
PUBLIC = np.array([[1.5, 2.5, 3.5, 4.5]])

SCAN = r'''
import gc, os, sys
import numpy as np
found = []
objects, frame = gc.get_objects(), sys._getframe()
while frame is not None:  # the worker's own frames: main()'s locals hold the job and its inputs
    objects.append(dict(frame.f_locals))
    frame = frame.f_back
def arrays_in(obj, depth=0):
    items = list(obj.values()) if isinstance(obj, dict) else list(obj) if isinstance(obj, (list, tuple)) else []
    for value in items:
        if isinstance(value, np.ndarray) and value.dtype == np.float64 and (value == 800 + 11.25).any():
            found.append(('gc', value.tolist()))
        elif depth < 2 and isinstance(value, (dict, list, tuple)):
            arrays_in(value, depth + 1)
for obj in objects:
    arrays_in(obj)
head, tail = (np.float64(800) + 11.25).tobytes() + (np.float64(-3) - 0.0625).tobytes(), \
             (np.float64(4242) + 0.5).tobytes() + (np.float64(7) + 0.75).tobytes()
def hit(data):
    at = data.find(head)
    while at >= 0:
        if data[at + 16:at + 32] == tail:
            return True
        at = data.find(head, at + 1)
    return False
regions = 0
try:
    mem = open('/proc/self/mem', 'rb', 0)
except PermissionError:  # a warm worker is not dumpable after its setuid: its memory is not even its own to read
    mem = None
with open('/proc/self/maps') as maps:
    for line in maps if mem else ():
        span, perms = line.split()[:2]
        if not perms.startswith('r') or '[v' in line:
            continue
        start, end = (int(x, 16) for x in span.split('-'))
        try:
            mem.seek(start)
            if hit(mem.read(end - start)):
                found.append(('memory', line.strip()))
            regions += 1
        except (OSError, OverflowError, ValueError):
            pass
for fd in sorted(os.listdir('/proc/self/fd')):
    try:
        os.set_blocking(int(fd), False)
        data = os.read(int(fd), 1 << 20)
        if hit(data) or b'811.25' in data or b'4242.5' in data:
            found.append(('fd', fd))
    except (OSError, ValueError):
        pass
for key, value in os.environ.items():
    if '811.25' in value or '4242.5' in value:
        found.append(('env', key))
for name in os.listdir('.'):
    try:
        data = open(name, 'rb').read()
        if hit(data) or b'811.25' in data or b'4242.5' in data:
            found.append(('file', name))
    except OSError:
        pass
print('FOUND', found if found else 'nothing', 'in', regions, 'memory regions')
def double(x):
    return np.asarray(x) * 2
'''


@pytest.mark.parametrize("warm_on", [False, True], ids=["cold", "warm"])
def test_a_top_level_cell_finds_no_hidden_input_and_the_hidden_probe_still_gets_it(monkeypatch, warm_on):
    if warm_on and not warm.enabled():
        pytest.skip("warm workers need root and util-linux unshare")
    monkeypatch.setenv("HARNESS_WARM", "1" if warm_on else "0")
    probes = [Probe("hidden", "double", args=({"__array__": "in1"},), hidden=True),
              Probe("public", "double", args=({"__array__": "in0"},))]
    job = Job(source={"kind": "cells", "cells": [{"index": 0, "code": SCAN}]}, probes=probes,
              inputs={"in0": PUBLIC, "in1": HIDDEN}, cell_seconds=60.0, limits={"memory_mb": 2048})
    record = run_job(job)
    output = record.cells[0].output
    assert "FOUND nothing in" in output, output
    if not warm_on:
        assert int(output.split(" in ")[-1].split()[0]) > 10, output  # the memory was really read
    np.testing.assert_array_equal(record.answers["public"].value, PUBLIC * 2)
    np.testing.assert_array_equal(record.answers["hidden"].value, HIDDEN * 2)


def test_the_same_scan_finds_an_input_the_job_makes_public(monkeypatch):
    """The scan can fail: given the same array as a public input, it finds it (cold: its memory is readable)."""
    monkeypatch.setenv("HARNESS_WARM", "0")
    probes = [Probe("public", "double", args=({"__array__": "in1"},))]
    job = Job(source={"kind": "cells", "cells": [{"index": 0, "code": SCAN}]}, probes=probes,
              inputs={"in1": HIDDEN}, cell_seconds=60.0, limits={"memory_mb": 2048})
    output = run_job(job).cells[0].output
    assert "('gc', [[811.25" in output and "('memory'" in output, output


def test_public_probes_run_first_and_hidden_probes_are_answered_in_order():
    code = "order = []\ndef f(tag):\n    order.append(tag)\n    return list(order)"
    probes = [Probe("h1", "f", args=("h1",), hidden=True), Probe("p1", "f", args=("p1",)),
              Probe("h2", "f", args=("h2",), hidden=True), Probe("p2", "f", args=("p2",))]
    record = run_job(Job(source={"kind": "cells", "cells": [{"index": 0, "code": code}]}, probes=probes))
    assert record.answers["h2"].value == ["p1", "p2", "h1", "h2"]
    assert record.hidden_delivered


def test_a_hidden_probe_that_hangs_is_restarted_and_the_next_hidden_probe_answers():
    code = "import time\ndef slow(x):\n    while True:\n        time.sleep(0.01)\ndef fast(x):\n    return x + 1"
    probes = [Probe("slow", "slow", args=(1,), hidden=True, timeout=1.0), Probe("fast", "fast", args=(41,),
                                                                              hidden=True)]
    record = run_job(Job(source={"kind": "cells", "cells": [{"index": 0, "code": code}]}, probes=probes))
    assert record.answers["slow"].error.kind == "timeout"
    assert record.answers["fast"].value == 42 and record.restarts == 1
