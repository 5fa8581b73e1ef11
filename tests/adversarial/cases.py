"""Hostile and broken submissions, one per student, with the exact outcome each must get.

Every module defines a correct ``layer_norm`` (question Q2) so that whatever the hostile
``batch_norm`` (question Q1) does, Q2 must still get its full 3 points.  ``{paths}`` in a
source is filled with the absolute paths an attacker would most like to reach.
"""
from __future__ import annotations

from dataclasses import dataclass

LAYER = '''
import numpy as np
def layer_norm(x, eps=0.0):
    x = np.asarray(x, dtype=np.float64)
    return (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True) + eps)
'''
BATCH = '''
def _right(x, eps=0.0):
    x = np.asarray(x, dtype=np.float64)
    return (x - x.mean(axis=0, keepdims=True)) / np.sqrt(x.var(axis=0, keepdims=True) + eps)
'''


# Top-level code looking for the hidden input (a 3 x 7 float array) wherever a cell can look,
# and printing all it finds: every array in Python's objects and the worker's frames, what
# every descriptor (stdin, the pipes) and file in its folder holds, its environment.
SCAN_FOR_HIDDEN = r"""
import gc, os, sys
import numpy as np
seen = []
def look(obj, depth=0):
    items = list(obj.values()) if isinstance(obj, dict) else list(obj) if isinstance(obj, (list, tuple)) else []
    for value in items:
        if isinstance(value, np.ndarray) and value.ndim == 2 and value.shape[1] == 7:
            seen.append(value.tolist())
        elif depth < 3 and isinstance(value, (dict, list, tuple)):
            look(value, depth + 1)
frame = sys._getframe()
while frame is not None:
    look(dict(frame.f_locals))
    frame = frame.f_back
for obj in gc.get_objects():
    look(obj)
print('ARRAYS', seen)
for fd in sorted(os.listdir('/proc/self/fd')):
    try:
        os.set_blocking(int(fd), False)
        print('FD', fd, os.readlink('/proc/self/fd/' + fd), os.read(int(fd), 4096))
    except (OSError, ValueError) as e:
        print('FD', fd, type(e).__name__)
for name in os.listdir('.'):
    try:
        print('FILE', name, open(name, 'rb').read(4096))
    except OSError as e:
        print('FILE', name, type(e).__name__)
print('ENV', dict(os.environ))
"""


@dataclass(frozen=True)
class Case:
    family: str
    body: str  # defines batch_norm (after LAYER and BATCH); or a whole file's text for "raw" cases
    q1: float  # points Q1 must get (of 3)
    reason: str  # a phrase that must appear in what the student is told about Q1 (case-insensitive)
    q2: float = 3.0
    raw: bytes | None = None  # the file's exact bytes (malformed input)
    suffix: str = ".py"


def fn(body: str) -> str:
    """A batch_norm whose body is ``body`` (indented four spaces)."""
    lines = "\n".join("    " + line for line in body.strip("\n").splitlines())
    return f"def batch_norm(x, eps=0.0):\n{lines}\n"


