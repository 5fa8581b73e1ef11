"""Shared fixtures: an isolated cache, and small builders for notebooks and courses."""
from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory, monkeypatch):
    """Reference answers cached per test session, never in the user's own cache."""
    monkeypatch.setenv("HARNESS_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


def write_notebook(path: Path, cells: list[tuple[str, str]]) -> Path:
    """cells: ("code" | "md", source) pairs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = new_notebook(cells=[new_code_cell(textwrap.dedent(src)) if kind == "code"
                               else new_markdown_cell(textwrap.dedent(src)) for kind, src in cells])
    nbformat.write(book, path)
    return path


@pytest.fixture
def repo() -> Path:
    return REPO
