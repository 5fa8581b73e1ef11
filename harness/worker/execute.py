"""Running code cells as "Run All" would: in order, in one namespace, past failures."""
from __future__ import annotations

import ast
import errno
import linecache
import time
import traceback
import types

from harness.worker.capture import captured

MAX_TRACEBACK = 8_000


def student_module() -> types.ModuleType:
    """A fresh ``__main__`` module with the few IPython names notebooks lean on."""
    module = types.ModuleType("__main__")
    module.display = _display
    module.get_ipython = lambda: _IPythonStandIn()
    return module


def _display(*objects, **_options):
    for obj in objects:
        print(repr(obj))


class _IPythonStandIn:
    """Magics are never run; code that calls IPython directly gets a silent stand-in."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def run_cell(index: int, code: str, namespace: dict, output_limit: int) -> dict:
    """Execute one cell; return the fields of a ``cell_end`` event."""
    filename = f"<cell {index}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    started = time.perf_counter()
    error, display = None, None
    with captured(output_limit) as out:
        try:
            body, last = _split_last_expression(code, filename)
            exec(compile(body, filename, "exec"), namespace)
            if last is not None:
                value = eval(compile(last, filename, "eval"), namespace)
                if value is not None:
                    display = _safe_repr(value)
        except BaseException as exc:  # SystemExit and KeyboardInterrupt too: the next cell still runs
            error = describe_exception(exc)
    return {"error": error, "output": out.getvalue(), "display": display,
            "seconds": round(time.perf_counter() - started, 4)}


def _split_last_expression(code: str, filename: str):
    tree = ast.parse(code, filename)
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
        return tree, last
    return tree, None


def describe_exception(exc: BaseException) -> dict:
    """Type, message and a traceback limited to the student's own frames."""
    try:
        message = str(exc)
    except BaseException:
        message = "<the exception's message could not be read>"
    frames = traceback.extract_tb(exc.__traceback__)
    own = [f for f in frames if f.filename.startswith("<cell") or "/harness/" not in f.filename]
    lines = traceback.format_list(own[-12:]) if own else []
    text = "Traceback (most recent call last):\n" + "".join(lines) + f"{type(exc).__name__}: {message}"
    limit = limit_reached(exc)
    return {"kind": "limit" if limit else "exception", "ename": type(exc).__name__,
            "message": (f"{limit} ({type(exc).__name__}: {message})" if limit
                        else f"{type(exc).__name__}: {message}")[:2000], "traceback": text[-MAX_TRACEBACK:]}


def limit_reached(exc: BaseException) -> str | None:
    """Name the resource limit behind an exception, so the student reads why, not just errno."""
    if isinstance(exc, MemoryError):
        return "out of memory: the memory limit was reached"
    if isinstance(exc, OSError) and exc.errno == errno.EAGAIN and not isinstance(exc, TimeoutError):
        return "process limit: no more processes or threads may be started"
    if isinstance(exc, RuntimeError) and "can't start new thread" in str(exc):
        return "process limit: no more processes or threads may be started"
    if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
        return "file size limit: a file grew past the limit"
    if isinstance(exc, OSError) and exc.errno == errno.EMFILE:
        return "open files limit: too many files are open"
    return None


def _safe_repr(value) -> str:
    try:
        return repr(value)[:5000]
    except BaseException as exc:
        return f"<repr raised {type(exc).__name__}>"