CASES: dict[str, Case] = {
    # --- resource exhaustion -------------------------------------------------------------
    "r_endless_loop": Case("resources", fn("while True:\n    pass"), 0, "more than 3 s"),
    "r_memory": Case("resources", fn("big = np.ones(4 * 10**9)\nreturn _right(x, eps)"), 0, "out of memory"),
    "r_raise_limit_then_memory": Case("resources", fn(
        "import resource\n"
        "try:\n    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY,) * 2)\n"
        "except Exception as e:\n    print('cannot raise:', e)\n"
        "big = np.ones(4 * 10**9)\nreturn _right(x, eps)"), 0, "out of memory"),
    "r_fork_bomb": Case("resources", fn(  # every child forks too: the classic bomb, sleeping once refused
        "import os, time\nme = os.getpid()\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n"
        "        if os.getpid() != me:\n            time.sleep(300)\n            os._exit(0)\n        raise"),
        0, "process limit"),
    "r_thread_bomb": Case("resources", fn(
        "import threading, time\nwhile True:\n"
        "    threading.Thread(target=time.sleep, args=(300,), daemon=True).start()"), 0, "process limit"),
    "r_output_flood_raw": Case("resources", fn("import os\nwhile True:\n    os.write(1, b'x' * 65536)"),
                               0, "output limit"),
    "r_print_flood": Case("resources", fn("for i in range(200000):\n    print('y' * 100)\nreturn _right(x, eps)"),
                          3, "correct"),
    "r_recursion": Case("resources", fn("return batch_norm(x, eps)"), 0, "RecursionError"),
    "r_big_file": Case("resources", fn(
        "with open('big.bin', 'wb') as f:\n    f.truncate(0)\n    f.seek(700 * 2**20)\n    f.write(b'x')\n"
        "return _right(x, eps)"), 0, "file size limit"),
    "r_orphans_setsid_ignore_term": Case("resources", fn(
        "import subprocess, sys\n"
        "code = 'import os,signal,time; os.setsid(); signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(300)'\n"
        "subprocess.Popen([sys.executable, '-c', code, 'advmarker'], start_new_session=True)\n"
        "if __import__('os').fork() == 0:\n"
        "    __import__('os').setsid()\n"
        "    subprocess.Popen([sys.executable, '-c', code, 'advmarker'])\n"
        "    __import__('os')._exit(0)\n"
        "return _right(x, eps)"), 3, "correct"),
    # --- forgery and tampering -------------------------------------------------------------
    "f_forged_done": Case("forgery", fn(
        "import os, sys\nfd = int(sys.argv[2])\n"
        "os.write(fd, b'{\"event\": \"done\"}\\n')\nreturn np.zeros((5, 5))"), 0, "tampered"),
    "f_forged_answer_for_next_check": Case("forgery", fn(
        "import os, sys, json\nfd = int(sys.argv[2])\n"
        "os.write(fd, (json.dumps({'event': 'probe_end', 'id': 'Q2.1.main', 'value': 1.0}) + '\\n').encode())\n"
        "return _right(x, eps)"), 0, "tampered"),
    "f_garbage_line": Case("forgery", fn("import os, sys\nos.write(int(sys.argv[2]), b'All tests passed\\n')\n"
                                         "return _right(x, eps)"), 0, "tampered"),
    "f_huge_line": Case("forgery", fn("import os, sys\nfd = int(sys.argv[2])\nwhile True:\n"
                                      "    os.write(fd, b'z' * 2**20)"), 0, "output limit"),
    "f_close_channel": Case("forgery", fn("import os, sys, time\nos.close(int(sys.argv[2]))\ntime.sleep(30)"),
                            0, "closed the grader's channel"),
    "f_close_every_descriptor": Case("forgery", fn("import os, time\nos.closerange(3, 65536)\ntime.sleep(30)"),
                                     0, "closed the grader's channel"),
    "f_exit_zero_early": Case("forgery", fn("print('All tests passed')\nimport os\nos._exit(0)"),
                              0, "exit status 0"),
    "f_prints_all_passed": Case("forgery", fn("print('All tests passed! Score: 3/3')\nreturn x"), 0, "max abs"),
    "f_lying_eq": Case("forgery", fn(
        "class Liar:\n    def __eq__(self, other): return True\n    __array__ = lambda self, *a, **k: _right(x)\n"
        "    shape = (5, 5)\nreturn Liar()"), 0, "Liar"),
    "f_ndarray_subclass": Case("forgery", fn(
        "class Sneaky(np.ndarray):\n    def __eq__(self, other): return np.ones(np.shape(other), bool)\n"
        "return np.zeros((5, 5)).view(Sneaky)"), 0, "Sneaky"),
    "f_nan": Case("forgery", fn("return np.full((5, 5), np.nan)"), 0, "nan"),
    "f_empty": Case("forgery", fn("return np.array([])"), 0, "shape"),
    "f_patch_numpy_and_harness": Case("forgery", fn(
        "np.allclose = lambda *a, **k: True\nnp.testing.assert_allclose = lambda *a, **k: None\n"
        "import harness.grading.compare as c\nc.compare = lambda *a, **k: True\nreturn np.zeros((5, 5))"), 0, "max abs"),
    "f_object_array_npz": Case("forgery", fn(
        "import harness.contract.plain as P\n"
        "keep = P.save_arrays\n"
        "P.save_arrays = lambda path, arrays: np.savez(path, **{k: np.array([object()], dtype=object) "
        "for k in arrays}) if 'Q1' in str(path) else keep(path, arrays)\nreturn _right(x, eps)"), 0, "could not be read"),
    "f_zip_bomb_npz": Case("forgery", fn(
        "import harness.contract.plain as P, io, zipfile\n"
        "def bomb(path, arrays):\n"
        "    buffer = io.BytesIO()\n"
        "    np.savez(buffer, **arrays)\n"
        "    data = bytearray(buffer.getvalue())\n"
        "    at = data.index(b'PK\\x01\\x02')\n"
        "    data[at + 24:at + 28] = (0xFFFFFFF0).to_bytes(4, 'little')  # claims 4 GiB inflated\n"
        "    open(str(path), 'wb').write(bytes(data))\n"
        "keep = P.save_arrays\n"
        "P.save_arrays = lambda path, arrays: (bomb if 'Q1' in str(path) else keep)(path, arrays)\n"
        "return _right(x, eps)"), 0, "could not be read"),
    "f_symlinked_npz": Case("forgery", fn(
        "import harness.contract.plain as P, os\n"
        "keep = P.save_arrays\n"
        "P.save_arrays = lambda path, arrays: os.symlink('/etc/hostname', str(path)) if 'Q1' in str(path) "
        "else keep(path, arrays)\nreturn _right(x, eps)"),
        0, "could not be read"),
    "f_write_results_file": Case("forgery", fn(
        "import os, json\n"
        "for p in ['{out}/f_write_results_file/adv/results.json', '{out}/gradebook.csv']:\n"
        "    try:\n        os.makedirs(os.path.dirname(p), exist_ok=True)\n"
        "        open(p, 'w').write(json.dumps({'score': 999}))\n"
        "    except OSError as e:\n        print('refused', e)\n"
        "return np.zeros((5, 5))"), 0, "max abs"),
    # --- information leakage -------------------------------------------------------------
    "l_import_reference": Case("leakage", fn("from reference.adv.q1 import batch_norm as b\nreturn b(x, eps)"),
                               0, "ModuleNotFoundError"),
    "l_read_reference_file": Case("leakage", fn(
        "ns = {}\nexec(open('{course}/reference/adv/q1.py').read(), ns)\nreturn ns['batch_norm'](x, eps)"),
        0, "FileNotFoundError"),
    "l_read_cache_and_rubric": Case("leakage", fn(
        "import os\nos.listdir('{cache}')\nreturn open('{course}/rubrics/adv.toml').read()"),
        0, "FileNotFoundError"),
    "l_hidden_input_in_error": Case("leakage", fn(
        "if x.shape != (5, 5):\n    print('LEAKED', x.tolist())\n    raise ValueError('LEAKED ' + repr(x.tolist()))\n"
        "return _right(x, eps)"), 2, "raised ValueError"),
    "l_hidden_in_exception_name": Case("leakage", fn(  # the type's name is all a hidden check's summary shows
        "if x.shape != (5, 5):\n"
        "    raise type('LEAKED_' + '_'.join(str(int(v)) for v in x.ravel()[:4]), (ValueError,), {})()\n"
        "return _right(x, eps)"), 2, "raised an exception"),
    "l_hidden_in_forged_resolution": Case("leakage", fn(  # rewrites the worker's note of which name it used
        "import sys\nif x.shape != (5, 5):\n    frame = sys._getframe(1)\n"
        "    while frame is not None and not isinstance(frame.f_locals.get('resolution'), dict):\n"
        "        frame = frame.f_back\n"
        "    note = frame.f_locals['resolution']\n"
        "    note.update(name='LEAKED_' + '_'.join(str(int(v)) for v in x.ravel()[:4]), how='alias',\n"
        "                adaptations=[{'name': 'first-of-tuple', 'text': 'LEAKED ' + repr(x.tolist())}])\n"
        "    return x\n"
        "return _right(x, eps)"), 2, "correct"),
    "l_job_file_in_cell": Case("leakage", "import os\nprint('FILES', sorted(os.listdir('.')))\n"
                               "try:\n    print(open('job.json').read())\nexcept OSError as e:\n    print('nojob', e)\n"
                               + fn("return _right(x, eps)"), 3, "correct"),
    "l_scan_for_hidden_inputs": Case("leakage", SCAN_FOR_HIDDEN + fn("return _right(x, eps)"), 3, "correct"),
    "l_network": Case("leakage", fn(
        "import socket\ns = socket.socket()\ns.settimeout(2)\n"
        "try:\n    s.connect(('1.1.1.1', 53))\n    return _right(x, eps)\n"
        "except OSError as e:\n    raise ConnectionError('offline: ' + str(e))"), 0, "offline"),
    "l_other_student": Case("leakage", fn("return open('{classdir}/r_memory/adv.py').read()"),
                            0, "FileNotFoundError"),
    # --- feedback injection ----------------------------------------------------------------
    "i_script_tags": Case("injection", "print('<script>alert(1)</script>')\n" + fn(
        "print('<img src=x onerror=alert(2)>')\nraise ValueError('<script>alert(3)</script>')"),
        0, "raised ValueError"),
    "i_terminal_escapes_and_bad_text": Case("injection", "print('\\x1b[2J\\x1b[31mRED\\x1b]0;title\\x07')\n" + fn(
        "import sys\nsys.stdout.write('\\udcff\\ud800 broken')\nraise ValueError('\\x1b[31m' + 'A' * 100000)"),
        0, "raised ValueError"),
    "i_exception_str_raises": Case("injection", fn(
        "class Evil(Exception):\n    def __str__(self): raise RuntimeError('no')\nraise Evil()"), 0, "Evil"),
    # --- malformed input -------------------------------------------------------------------
    "m_truncated_notebook": Case("malformed", "", 0, "not valid JSON", 0, raw=b'{"cells": [', suffix=".ipynb"),
    "m_wrong_nbformat": Case("malformed", "", 0, "format 3 or 4", 0,
                             raw=b'{"nbformat": 2, "cells": [], "metadata": {}}', suffix=".ipynb"),
    "m_invalid_schema": Case("malformed", "", 0, "", 0,
                             raw=b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": "x"}',
                             suffix=".ipynb"),
    "m_not_utf8": Case("malformed", "", 0, "not UTF-8", 0, raw=b"def batch_norm(x):\n    return '\xff\xfe'\n"),
    "m_empty": Case("malformed", "", 0, "is empty", 0, raw=b""),
    "m_syntax_error": Case("malformed", "", 0, "SyntaxError", 0, raw=b"def batch_norm(x:\n    return x\n"),
    # --- crashes and non-determinism -------------------------------------------------------
    "c_segfault": Case("crashes", fn("import ctypes\nctypes.string_at(0)"), 0, "segmentation fault"),
    "c_kill_self": Case("crashes", fn("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"), 0, "killed"),
    "c_random_answer": Case("crashes", fn("return np.random.default_rng().normal(size=np.shape(x))"), 0, "max abs"),
    "c_system_exit": Case("crashes", fn("raise SystemExit(0)"), 0, "SystemExit"),
    "c_hanging_cell_then_code": Case("crashes", "", 3, "correct", suffix=".ipynb"),
    # --- damage to the environment ---------------------------------------------------------
    "d_write_outside": Case("damage", fn(
        "import os, shutil\n"
        "for target in ['{classdir}/pwned.txt', '{course}/pwned.txt', '{harness}/pwned.py', '/pwned.txt']:\n"
        "    try:\n        open(target, 'w').write('pwned')\n    except OSError as e:\n        print('refused', e)\n"
        "shutil.rmtree('{course}/reference', ignore_errors=True)\nreturn _right(x, eps)"), 3, "correct"),
    "d_kill_everyone": Case("damage", fn("import os, signal\nos.kill(-1, signal.SIGKILL)"), 0, "ProcessLookupError"),
    "d_signal_the_grader": Case("damage", fn(
        "import os, signal\nfor pid in (os.getppid(), 1):\n    try:\n        os.kill(pid, signal.SIGKILL)\n"
        "    except OSError as e:\n        print('refused', e)\nreturn _right(x, eps)"), 3, "correct"),
}
