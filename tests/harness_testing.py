"""Helpers shared by the tests (a unique module name: tests/ subfolders have their own conftest)."""
from __future__ import annotations

import textwrap
from html.parser import HTMLParser
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

REPO = Path(__file__).resolve().parent.parent


def hw06_first_questions_course(root: Path) -> Path:
    """A course folder with the real hw06 rubric cut to Q1-Q2 (NumPy and prose, seconds to grade)
    and the real references: numbers tests can rely on, whatever hw06 grows into."""
    (root / "rubrics").mkdir(parents=True)
    rubric = (REPO / "rubrics" / "hw06.toml").read_text(encoding="utf-8")
    (root / "rubrics" / "hw06.toml").write_text(rubric.split('[[questions]]\nid = "Q3"')[0], encoding="utf-8")
    (root / "reference").symlink_to(REPO / "reference")
    return root


def write_notebook(path: Path, cells: list[tuple[str, str]]) -> Path:
    """cells: ("code" | "md", source) pairs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = new_notebook(cells=[new_code_cell(textwrap.dedent(src)) if kind == "code"
                               else new_markdown_cell(textwrap.dedent(src)) for kind, src in cells])
    nbformat.write(book, path)
    return path


def mistakes_of(module) -> list:
    """A reference module's known-mistake functions: (name, function) for every ``mistake_*``."""
    return [(name, fn) for name, fn in vars(module).items() if name.startswith("mistake_") and callable(fn)]


def target_of(module, mistake_name: str) -> str:
    """mistake_<target>_<what>: the longest public name of the module that prefixes it."""
    rest = mistake_name[len("mistake_"):]
    names = [n for n in vars(module) if not n.startswith("_") and rest.startswith(n + "_")]
    return max(names, key=len)


def worker_plugin(name: str):
    """The course pack's worker plugin ``name``, installed as a grading worker installs it."""
    import sys

    from harness.worker import plugins

    module = f"course_plugins.{name}"
    if module not in sys.modules:
        source = (REPO / "worker_plugins" / f"{name}.py").read_text(encoding="utf-8")
        plugins.install([{"name": name, "source": source}])
    return sys.modules[module]


class ActiveContent(HTMLParser):
    """Every element or attribute of a page that could run code or load something from elsewhere."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "form", "base", "link"):
            self.found.append(tag)
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or value.startswith(("javascript:", "http:", "https:", "//")) and \
                    name in ("src", "href", "action", "srcset", "xlink:href"):
                self.found.append(f"{tag} {name}={value}")


def active_content(page: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(page)
    return parser.found
