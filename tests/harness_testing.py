"""Helpers shared by the tests (a unique module name: tests/ subfolders have their own conftest)."""
from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

REPO = Path(__file__).resolve().parent.parent


def write_notebook(path: Path, cells: list[tuple[str, str]]) -> Path:
    """cells: ("code" | "md", source) pairs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = new_notebook(cells=[new_code_cell(textwrap.dedent(src)) if kind == "code"
                               else new_markdown_cell(textwrap.dedent(src)) for kind, src in cells])
    nbformat.write(book, path)
    return path
