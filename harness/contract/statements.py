"""What a step is: one top-level statement of a cell (or of a ``.py`` module).

The grader and the worker split a cell the same way, with this module: the grader to know
which steps to expect and which one to blame when a limit is hit, the worker to run them.
A compound statement (``def``, ``class``, ``if``, ``for``, ``with``, ``try``) is one step, with
its decorators.  Code that does not parse is one step: running it raises the SyntaxError,
which is reported as that cell's failure, as before statements were split.
"""
from __future__ import annotations

import ast

_parse = ast.parse  # bound once: a cell that replaces ``ast.parse`` changes nothing of how later cells split


def top_level(code: str, filename: str = "<cell>") -> list[ast.stmt] | None:
    """The cell's top-level statements, or None when the code does not parse (one step: the whole cell)."""
    try:
        return list(_parse(code, filename).body)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None


def first_line(node: ast.stmt) -> int:
    """The line the student sees the statement start on: its first decorator's, for a decorated one."""
    decorators = getattr(node, "decorator_list", None) or []
    return min([node.lineno] + [d.lineno for d in decorators])


def statement_lines(code: str) -> list[tuple[int, int]]:
    """(first line, last line) of each step of ``code``, in order; ``[(1, n)]`` for code that does not parse."""
    nodes = top_level(code)
    if nodes is None:
        return [(1, max(1, len(code.splitlines())))]
    return [(first_line(n), n.end_lineno or n.lineno) for n in nodes]
