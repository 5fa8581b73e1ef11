"""Running code cells as "Run All" would: in order, in one namespace, past failures.

Each top-level statement is a step of its own (the grader times and blames steps, see
:mod:`harness.run.watcher`): a statement that raises does not lose the statements after it
in the same cell, nor a ``.py`` module's definitions after a failing line.
"""
from __future__ import annotations

import ast
import linecache
import sys
import time
import traceback
import types
from dataclasses import dataclass

from harness.contract.statements import first_line, top_level
from harness.worker.capture import FIGURES, captured
from harness.worker.failure_reasons import reason_of

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


@dataclass(frozen=True)
class Step:
    """One top-level statement of a cell (see :mod:`harness.contract.statements`)."""
    cell: int
    number: int
    line: int  # where the student sees it start, in the cell
    node: ast.stmt | None  # None: the cell does not parse; the step compiles it whole and reports why
    code: str = ""
    shown: bool = False  # the cell's last statement is an expression: its value is displayed, as Jupyter does
    last: bool = True  # the cell's last statement: the figures still open after it are the cell's (capture.py)

    @property
    def filename(self) -> str:
        return f"<cell {self.cell}>"


def cell_steps(index: int, code: str) -> list[Step]:
    """The steps of one cell, each run on its own so that a failing statement does not lose the rest."""
    filename = f"<cell {index}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    nodes = top_level(code, filename)
    if nodes is None:
        return [Step(index, 0, 1, None, code)]
    last = len(nodes) - 1
    return [Step(index, k, first_line(node), node, shown=k == last and isinstance(node, ast.Expr), last=k == last)
            for k, node in enumerate(nodes)]


class Compiler:
    """Compiles steps with the ``from __future__`` imports earlier steps made (as IPython keeps them)."""

    def __init__(self):
        self.flags = 0

    def code(self, step: Step, mode: str):
        if step.node is None:
            return compile(step.code, step.filename, "exec", self.flags)
        tree = ast.Expression(step.node.value) if mode == "eval" else ast.Module([step.node], type_ignores=[])
        compiled = compile(tree, step.filename, mode, self.flags)
        if isinstance(step.node, ast.ImportFrom) and step.node.module == "__future__":
            for alias in step.node.names:
                feature = getattr(sys.modules.get("__future__"), alias.name, None)
                self.flags |= getattr(feature, "compiler_flag", 0)
        return compiled


def run_step(step: Step, namespace: dict, output_limit: int, compiler: Compiler) -> dict:
    """Execute one step; return the fields of a ``step_end`` event."""
    started = time.perf_counter()
    error, display = None, None
    FIGURES.start_step(step.cell)
    with captured(output_limit) as out:
        try:
            if step.shown:
                value = eval(compiler.code(step, "eval"), namespace)
                if value is not None:
                    display = _safe_repr(value)
            else:
                exec(compiler.code(step, "exec"), namespace)
        except BaseException as exc:  # SystemExit and KeyboardInterrupt too: the next statement still runs
            error = describe_exception(exc, step.filename)
        images, not_kept = FIGURES.end_step(take=step.last)
        print(not_kept, end="")
    return {"error": error, "output": out.getvalue(), "display": display, "images": images,
            "seconds": round(time.perf_counter() - started, 4)}


def describe_exception(exc: BaseException, filename: str | None = None) -> dict:
    """Type, message and a traceback limited to the student's own frames; with ``filename`` (a cell's),
    where in that cell it arose, as data (:func:`_place`)."""
    try:
        message = str(exc)
    except BaseException:
        message = "<the exception's message could not be read>"
    frames = traceback.extract_tb(exc.__traceback__)
    own = [f for f in frames if f.filename.startswith("<cell") or "/harness/" not in f.filename]
    lines = traceback.format_list(own[-12:]) if own else []
    text = "Traceback (most recent call last):\n" + "".join(lines) + f"{type(exc).__name__}: {message}"
    said = f"{type(exc).__name__}: {message}"[:2000]
    why = reason_of(exc, said)
    limit = why is not None and why["id"] == "reason.worker_limit"
    found = {"kind": "limit" if limit else "exception", "ename": type(exc).__name__,
             "message": said, "traceback": text[-MAX_TRACEBACK:], **_place(exc, frames, filename)}
    return {**found, "reason": why} if why else found


def _place(exc: BaseException, frames, filename: str | None) -> dict:
    """The student's line in the cell (``line``), for a cell that does not parse the parser's own words
    (``syntax``), for a NameError the name (``missing``): fields, so the grader never reads them back
    out of the text."""
    if filename is None:
        return {}
    if isinstance(exc, SyntaxError) and exc.filename == filename and isinstance(exc.lineno, int):
        return {"line": exc.lineno, "syntax": str(exc.msg)[:500]}
    lines = [f.lineno for f in frames if f.filename == filename and isinstance(f.lineno, int)]
    missing = getattr(exc, "name", None) if type(exc) is NameError else None
    return {**({"line": lines[-1]} if lines else {}), **({"missing": missing} if isinstance(missing, str) else {})}


def _safe_repr(value) -> str:
    try:
        return repr(value)[:5000]
    except BaseException as exc:
        return f"<repr raised {type(exc).__name__}>"
